import React, { useState } from 'react';
import { Modal, Stack, Text } from '@grafana/ui';
import { resumeInvocation, type DeploymentChoice } from '../../api/invocations';
import { ChoiceDialogButtons, ChoiceOutcome, useChoiceRun } from './ChoiceDialog';
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
  const canChoose = !!target.pinnedDeployment;
  const incomplete = deployment.kind === 'id' && !deployment.id;

  const choice = useChoiceRun(clusterUid, () =>
    resumeInvocation(clusterUid, target.id, {
      // Without a pinned deployment Restate refuses any choice; "keep" is what it does by default.
      deployment: canChoose && deployment.kind !== 'keep' ? deployment : undefined,
    })
  );

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
        <ChoiceOutcome result={choice.result} successTitle="Resumed" refusedTitle="Restate refused to resume it">
          {deployment.kind === 'keep'
            ? 'Restate runs it again on its deployment.'
            : 'Restate runs it again on the chosen deployment.'}
        </ChoiceOutcome>
      </Stack>
      <ChoiceDialogButtons
        choice={choice}
        ready={!incomplete}
        runLabel="Resume"
        runningLabel="Resuming…"
        onClose={onClose}
      />
    </Modal>
  );
}
