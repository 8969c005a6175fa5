import type { ActionResult, InvocationAction } from './actions';
import { runAction } from './runAction';

/**
 * The bulk runner: one action over a fixed set of invocation ids, a few requests at a time, waiting out
 * Restate's rate limits (429, Restate Cloud), stoppable, with one result per id. It knows nothing about
 * HTTP: `run` sends one action (runAction in production, a controlled fake in tests) and never throws
 * for Restate's answers. (`runBulkAction`, at the end, is the runner with runAction; it lives here rather than in
 * actions.ts so that a page showing the actions' names does not download the runner.)
 *
 * Restate (or Grafana) going away mid-run is an outage, not a failure: a request answered `unreachable`
 * (502/504 from Grafana's proxy, no Grafana, 503 from a Restate that is starting) goes back to the front of
 * the queue, every worker waits (1 s doubling to 15 s), then one request probes; once Restate answers, the
 * run goes on with the ids not done yet. Such an id is "in doubt": Restate may have applied the action
 * and lost only its answer. When it is sent again, the answer that means "already done" (measured on
 * restate-server 1.7.12: a repeated cancel or kill of what has completed answers 409, a repeated purge 404;
 * pause, resume and purge-journal answer 200 again) counts as done, so nothing is done twice and nothing is
 * skipped. A restart-as-new is not idempotent (each one starts a new invocation), so an in-doubt one is not
 * sent again: it is reported as unknown, for the user to check.
 */

export interface BulkProgress {
  total: number;
  /** Succeeded. */
  done: number;
  failed: number;
  inFlight: number;
  /** Not sent yet (after a stop: never sent). */
  left: number;
  /** Epoch ms until which nothing is sent because Restate rate-limited us; undefined when not waiting. */
  waitingUntil?: number;
  /** 429s answered so far (each one was re-queued, not counted as a failure). */
  rateLimited: number;
  /** Restate (or Grafana) cannot be reached right now: nothing is counted as failed, the run waits and probes. */
  outage?: BulkOutage;
  /** Outages the run has waited out so far. */
  outagesSurvived: number;
  /** Ids sent again because Restate went away before answering them. */
  resent: number;
  stopping: boolean;
  finished: boolean;
}

export interface BulkOutage {
  /** Epoch ms of the first request that found Restate unreachable. */
  since: number;
  /** Requests answered "unreachable" in this outage. */
  tries: number;
  /** What the last one said (in words). */
  error?: string;
  /** Requests waiting to be sent again because their answer was lost. */
  inDoubt: number;
}

export interface BulkOutcome {
  /** One per id that was sent, in the order of the ids. */
  results: ActionResult[];
  failed: ActionResult[];
  /** Ids never sent because the run was stopped. */
  notSent: string[];
  stopped: boolean;
}

