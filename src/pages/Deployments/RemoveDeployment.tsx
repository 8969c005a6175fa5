import React, { useState } from 'react';
import { Button, ConfirmModal } from '@grafana/ui';
import {
  endpointLabel,
  removeDeployment,
  type DeploymentSummary,
  type ServiceRevisionUse,
} from '../../api/deployments';
import { usePermissions } from '../../hooks/roles';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { DEPLOYMENT_RESOURCES, useInvalidate } from '../../hooks/resources/keys';

interface Props {
  clusterUid: string;
  deployment: Pick<DeploymentSummary, 'id'> & Parameters<typeof endpointLabel>[0];
  /** Not-completed invocations pinned to it; undefined when the count could not be loaded. */
  pinned?: number;
  uses: ServiceRevisionUse[];
  /** After the removal (the lists on screen refetch by themselves). */
  onRemoved?: () => void;
  size?: 'sm' | 'md';
}

/**
 * Removes a deployment after a confirmation that shows what still depends on it. Restate only
 * supports forced removal, so the dialog says so; with pinned invocations the user must type the id.
 */
export function RemoveDeployment({ clusterUid, deployment, pinned, uses, onRemoved, size = 'md' }: Props) {
  const { canDeploy, deployReason } = usePermissions();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const invalidate = useInvalidate(clusterUid);
  const latestFor = uses.filter((u) => u.latest).map((u) => u.name);

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await removeDeployment(clusterUid, deployment.id);
      setOpen(false);
      void invalidate(...DEPLOYMENT_RESOURCES);
      onRemoved?.();
    } catch (e) {
      setError(e);
      setOpen(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <WhyDisabled reason={deployReason}>
        <Button
          variant="destructive"
          icon="trash-alt"
          size={size}
          fill={size === 'sm' ? 'text' : 'solid'}
          disabled={!canDeploy || busy}
          aria-label={`Remove deployment ${deployment.id}`}
          onClick={() => setOpen(true)}
        >
          Remove
        </Button>
      </WhyDisabled>
      {error !== undefined && <ErrorExplanation error={error} context="remove" onRemove={() => setError(undefined)} />}
      <ConfirmModal
        isOpen={open}
        title={`Remove deployment ${deployment.id}?`}
        body={
          <div>
            <p>
              <code>{endpointLabel(deployment)}</code>
            </p>
            <p>
              {pinned === undefined
                ? 'Could not count the invocations pinned to this deployment.'
                : pinned === 0
                  ? 'No unfinished invocations are pinned to this deployment.'
                  : `${pinned} unfinished invocation${pinned === 1 ? ' is' : 's are'} pinned to this deployment: they cannot continue anywhere else and will fail.`}
            </p>
            {latestFor.length > 0 && (
              <p>
                It serves the latest revision of {latestFor.join(', ')}: without another deployment for them, new
                invocations of {latestFor.length === 1 ? 'this service' : 'these services'} fail.
              </p>
            )}
            <p>
              Removal is forced: it is the only mode Restate supports (graceful removal is not implemented), and it
              cannot be undone.
            </p>
          </div>
        }
        confirmText="Remove (forced)"
        confirmationText={pinned ? deployment.id : undefined}
        disabled={busy}
        onConfirm={confirm}
        onDismiss={() => setOpen(false)}
      />
    </>
  );
}
