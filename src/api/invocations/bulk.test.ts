import { APPLIED_BEFORE_OUTAGE, RESTART_IN_DOUBT, STOPPED_IN_DOUBT, startBulk, type BulkProgress } from './bulk';
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

describe('startBulk across an outage (Restate or Grafana unreachable)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const down = { ok: false, status: 502, unreachable: true, error: 'Grafana could not reach Restate (502 Bad Gateway).' };

  it('counts nothing as failed, waits with a growing delay, probes with one request, then resumes the rest', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(ids(6), 'cancel', run, { concurrency: 3, outageBackoff: { initialMs: 100, maxMs: 250 } });
    await flush();
    await calls[0].answer({});
    // Restate goes away: the three in flight come back unreachable.
    await calls[1].answer(down);
    await calls[2].answer(down);
    await calls[3].answer(down);
    expect(bulk.progress()).toMatchObject({ done: 1, failed: 0, left: 5, inFlight: 0 });
    expect(bulk.progress().outage).toMatchObject({ tries: 3, inDoubt: 3, error: down.error });
    expect(bulk.progress().waitingUntil! - Date.now()).toBe(250); // 100, 200, 400 capped at 250
    expect(calls).toHaveLength(4);
    jest.advanceTimersByTime(250);
    await flush();
    // One probe, not three.
    expect(calls.map((c) => c.id).slice(4)).toEqual([ids(6)[3]]);
    await calls[4].answer(down);
    expect(bulk.progress().waitingUntil! - Date.now()).toBe(250);
    jest.advanceTimersByTime(250);
    await flush();
    expect(calls).toHaveLength(6);
    // Back: the probe's answer ends the outage and the other workers join in.
    await calls[5].answer({});
    expect(bulk.progress().outage).toBeUndefined();
    expect(bulk.progress().outagesSurvived).toBe(1);
    expect(calls.map((c) => c.id).slice(6)).toEqual([ids(6)[2], ids(6)[1], ids(6)[4]]);
    for (const c of calls.slice(6)) {
      await c.answer({});
    }
    await calls[9].answer({});
    const outcome = await bulk.done;
    expect(outcome).toMatchObject({ failed: [], notSent: [], stopped: false });
    expect(outcome.results.map((r) => r.id)).toEqual(ids(6));
    // Every id answered exactly once with a success; the unreachable ones were sent again, no other.
    const sentTimes = (id: string) => calls.filter((c) => c.id === id).length;
    expect(ids(6).map(sentTimes)).toEqual([1, 2, 2, 3, 1, 1]);
    expect(bulk.progress()).toMatchObject({ done: 6, resent: 3, outagesSurvived: 1 });
  });

  it('an id whose answer was lost counts as done when Restate says it is already done (409 cancel/kill, 404 purge)', async () => {
    for (const [action, status] of [
      ['cancel', 409],
      ['kill', 409],
      ['purge', 404],
    ] as const) {
      const { calls, run } = controlled();
      const bulk = startBulk(['inv_lost', 'inv_other'], action, run, { concurrency: 1 });
      await flush();
      await calls[0].answer(down);
      jest.advanceTimersByTime(1000);
      await flush();
      await calls[1].answer({ ok: false, status, error: 'already completed' });
      await calls[2].answer({ ok: false, status, error: 'already completed' });
      const outcome = await bulk.done;
      // Only the id in doubt is taken as done; the same answer for an id sent once is a failure.
      expect(outcome.results).toEqual([
        expect.objectContaining({ id: 'inv_lost', ok: true, note: APPLIED_BEFORE_OUTAGE }),
        expect.objectContaining({ id: 'inv_other', ok: false, status }),
      ]);
    }
  });

  it('does not send a restart-as-new again (it is not idempotent): its outcome is reported as unknown', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(['inv_a', 'inv_b'], 'restart-as-new', run, { concurrency: 1 });
    await flush();
    await calls[0].answer(down);
    jest.advanceTimersByTime(1000);
    await flush();
    await calls[1].answer({});
    const outcome = await bulk.done;
    expect(calls.map((c) => c.id)).toEqual(['inv_a', 'inv_b']);
    expect(outcome.failed).toEqual([expect.objectContaining({ id: 'inv_a', error: RESTART_IN_DOUBT })]);
  });

  it('stopped during an outage: the ids in doubt are reported as such, the rest as not sent; a retry knows them', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(ids(4), 'cancel', run, { concurrency: 1 });
    await flush();
    await calls[0].answer({});
    await calls[1].answer(down);
    bulk.stop();
    const outcome = await bulk.done;
    expect(outcome.failed).toEqual([
      expect.objectContaining({ id: ids(4)[1], unreachable: true, error: STOPPED_IN_DOUBT }),
    ]);
    expect(outcome.notSent).toEqual(ids(4).slice(2));

    const again = controlled();
    const retry = startBulk([ids(4)[1]], 'cancel', again.run, { inDoubt: [ids(4)[1]] });
    await flush();
    await again.calls[0].answer({ ok: false, status: 409 });
    expect((await retry.done).results).toEqual([expect.objectContaining({ ok: true, note: APPLIED_BEFORE_OUTAGE })]);
  });

  it('waits without limit while Restate is away, and stops at once when asked', async () => {
    const { calls, run } = controlled();
    const bulk = startBulk(['inv_a'], 'pause', run, { outageBackoff: { initialMs: 1000, maxMs: 15_000 } });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      await flush();
      await calls[i].answer(down);
      waits.push(bulk.progress().waitingUntil! - Date.now());
      jest.advanceTimersByTime(waits[i]);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000]);
    expect(bulk.progress()).toMatchObject({ failed: 0, done: 0 });
    await flush();
    bulk.stop();
    await calls[8].answer(down);
    expect((await bulk.done).failed).toEqual([expect.objectContaining({ error: STOPPED_IN_DOUBT })]);
  });
});
