import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, ConfirmModal, Icon, Modal, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import {
  ACTIONS,
  INVOCATION_ACTIONS,
  actionApplies,
  runBulkAction,
  STATUS_LABELS,
  displayStatus,
  type ActionResult,
  type InvocationAction,
} from '../../api/invocations';
import { useInvalidate } from '../../hooks/resources/keys';
import { ActionButton, type ActionTarget } from './ActionButton';

/**
 * A button per action for the selected rows (loaded with the dialog once a row is selected: the list's first paint
 * needs neither).
 */
export function ActionButtons({
  canOperate,
  operateReason,
  onClick,
}: {
  canOperate: boolean;
  operateReason?: string;
  onClick: (action: InvocationAction) => void;
}) {
  return (
    <>
      {INVOCATION_ACTIONS.map((a) => (
        <ActionButton
          key={a}
          action={a}
          canOperate={canOperate}
          operateReason={operateReason}
          onClick={() => onClick(a)}
        />
      ))}
    </>
  );
}

interface Props {
  clusterUid: string;
  action: InvocationAction;
  targets: ActionTarget[];
  /** Link to an invocation's detail page (for restart-as-new's new id). */
  detailHref: (id: string) => string;
  onClose: () => void;
  /** Called once the action ran (whatever the outcome), so the page can refresh. */
  /** After the actions ran (what they change on screen refetches by itself). */
  onDone?: (results: ActionResult[]) => void;
}

/**
 * Confirms an action on one or many invocations, saying what it does; then runs it and shows the
 * result per invocation. Invocations whose status cannot take the action are not sent (Restate would
 * refuse them) but listed, so nothing is skipped silently.
 */
export function ActionDialog({ clusterUid, action, targets, detailHref, onClose, onDone }: Props) {
  const styles = useStyles2(getStyles);
  const info = ACTIONS[action];
  const applicable = targets.filter((t) => actionApplies(action, t.status, t.completionResult));
  const skipped = targets.filter((t) => !actionApplies(action, t.status, t.completionResult));
  const [phase, setPhase] = useState<'confirm' | 'running' | 'done'>('confirm');
  const [results, setResults] = useState<ActionResult[]>([]);
  const invalidate = useInvalidate(clusterUid);

  const run = async () => {
    setPhase('running');
    const done: ActionResult[] = [];
    const all = await runBulkAction(
      clusterUid,
      applicable.map((t) => t.id),
      action,
      {
        onResult: (r) => {
          done.push(r);
          setResults([...done]);
        },
      }
    );
    setResults(all);
    setPhase('done');
    // The lists, counts and details on screen show the change by themselves.
    void invalidate('invocations', 'invocation');
    onDone?.(all);
  };

  const what =
    targets.length === 1
      ? 'this invocation'
      : applicable.length === 1
        ? '1 invocation'
        : `${applicable.length} invocations`;
  const confirmText =
    applicable.length === 0
      ? 'Nothing to do'
      : `${info.label} ${applicable.length === 1 ? 'invocation' : `${applicable.length} invocations`}`;

  if (phase === 'confirm') {
    return (
      <ConfirmModal
        isOpen
        title={`${info.label} ${what}?`}
        body={
          <Stack direction="column" gap={1}>
            <Text>{info.description}</Text>
            {skipped.length > 0 && (
              <div className={styles.skipped}>
                <Text color="warning">
                  {skipped.length === targets.length
                    ? `${info.label} does not apply to ${targets.length === 1 ? 'this invocation' : 'any of the selected invocations'}: `
                    : `${skipped.length} of the ${targets.length} selected will not be sent: `}
                  it applies to{' '}
                  {info.appliesTo.map((s) => (STATUS_LABELS as Record<string, string>)[s]?.toLowerCase()).join(', ')}{' '}
                  invocations only.
                </Text>
                <ul className={styles.list}>
                  {skipped.slice(0, 10).map((t) => (
                    <li key={t.id}>
                      <code>{t.id}</code> (
                      {(STATUS_LABELS as Record<string, string>)[displayStatus(t.status, t.completionResult)] ??
                        t.status}
                      )
                    </li>
                  ))}
                  {skipped.length > 10 && <li>… and {skipped.length - 10} more</li>}
                </ul>
              </div>
            )}
          </Stack>
        }
        confirmText={confirmText}
        confirmVariant={info.destructive ? 'destructive' : 'primary'}
        dismissText="Back"
        disabled={applicable.length === 0}
        onConfirm={run}
        onDismiss={onClose}
      />
    );
  }

  const failed = results.filter((r) => !r.ok);
  return (
    <Modal title={`${info.label}: ${phase === 'running' ? 'in progress' : 'done'}`} isOpen onDismiss={onClose}>
      <Stack direction="column" gap={1}>
        <Text>
          {phase === 'running'
            ? `${results.length} of ${applicable.length} done…`
            : failed.length === 0
              ? `${info.label}: ${results.length === 1 ? 'done' : `all ${results.length} done`}.`
              : `${results.length - failed.length} of ${results.length} done, ${failed.length} refused.`}
        </Text>
        <ul className={styles.list} aria-label="Results">
          {results.map((r) => (
            <li key={r.id} className={styles.result}>
              <Icon name={r.ok ? 'check' : 'exclamation-triangle'} className={r.ok ? styles.ok : styles.bad} />
              <code>{r.id}</code>{' '}
              {r.ok ? (
                r.newInvocationId ? (
                  <span>
                    restarted as{' '}
                    <TextLink href={detailHref(r.newInvocationId)} inline>
                      {r.newInvocationId}
                    </TextLink>
                  </span>
                ) : (
                  <span>done</span>
                )
              ) : (
                <span>{r.error}</span>
              )}
            </li>
          ))}
        </ul>
      </Stack>
      <Modal.ButtonRow>
        <Button variant="secondary" onClick={onClose} disabled={phase === 'running'}>
          Close
        </Button>
      </Modal.ButtonRow>
    </Modal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ margin: 0, paddingLeft: theme.spacing(2), maxHeight: 320, overflowY: 'auto' }),
  skipped: css({ marginTop: theme.spacing(1) }),
  result: css({
    listStyle: 'none',
    marginLeft: theme.spacing(-2),
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'baseline',
    flexWrap: 'wrap',
  }),
  ok: css({ color: theme.colors.success.text }),
  bad: css({ color: theme.colors.error.text }),
});
