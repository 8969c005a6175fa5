import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, LoadingPlaceholder, Modal, Stack, Text, useStyles2 } from '@grafana/ui';
import { endpointLabel } from '../../api/deployments';
import { listDrained, pruneDeployments, type FleetItem, type PruneAnswer } from '../../api/fleet';
import { usePermissions } from '../../hooks/roles';
import { DEPLOYMENT_RESOURCES, useInvalidate } from '../../hooks/resources/keys';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';

const PRUNE_BATCH = 25;

type Phase =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'listed'; items: FleetItem[]; more: number }
  | { kind: 'pruning'; items: FleetItem[]; done: number }
  | { kind: 'done'; answer: PruneAnswer & { error?: unknown } }
  | { kind: 'failed'; error: unknown; items?: FleetItem[] };

/**
 * "Prune drained": lists every drained deployment (no service's latest revision, no unfinished invocation
 * pinned), read afresh when the dialog opens, and removes exactly those after the user confirms. The backend
 * checks each again before removing it and reports, per deployment, what happened.
 */
export function PruneDrained({ clusterUid, drained }: { clusterUid: string; drained?: number }) {
  const styles = useStyles2(getStyles);
  const { canDeploy, deployReason } = usePermissions();
  const invalidate = useInvalidate(clusterUid);
  const [phase, setPhase] = useState<Phase>({ kind: 'closed' });

  const open = async () => {
    setPhase({ kind: 'loading' });
    try {
      const page = await listDrained(clusterUid);
      setPhase({ kind: 'listed', items: page.items, more: Math.max(0, page.matched - page.items.length) });
    } catch (error) {
      setPhase({ kind: 'failed', error });
    }
  };
  // In batches, so progress shows and no single request runs for minutes (Restate removes one at a time, each
  // slower the more deployments it holds).
  const prune = async (items: FleetItem[]) => {
    const answer: PruneAnswer = { results: [], removed: 0, failed: 0 };
    setPhase({ kind: 'pruning', items, done: 0 });
    try {
      for (let i = 0; i < items.length; i += PRUNE_BATCH) {
        const part = await pruneDeployments(
          clusterUid,
          items.slice(i, i + PRUNE_BATCH).map((it) => it.deployment.id)
        );
        answer.results.push(...part.results);
        answer.removed += part.removed;
        answer.failed += part.failed;
        setPhase({ kind: 'pruning', items, done: answer.results.length });
      }
      setPhase({ kind: 'done', answer });
    } catch (error) {
      setPhase(
        answer.results.length
          ? { kind: 'done', answer: { ...answer, error } }
          : { kind: 'failed', error, items }
      );
    } finally {
      void invalidate(...DEPLOYMENT_RESOURCES);
    }
  };
  const close = () => setPhase({ kind: 'closed' });

  const title =
    phase.kind === 'done'
      ? 'Prune finished'
      : phase.kind === 'listed' || phase.kind === 'pruning'
        ? `Remove ${phase.items.length} drained deployment${phase.items.length === 1 ? '' : 's'}?`
        : 'Prune drained deployments';

  return (
    <>
      <WhyDisabled reason={deployReason}>
        <Button
          variant="destructive"
          fill="outline"
          icon="trash-alt"
          disabled={!canDeploy || drained === 0}
          tooltip={drained === 0 ? 'No deployment is drained.' : undefined}
          onClick={open}
        >
          Prune drained{drained !== undefined ? ` (${drained})` : ''}
        </Button>
      </WhyDisabled>
      <Modal title={title} isOpen={phase.kind !== 'closed'} onDismiss={close} className={styles.modal}>
        {phase.kind === 'loading' && <LoadingPlaceholder text="Finding drained deployments…" />}
        {phase.kind === 'failed' && (
          <ErrorExplanation error={phase.error} context={phase.items ? 'remove' : 'load'} />
        )}
        {(phase.kind === 'listed' || phase.kind === 'pruning') &&
          (phase.items.length === 0 ? (
            <Text element="p">No deployment is drained now: nothing to remove.</Text>
          ) : (
            <Stack direction="column" gap={1}>
              <Text element="p">
                These deployments serve no service’s latest revision and have no unfinished invocation pinned to
                them, so removing them breaks nothing. Removal is forced (Restate’s only mode) and cannot be undone.
                Each is checked again right before it is removed; one that gained a use meanwhile is kept.
              </Text>
              <ul className={styles.list} aria-label="Drained deployments to remove">
                {phase.items.map((i) => (
                  <li key={i.deployment.id}>
                    <code>{i.deployment.id}</code> <Text color="secondary">{endpointLabel(i.deployment)}</Text>
                  </li>
                ))}
              </ul>
              {phase.kind === 'listed' && phase.more > 0 && (
                <Alert severity="info" title={`${phase.more} more are drained`}>
                  One prune removes at most {phase.items.length}; prune again for the rest.
                </Alert>
              )}
            </Stack>
          ))}
        {phase.kind === 'done' && <PruneReport answer={phase.answer} />}
        <Modal.ButtonRow>
          <Button variant="secondary" onClick={close}>
            {phase.kind === 'done' ? 'Close' : 'Cancel'}
          </Button>
          {(phase.kind === 'listed' || phase.kind === 'pruning') && phase.items.length > 0 && (
            <Button
              variant="destructive"
              icon={phase.kind === 'pruning' ? 'spinner' : 'trash-alt'}
              disabled={phase.kind === 'pruning'}
              onClick={() => prune(phase.items)}
            >
              {phase.kind === 'pruning'
                ? `Removing… ${phase.done} of ${phase.items.length}`
                : `Remove ${phase.items.length} (forced)`}
            </Button>
          )}
        </Modal.ButtonRow>
      </Modal>
    </>
  );
}

function PruneReport({ answer }: { answer: PruneAnswer & { error?: unknown } }) {
  const styles = useStyles2(getStyles);
  const failed = answer.results.filter((r) => !r.removed);
  return (
    <Stack direction="column" gap={1}>
      {answer.error !== undefined && <ErrorExplanation error={answer.error} context="remove" />}
      <Alert severity={failed.length ? 'warning' : 'success'} title={`Removed ${answer.removed} of ${answer.results.length}`}>
        {failed.length ? `${failed.length} not removed; why, for each:` : 'Every listed deployment was removed.'}
      </Alert>
      {failed.length > 0 && (
        <ul className={styles.list} aria-label="Deployments not removed">
          {failed.map((r) => (
            <li key={r.id}>
              <code>{r.id}</code>: {r.message}
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  modal: css({ width: 760, maxWidth: '95vw' }),
  list: css({
    maxHeight: 320,
    overflowY: 'auto',
    margin: 0,
    padding: theme.spacing(1, 1, 1, 3),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
