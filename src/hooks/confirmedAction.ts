import { useCallback, useState } from 'react';

/**
 * A destructive action on one row, asked for and then confirmed: `ask(row)` opens the confirmation (clearing the
 * last notice and error), `modal` is what a `ConfirmModal` needs (open while a row is asked for, disabled while the
 * action runs), and the action's words of success become `notice`, its failure `error`. `notice` is settable so the
 * page's other flows (create, edit) report in the same place.
 */
export function useConfirmedAction<T>(run: (target: T) => Promise<string>) {
  const [target, setTarget] = useState<T>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  // Stable, so a memoized table's cells can call it.
  const ask = useCallback((row: T) => {
    setNotice(undefined);
    setError(undefined);
    setTarget(row);
  }, []);
  const confirm = async () => {
    if (target === undefined || busy) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setNotice(await run(target));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setTarget(undefined);
    }
  };

  return {
    target,
    ask,
    error,
    clearError: () => setError(undefined),
    notice,
    setNotice,
    modal: {
      isOpen: target !== undefined,
      disabled: busy,
      onConfirm: confirm,
      onDismiss: () => setTarget(undefined),
    },
  };
}
