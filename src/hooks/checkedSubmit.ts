import { useState } from 'react';

/**
 * A form's send: `submit(invalid, work)` marks the form submitted (so every field's problem shows), sends nothing
 * while it is invalid or already sending, and keeps the error of the last try for the form to explain.
 */
export function useCheckedSubmit() {
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (invalid: boolean, work: () => Promise<void>) => {
    setSubmitted(true);
    if (invalid || busy) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { submitted, busy, error, setError, submit };
}