export interface BulkOptions {
  /** Requests in flight at most (default 4). */
  concurrency?: number;
  /** Back-off after a 429 without Retry-After: `initialMs`, doubling per 429 in a row, at most `maxMs`. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** 429s for the same id before it counts as failed (default 8). */
  maxRateLimitRetries?: number;
  /** Waiting while Restate is unreachable: `initialMs` (default 1 s), doubling per try, at most `maxMs` (15 s). */
  outageBackoff?: { initialMs?: number; maxMs?: number };
  /**
   * Ids sent before whose answer was lost (an earlier run stopped during an outage): their "already done"
   * answer counts as done.
   */
  inDoubt?: Iterable<string>;
  /** After every change: the progress, and the final result of an id when that is what changed. */
  onProgress?: (p: BulkProgress, latest?: ActionResult) => void;
  /** Waits `ms`, resolving early when `signal` aborts (default: setTimeout). */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

export interface BulkRun {
  /** Resolves when every request sent has been answered (after a stop: the in-flight ones). */
  done: Promise<BulkOutcome>;
  /** Sends nothing more; requests in flight finish and are reported. */
  stop(): void;
  progress(): BulkProgress;
}

export const DEFAULT_BULK_CONCURRENCY = 4;

export function defaultWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

function isRateLimited(r: ActionResult): boolean {
  return r.status === 429;
}

/** Restate's answer to a repeated action that means the first one was applied (measured on restate-server 1.7.12). */
export function meansAlreadyApplied(action: InvocationAction, status: number | undefined): boolean {
  switch (action) {
    case 'cancel':
    case 'kill':
      return status === 409; // "The invocation … was already completed."
    case 'purge':
      return status === 404; // "The requested invocation … does not exist"
    default:
      return false; // pause, resume, purge-journal answer 200 again; restart-as-new is never re-sent
  }
}

export const APPLIED_BEFORE_OUTAGE =
  'Done: Restate had already applied it; its first answer was lost while Restate was unreachable.';
export const RESTART_IN_DOUBT =
  'Unknown: Restate went away before answering, so it may have started the new invocation. Look for a new invocation of the same handler before restarting this one again.';
export const STOPPED_IN_DOUBT =
  'No answer: Restate was unreachable when it was sent and the run was stopped before it could be sent again. Retry it: if Restate had applied it, the retry says so and counts it as done.';

/** Starts the run at once; duplicate ids are sent once. */
export function startBulk(
  ids: readonly string[],
  action: InvocationAction,
  run: (id: string) => Promise<ActionResult>,
  opts: BulkOptions = {}
): BulkRun {
  const unique = Array.from(new Set(ids));
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_BULK_CONCURRENCY));
  const initialMs = opts.backoff?.initialMs ?? 1000;
  const maxMs = opts.backoff?.maxMs ?? 30_000;
  const maxRetries = opts.maxRateLimitRetries ?? 8;
  const wait = opts.wait ?? defaultWait;
  const now = opts.now ?? Date.now;
  const outageInitialMs = opts.outageBackoff?.initialMs ?? 1000;
  const outageMaxMs = opts.outageBackoff?.maxMs ?? 15_000;

  const queue = [...unique];
  const results = new Map<string, ActionResult>();
  const tries = new Map<string, number>();
  const inDoubt = new Set<string>(opts.inDoubt ?? []);
  const abort = new AbortController();
  let outage: BulkOutage | undefined;
  let outagesSurvived = 0;
  let resent = 0;
  /** While Restate is unreachable, one request at a time finds out whether it is back. */
  let probe: Promise<void> | undefined;
  let inFlight = 0;
  let done = 0;
  let failed = 0;
  let rateLimited = 0;
  let inARow = 0;
  let waitingUntil: number | undefined;
  let stopping = false;
  let finished = false;

  const progress = (): BulkProgress => ({
    total: unique.length,
    done,
    failed,
    inFlight,
    left: queue.length,
    waitingUntil,
    rateLimited,
    outage: outage && { ...outage, inDoubt: queue.filter((id) => inDoubt.has(id)).length },
    outagesSurvived,
    resent,
    stopping,
    finished,
  });
  const report = (latest?: ActionResult) => opts.onProgress?.(progress(), latest);

  const record = (r: ActionResult) => {
    results.set(r.id, r);
    if (r.ok) {
      done++;
    } else {
      failed++;
    }
  };

  const sendOne = async (id: string) => {
    inFlight++;
    report();
    let r: ActionResult;
    try {
      r = await run(id);
    } catch (e) {
      r = { id, action, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    inFlight--;
    if (r.unreachable) {
      // No answer about this id: Restate may or may not have applied it. Wait for Restate, then send it again.
      outage ??= { since: now(), tries: 0, inDoubt: 0 };
      outage.tries++;
      outage.error = r.error;
      const delay = Math.min(outageMaxMs, outageInitialMs * 2 ** Math.min(outage.tries - 1, 30));
      waitingUntil = Math.max(waitingUntil ?? 0, now() + delay);
      if (action === 'restart-as-new') {
        record({ ...r, error: RESTART_IN_DOUBT });
        report(results.get(id));
        return;
      }
      if (!inDoubt.has(id)) {
        inDoubt.add(id);
        resent++;
      }
      queue.unshift(id);
      report();
      return;
    }
    if (outage) {
      outage = undefined;
      outagesSurvived++;
    }
    if (inDoubt.has(id) && !r.ok && meansAlreadyApplied(action, r.status)) {
      r = { ...r, ok: true, error: undefined, note: APPLIED_BEFORE_OUTAGE };
    }
    if (isRateLimited(r)) {
      rateLimited++;
      inARow++;
      const n = (tries.get(id) ?? 0) + 1;
      tries.set(id, n);
      if (n > maxRetries) {
        record({
          ...r,
          error: `Still rate-limited after ${n} tries: ${r.error ?? 'Restate answered 429'}. Retry later.`,
        });
        report(results.get(id));
        return;
      }
      // Everyone waits: the limit is the cluster's, not this id's. Retry-After when Restate said it.
      const delay =
        r.retryAfterSeconds !== undefined
          ? r.retryAfterSeconds * 1000
          : Math.min(maxMs, initialMs * 2 ** Math.min(inARow - 1, 30));
      waitingUntil = Math.max(waitingUntil ?? 0, now() + delay);
      queue.unshift(id);
      report();
      return;
    }
    inARow = 0;
    record(r);
    report(r);
  };

  const worker = async () => {
    // Start after startBulk returned, so that the caller holds the run (and may stop it) before the first send.
    await Promise.resolve();
    while (!stopping && queue.length > 0) {
      if (waitingUntil !== undefined) {
        const ms = waitingUntil - now();
        if (ms > 0) {
          await wait(ms, abort.signal);
          continue;
        }
        waitingUntil = undefined;
        report();
      }
      if (probe) {
        await Promise.race([probe, new Promise((resolve) => abort.signal.addEventListener('abort', resolve, { once: true }))]);
        continue;
      }
      const id = queue.shift()!;
      if (outage) {
        probe = sendOne(id).finally(() => (probe = undefined));
        await probe;
        continue;
      }
      await sendOne(id);
    }
  };

  const donePromise = Promise.all(
    Array.from({ length: Math.min(concurrency, Math.max(1, queue.length)) }, worker)
  ).then((): BulkOutcome => {
    finished = true;
    waitingUntil = undefined;
    outage = undefined;
    // Stopped while Restate was away: the ids whose answer was lost are not "not sent"; say what is known.
    for (const id of queue) {
      if (inDoubt.has(id) && !results.has(id)) {
        record({ id, action, ok: false, unreachable: true, error: STOPPED_IN_DOUBT });
      }
    }
    const sent = unique.filter((id) => results.has(id)).map((id) => results.get(id)!);
    const outcome: BulkOutcome = {
      results: sent,
      failed: sent.filter((r) => !r.ok),
      notSent: unique.filter((id) => !results.has(id)),
      stopped: stopping,
    };
    report();
    return outcome;
  });

  return {
    done: donePromise,
    stop() {
      if (!stopping && !finished) {
        stopping = true;
        abort.abort();
        report();
      }
    },
    progress,
  };
}

/**
 * Runs an action on many invocations, a few at a time (Restate Cloud rate-limits; one request per
 * invocation is the API), waiting out 429s (startBulk). Results come back in the order of `ids`; `onResult`
 * reports progress.
 */
export async function runBulkAction(
  clusterUid: string,
  ids: string[],
  action: InvocationAction,
  { concurrency = 4, onResult }: { concurrency?: number; onResult?: (r: ActionResult) => void } = {}
): Promise<ActionResult[]> {
  const run = startBulk(ids, action, (id) => runAction(clusterUid, id, action), {
    concurrency,
    onProgress: (_p, latest) => latest && onResult?.(latest),
  });
  return (await run.done).results;
}
