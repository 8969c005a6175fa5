import { useCallback, useEffect, useRef, useState } from 'react';
import {
  runAction,
  startBulk,
  type ActionResult,
  type BulkProgress,
  type BulkRun,
  type InvocationAction,
} from '../../api/invocations';
import { useInvalidate } from '../../hooks/resources/keys';

export interface BulkRunState {
  /** The fixed set (resolved before the confirmation). */
  ids: string[];
  /** The latest result per id, over every run (a retry replaces a failure's result). */
  results: Map<string, ActionResult>;
  /** Progress of the run in progress or of the last one. */
  progress?: BulkProgress;
  running: boolean;
  /** The last run was stopped before it sent everything. */
  stopped: boolean;
  /** How many ids the last run was started with (all, the failures, or the ones not sent). */
  lastRunSize: number;
}

/** Runs `action` over a fixed id set with the bulk runner, keeps every result, and refreshes what is on screen. */
export function useBulkRun(clusterUid: string, action: InvocationAction, ids: string[]) {
  const invalidate = useInvalidate(clusterUid);
  const [state, setState] = useState<BulkRunState>({
    ids,
    results: new Map(),
    running: false,
    stopped: false,
    lastRunSize: 0,
  });
  const current = useRef<BulkRun | undefined>(undefined);
  /** The latest result per id, for the next run to know which ids were sent without an answer. */
  const latestResults = useRef(new Map<string, ActionResult>());

  // Leaving the page stops sending (requests in flight still finish on the server).
  useEffect(() => () => current.current?.stop(), []);

  const start = useCallback(
    (subset: string[]) => {
      if (current.current && !current.current.progress().finished) {
        return;
      }
      setState((s) => ({ ...s, running: true, stopped: false, lastRunSize: subset.length, progress: undefined }));
      // Ids an earlier run sent while Restate was away, without an answer: "already done" counts as done for them.
      const inDoubt = subset.filter((id) => latestResults.current.get(id)?.unreachable);
      const run = startBulk(subset, action, (id) => runAction(clusterUid, id, action), {
        inDoubt,
        onProgress: (progress, latest) => {
          if (latest) {
            latestResults.current.set(latest.id, latest);
          }
          setState((s) => {
            const results = latest ? new Map(s.results).set(latest.id, latest) : s.results;
            return { ...s, progress, results };
          });
        },
      });
      current.current = run;
      void run.done.then((outcome) => {
        setState((s) => ({ ...s, running: false, stopped: outcome.stopped, progress: run.progress() }));
        // The list, the counts and any open detail refetch by themselves.
        void invalidate('invocations', 'invocation');
      });
    },
    [action, clusterUid, invalidate]
  );

  const stop = useCallback(() => current.current?.stop(), []);

  const failed = [...state.results.values()].filter((r) => !r.ok);
  const succeeded = state.results.size - failed.length;
  const notSent = state.ids.filter((id) => !state.results.has(id));
  return { state, start, stop, failed, succeeded, notSent };
}
