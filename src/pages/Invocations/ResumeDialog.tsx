import React, { useState } from 'react';
import { ChoiceDialogButtons, type ChoicePhase } from './ChoiceDialogButtons';
import { Alert, Modal, Stack, Text } from '@grafana/ui';
import { resumeInvocation, type ActionResult, type DeploymentChoice } from '../../api/invocations';
import { useInvalidate } from '../../hooks/resources';
import { DeploymentPicker } from './DeploymentPicker';

/**
 * Resume a paused or suspended invocation, on the deployment it is pinned to or on another one (e.g. the fixed
 * version of the code). Restate allows the change only while it is paused or suspended and already pinned.
 */
export function ResumeDialog({
  clusterUid,
  target,
  onClose,
}: {
  clusterUid: string;
  target: { id: string; service: string; status: string; pinnedDeployment?: string };
  onClose: () => void;
}) {
  const [deployment, setDeployment] = useState<DeploymentChoice>({ kind: 'keep' });
  const [phase, setPhase] = useState<ChoicePhase>('choose');
  const [result, setResult] = useState<ActionResult | undefined>();
  const invalidate = useInvalidate(clusterUid);
  const canChoose = !!target.pinnedDeployment;
  const incomplete = deployment.kind === 'id' && !deployment.id;

  const run = async () => {
    setPhase('running');
    const r = await resumeInvocation(clusterUid, target.id, {
      // Without a pinned deployment Restate refuses any choice; "keep" is what it does by default.
      deployment: canChoose && deployment.kind !== 'keep' ? deployment : undefined,
    });
    setResult(r);
    setPhase('done');
    void invalidate('invocations', 'invocation');
  };

  return (
    <Modal title={`Resume this ${target.status} invocation`} isOpen onDismiss={onClose}>
      <Stack direction="column" gap={2}>
        <Text>
          {target.status === 'paused'
            ? 'It runs again from where it stopped: its journal is replayed and the handler continues.'
            : 'It runs again now instead of waiting for what it is suspended on.'}
        </Text>
        {canChoose ? (
          <DeploymentPicker
            clusterUid={clusterUid}
            service={target.service}
            pinned={target.pinnedDeployment}
            value={deployment}
            onChange={setDeployment}
            description="Resume on a newer deployment to run fixed code; its SDK must speak the invocation's protocol."
          />
        ) : (
          <Text color="secondary">
            It is not pinned to a deployment yet, so it runs on the latest one; the deployment cannot be chosen.
          </Text>
        )}
        {result &&
          (result.ok ? (
            <Alert severity="success" title="Resumed">
              {deployment.kind === 'keep'
                ? 'Restate runs it again on its deployment.'
                : 'Restate runs it again on the chosen deployment.'}
            </Alert>
          ) : (
            <Alert severity="error" title="Restate refused to resume it">
              {result.error}
            </Alert>
          ))}
      </Stack>
      <ChoiceDialogButtons
        phase={phase}
        failed={result?.ok === false}
        canRun={phase === 'choose' && !incomplete}
        runLabel="Resume"
        runningLabel="Resuming…"
        onClose={onClose}
        onRun={run}
        onRetry={() => setPhase('choose')}
      />
    </Modal>
  );
}
