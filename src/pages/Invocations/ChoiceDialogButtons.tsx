import React from 'react';
import { Button, Modal } from '@grafana/ui';

export type ChoicePhase = 'choose' | 'running' | 'done';

/**
 * The buttons of a dialog that sends one choice to Restate (restart, resume): Back/Close, the action while choosing,
 * and "Change and retry" after Restate refused it.
 */
export function ChoiceDialogButtons({
  phase,
  failed,
  canRun,
  runLabel,
  runningLabel,
  onClose,
  onRun,
  onRetry,
}: {
  phase: ChoicePhase;
  failed: boolean;
  canRun: boolean;
  runLabel: string;
  runningLabel: string;
  onClose: () => void;
  onRun: () => void;
  onRetry: () => void;
}) {
  return (
    <Modal.ButtonRow>
      <Button variant="secondary" onClick={onClose} disabled={phase === 'running'}>
        {phase === 'done' ? 'Close' : 'Back'}
      </Button>
      {phase !== 'done' && (
        <Button onClick={onRun} disabled={!canRun}>
          {phase === 'running' ? runningLabel : runLabel}
        </Button>
      )}
      {phase === 'done' && failed && (
        <Button onClick={onRetry} variant="primary">
          Change and retry
        </Button>
      )}
    </Modal.ButtonRow>
  );
}
