import { useState } from 'react';

export type SetupBusy = 'preview' | 'apply';

/**
 * The preview-then-apply flow of the app's set-up forms (logs and traces, alert rules): one plan at a time, one
 * request at a time, errors in words. A preview describes the form as it was: `stale()` drops it after an edit.
 */
export function useSetupFlow<Plan, Result>() {
  const [plan, setPlan] = useState<Plan>();
  const [busy, setBusy] = useState<SetupBusy>();
  const [error, setError] = useState<string>();
  const [applied, setApplied] = useState<Result>();

  const run = async (what: SetupBusy, work: () => Promise<void>) => {
    setBusy(what);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(undefined);
    }
  };

  const flow = {
    plan,
    busy,
    error,
    applied,
    clearError: () => setError(undefined),
    cancel: () => setPlan(undefined),
    stale: () => {
      setPlan(undefined);
      setApplied(undefined);
    },
    preview: (make: () => Promise<Plan>) =>
      run('preview', async () => {
        setApplied(undefined);
        setPlan(await make());
      }),
    /** Applies the current plan; `apply` returns what was done, shown until the next preview or edit. */
    apply: (apply: (plan: Plan) => Promise<Result>) => {
      const current = plan;
      if (current === undefined) {
        return Promise.resolve();
      }
      return run('apply', async () => {
        setApplied(await apply(current));
        setPlan(undefined);
      });
    },
  };
  return flow;
}

/** What the components that show a flow's outcome read of it. */
export type SetupFlowState<Plan, Result> = Pick<
  ReturnType<typeof useSetupFlow<Plan, Result>>,
  'plan' | 'busy' | 'error' | 'applied' | 'clearError' | 'cancel'
>;
