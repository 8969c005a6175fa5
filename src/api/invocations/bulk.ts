import type { ActionResult, InvocationAction } from './actions';

/**
 * The bulk runner: one action over a fixed set of invocation ids, a few requests at a time, waiting out
 * Restate's rate limits (429, Restate Cloud), stoppable, with one result per id. It knows nothing about
 * HTTP: `run` sends one action (runAction in production, a controlled fake in tests) and never throws
 * for Restate's answers.
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
  stopping: boolean;
  finished: boolean;
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

  const queue = [...unique];
  const results = new Map<string, ActionResult>();
  const tries = new Map<string, number>();
  const abort = new AbortController();
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
      const id = queue.shift()!;
      await sendOne(id);
    }
  };

  const donePromise = Promise.all(
    Array.from({ length: Math.min(concurrency, Math.max(1, queue.length)) }, worker)
  ).then((): BulkOutcome => {
    finished = true;
    waitingUntil = undefined;
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
