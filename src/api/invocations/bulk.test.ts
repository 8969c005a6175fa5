import { startBulk, type BulkProgress } from './bulk';
import type { ActionResult } from './actions';

/** An action whose every call waits until the test answers it. */
function controlled() {
  const calls: Array<{ id: string; answer: (r: Partial<ActionResult>) => Promise<void> }> = [];
  const run = (id: string) =>
    new Promise<ActionResult>((resolve) => {
      calls.push({
        id,
        answer: async (r) => {
          resolve({ id, action: 'cancel', ok: true, ...r });
          await flush();
        },
      });
    });
  return { calls, run };
}

/** Lets the runner's promise chains settle. */
async function flush() {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `inv_${String(i).padStart(12, '0')}`);

describe('startBulk', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps at most `concurrency` requests in flight and sends in the order of the ids', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(ids(5), 'cancel', run, { concurrency: 2 });
    await flush();
    expect(calls.map((c) => c.id)).toEqual(ids(2));
    expect(bulk.progress()).toMatchObject({ total: 5, inFlight: 2, left: 3, done: 0 });
    await calls[1].answer({});
    expect(calls.map((c) => c.id)).toEqual(ids(3));
    await calls[0].answer({ ok: false, status: 409, error: 'already completed' });
    await calls[2].answer({});
    await calls[3].answer({});
    await calls[4].answer({});
    const outcome = await bulk.done;
    expect(outcome.results.map((r) => r.id)).toEqual(ids(5));
    expect(outcome.failed).toEqual([expect.objectContaining({ id: ids(1)[0], status: 409 })]);
    expect(outcome).toMatchObject({ notSent: [], stopped: false });
    expect(bulk.progress()).toMatchObject({ done: 4, failed: 1, left: 0, inFlight: 0, finished: true });
  });

  it('sends a duplicate id once', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(['inv_a', 'inv_a', 'inv_b'], 'purge', run);
    await flush();
    expect(calls.map((c) => c.id)).toEqual(['inv_a', 'inv_b']);
    await calls[0].answer({});
    await calls[1].answer({});
    expect((await bulk.done).results).toHaveLength(2);
  });

  it('stops dispatching on stop; the requests in flight finish and are reported', async () => {
    const { calls, run } = controlled();
    const seen: BulkProgress[] = [];
    const bulk = startBulk(ids(10), 'kill', run, { concurrency: 3, onProgress: (p) => seen.push(p) });
    await flush();
    expect(calls).toHaveLength(3);
    bulk.stop();
    expect(bulk.progress()).toMatchObject({ stopping: true, inFlight: 3 });
    await calls[0].answer({});
    await calls[1].answer({ ok: false, status: 404, error: 'gone' });
    await calls[2].answer({});
    const outcome = await bulk.done;
    expect(calls).toHaveLength(3);
    expect(outcome.stopped).toBe(true);
    expect(outcome.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(outcome.notSent).toEqual(ids(10).slice(3));
    expect(seen.at(-1)).toMatchObject({ done: 2, failed: 1, left: 7, finished: true });
  });

  it('waits out a 429 for everyone, honouring Retry-After, and sends the refused id again', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(ids(3), 'cancel', run, { concurrency: 1 });
    await flush();
    await calls[0].answer({ ok: false, status: 429, retryAfterSeconds: 5, error: 'rate-limited' });
    expect(bulk.progress()).toMatchObject({ rateLimited: 1, done: 0, failed: 0, left: 3 });
    expect(bulk.progress().waitingUntil).toBe(Date.now() + 5000);
    jest.advanceTimersByTime(4999);
    await flush();
    expect(calls).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await flush();
    expect(calls.map((c) => c.id)).toEqual([ids(1)[0], ids(1)[0]]);
    expect(bulk.progress().waitingUntil).toBeUndefined();
    await calls[1].answer({});
    await calls[2].answer({});
    await calls[3].answer({});
    const outcome = await bulk.done;
    expect(outcome.failed).toEqual([]);
    expect(outcome.results.map((r) => r.id)).toEqual(ids(3));
  });

  it('backs off exponentially without Retry-After, up to the maximum, resetting after a success', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(ids(2), 'cancel', run, { concurrency: 1, backoff: { initialMs: 100, maxMs: 300 } });
    await flush();
    const limited = { ok: false, status: 429 } as const;
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await calls[i].answer(limited);
      waits.push(bulk.progress().waitingUntil! - Date.now());
      jest.advanceTimersByTime(waits[i]);
      await flush();
    }
    expect(waits).toEqual([100, 200, 300]);
    await calls[3].answer({});
    await calls[4].answer(limited);
    expect(bulk.progress().waitingUntil! - Date.now()).toBe(100);
    jest.advanceTimersByTime(100);
    await flush();
    await calls[5].answer({});
    expect((await bulk.done).failed).toEqual([]);
  });

  it('counts an id as failed after too many 429s', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(['inv_a'], 'pause', run, { maxRateLimitRetries: 2, backoff: { initialMs: 10 } });
    for (let i = 0; i < 3; i++) {
      await flush();
      await calls[i].answer({ ok: false, status: 429, error: 'Restate is rate-limiting requests.' });
      jest.advanceTimersByTime(1000);
    }
    const outcome = await bulk.done;
    expect(calls).toHaveLength(3);
    expect(outcome.failed).toEqual([
      expect.objectContaining({
        id: 'inv_a',
        status: 429,
        error: expect.stringMatching(/Still rate-limited after 3 tries/),
      }),
    ]);
  });

  it('stops while waiting out a rate limit, without waiting for it', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(ids(4), 'cancel', run, { concurrency: 1 });
    await flush();
    await calls[0].answer({ ok: false, status: 429, retryAfterSeconds: 60 });
    bulk.stop();
    const outcome = await bulk.done;
    expect(outcome).toMatchObject({ stopped: true, results: [], notSent: ids(4) });
  });

  it('reports a thrown error as that id’s failure', async () => {
    const bulk = startBulk(['inv_a', 'inv_b'], 'resume', async (id) => {
      if (id === 'inv_a') {
        throw new Error('boom');
      }
      return { id, action: 'resume', ok: true };
    });
    const outcome = await bulk.done;
    expect(outcome.failed).toEqual([{ id: 'inv_a', action: 'resume', ok: false, error: 'boom' }]);
    expect(outcome.results).toHaveLength(2);
  });

  it('finishes at once with nothing to do', async () => {
    const outcome = await startBulk([], 'cancel', jest.fn()).done;
    expect(outcome).toEqual({ results: [], failed: [], notSent: [], stopped: false });
  });
});
