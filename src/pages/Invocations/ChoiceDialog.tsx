import React, { useState } from 'react';
import { Alert, Button, Modal } from '@grafana/ui';
import type { ActionResult } from '../../api/invocations';
import { useInvalidate } from '../../hooks/resources/keys';

export type ChoicePhase = 'choose' | 'running' | 'done';

/**
 * A dialog that sends one choice to Restate (restart, resume): choosing, then running `send`, then done with
 * Restate's answer; the invocation lists and pages refetch after it, and `retry` goes back to choosing.
 */
export function useChoiceRun(clusterUid: string, send: () => Promise<ActionResult>) {
  const [phase, setPhase] = useState<ChoicePhase>('choose');
  const [result, setResult] = useState<ActionResult | undefined>();
  const invalidate = useInvalidate(clusterUid);
  const run = async () => {
    setPhase('running');
    setResult(await send());
    setPhase('done');
    void invalidate('invocations', 'invocation');
  };
  return { phase, result, run, retry: () => setPhase('choose') };
}

export type ChoiceRun = ReturnType<typeof useChoiceRun>;

/** Restate's answer: `children` under `successTitle` when it accepted, its reason under `refusedTitle` when not. */
export function ChoiceOutcome({
  result,
  successTitle,
  refusedTitle,
  children,
}: {
  result: ActionResult | undefined;
  successTitle: string;
  refusedTitle: string;
  children: React.ReactNode;
}) {
  if (!result) {
    return null;
  }
  return result.ok ? (
    <Alert severity="success" title={successTitle}>
      {children}
    </Alert>
  ) : (
    <Alert severity="error" title={refusedTitle}>
      {result.error}
    </Alert>
  );
}

/**
 * The buttons: Back/Close, the action while choosing (enabled when `ready`), and "Change and retry" after Restate
 * refused it.
 */
export function ChoiceDialogButtons({
  choice: { phase, result, run, retry },
  ready,
  runLabel,
  runningLabel,
  onClose,
}: {
  choice: ChoiceRun;
  ready: boolean;
  runLabel: string;
  runningLabel: string;
  onClose: () => void;
}) {
  return (
    <Modal.ButtonRow>
      <Button variant="secondary" onClick={onClose} disabled={phase === 'running'}>
        {phase === 'done' ? 'Close' : 'Back'}
      </Button>
      {phase !== 'done' && (
        <Button onClick={run} disabled={phase !== 'choose' || !ready}>
          {phase === 'running' ? runningLabel : runLabel}
        </Button>
      )}
      {phase === 'done' && result?.ok === false && (
        <Button onClick={retry} variant="primary">
          Change and retry
        </Button>
      )}
    </Modal.ButtonRow>
  );
}
