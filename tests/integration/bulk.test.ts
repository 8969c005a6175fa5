/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Bulk actions on everything matching a filter, and search at scale (issue 16, items 1 and 6), against a real
// restate-server 1.7.12 and the real SDK test service, through the data source's real Go backend (SQL, and the
// invocation actions with their role check) behind the re-stated Grafana API.
import type { RestateServer } from '../harness/restate.mjs';
import { startCluster } from '../harness/cluster.mjs';
import type { Role } from '../harness/grafanaProxy.mjs';
import { sleep } from '../harness/ports.mjs';
import {
  FULL_INVOCATION_ID_LENGTH,
  listInvocations,
  resolveMatchingIds,
  runAction,
  startBulk,
  type InvocationFilters,
} from '../../src/api/invocations';
import { runSql } from '../../src/api/sql';

const UID = 'restate';
let restate: RestateServer;
let stopCluster: (() => Promise<void>) | undefined;
let role: Role = 'Editor';

async function ingress(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${restate.ingressUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function send(path: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await ingress(`${path}/send`, body, headers);
  expect(r.status).toBe(202);
  return r.body.invocationId as string;
}

async function statuses(ids: string[]): Promise<Record<string, string>> {
  const rows = await runSql(
    UID,
    `SELECT id, status, completion_result FROM sys_invocation WHERE id IN (${ids.map((i) => `'${i}'`).join(', ')})`
  );
  const out: Record<string, string> = Object.fromEntries(ids.map((i) => [i, 'gone']));
  for (const r of rows) {
    out[String(r.id)] = `${r.status}${r.completion_result ? `:${r.completion_result}` : ''}`;
  }
  return out;
}

async function waitFor<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await sleep(200);
    last = await probe();
  }
  return last;
}

const ids = async (f: InvocationFilters) =>
  (await listInvocations(UID, f, { column: 'created_at', direction: 'asc' }, { offset: 0, limit: 500 })).map(
    (r) => r.id
  );

const run = (subset: string[], action: Parameters<typeof runAction>[2]) =>
  startBulk(subset, action, (id) => runAction(UID, id, action), { concurrency: 3 }).done;

beforeAll(async () => {
  ({ restate, stop: stopCluster } = await startCluster({
    uid: UID,
    role: () => role,
    restate: { env: { RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT: '1s' } },
  }));
}, 120_000);

afterAll(async () => {
  await stopCluster?.();
});

describe('search pushed to SQL', () => {
  let parent: string;
  let children: string[];

  beforeAll(async () => {
    const r = await ingress('greeter/fanout', { count: 4, handler: 'greet' }, { 'idempotency-key': 'bulk-fanout-1' });
    expect(r.status).toBe(200);
    children = r.body;
    const [row] = await runSql(UID, "SELECT id FROM sys_invocation WHERE idempotency_key = 'bulk-fanout-1'");
    parent = String(row.id);
    await waitFor(
      'children completed',
      () => statuses(children),
      (s) => Object.values(s).every((v) => v === 'completed:success')
    );
  });

  it('finds the invocations another one created', async () => {
    expect((await ids({ createdBy: parent })).sort()).toEqual([...children].sort());
    expect(await ids({ createdBy: children[0] })).toEqual([]);
  });

  it('finds an invocation by the beginning of its id, and by its whole id', async () => {
    const all = [parent, ...children];
    // Restate prints every id the same length: a whole one is an equality, anything shorter a prefix.
    expect(all.every((id) => id.length === FULL_INVOCATION_ID_LENGTH)).toBe(true);
    expect(await ids({ id: children[1] })).toEqual([children[1]]);
    const prefix = children[1].slice(0, 20);
    const found = await ids({ id: prefix });
    expect(found).toContain(children[1]);
    expect(found.every((id) => id.startsWith(prefix))).toBe(true);
    // A prefix combines with the other filters.
    expect(await ids({ id: prefix, createdBy: parent })).toEqual(children.filter((c) => c.startsWith(prefix)));
  });

  it('finds by idempotency key and object key', async () => {
    expect(await ids({ idempotencyKey: 'bulk-fanout-1' })).toEqual([parent]);
    expect((await ingress('counter/bulk-key-1/add', 2)).status).toBe(200);
    const [add] = await ids({ key: 'bulk-key-1' });
    expect(add).toMatch(/^inv_/);
    expect(await ids({ key: 'bulk-key-1', service: 'greeter' })).toEqual([]);
  });
});

describe('an action on all matching', () => {
  it('resolves a fixed set, cancels it a few at a time, and reports the one that fails', async () => {
    const slow: string[] = [];
    for (let i = 0; i < 6; i++) {
      slow.push(await send('greeter/slow', { seconds: 600 }));
    }
    await waitFor(
      'all suspended',
      () => statuses(slow),
      (s) => Object.values(s).every((v) => v === 'suspended')
    );
    const filter: InvocationFilters = { service: 'greeter', handler: 'slow' };

    const matching = await resolveMatchingIds(UID, filter, 'cancel');
    expect(matching.capped).toBe(false);
    expect(matching.ids).toEqual([...slow].sort());

    // After the set is fixed: one more starts matching (not swept in), and one completes (its cancel fails).
    const later = await send('greeter/slow', { seconds: 600 });
    expect((await runAction(UID, slow[2], 'kill')).ok).toBe(true);
    await waitFor(
      'killed',
      () => statuses([slow[2]]),
      (s) => s[slow[2]] === 'completed:failure'
    );

    const outcome = await run(matching.ids, 'cancel');
    expect(outcome.stopped).toBe(false);
    expect(outcome.notSent).toEqual([]);
    expect(outcome.results).toHaveLength(6);
    expect(outcome.failed.map((r) => [r.id, r.status])).toEqual([[slow[2], 409]]);
    expect(outcome.failed[0].error).toMatch(/already completed, so there is nothing to cancel/);

    const cancelled = slow.filter((id) => id !== slow[2]);
    await waitFor(
      'cancelled',
      () => statuses(cancelled),
      (s) => Object.values(s).every((v) => v === 'completed:failure')
    );
    expect((await statuses([later]))[later]).toMatch(/^(suspended|running)$/);

    // Retrying the failure fails the same way: nothing is left to cancel.
    const retry = await run(
      outcome.failed.map((r) => r.id),
      'cancel'
    );
    expect(retry.failed.map((r) => r.status)).toEqual([409]);

    // Purge all matching: now only the completed ones are resolved, the one still running is not.
    const purgeable = await resolveMatchingIds(UID, filter, 'purge');
    expect(purgeable.ids).toEqual([...slow].sort());
    const purged = await run(purgeable.ids, 'purge');
    expect(purged.failed).toEqual([]);
    await waitFor(
      'purged',
      () => statuses(slow),
      (s) => Object.values(s).every((v) => v === 'gone')
    );
    expect(await resolveMatchingIds(UID, filter, 'cancel')).toMatchObject({ ids: [later], capped: false });
  });

  it('states when more match than the cap, and takes the first ones by id', async () => {
    const all = (await resolveMatchingIds(UID, {}, 'purge')).ids;
    expect(all.length).toBeGreaterThan(3);
    const capped = await resolveMatchingIds(UID, {}, 'purge', { cap: 3 });
    expect(capped).toMatchObject({ capped: true, cap: 3, ids: all.slice(0, 3) });
  });

  it('stops sending when stopped; what was in flight finishes', async () => {
    const targets = (await resolveMatchingIds(UID, {}, 'purge')).ids;
    let calls = 0;
    const bulk = startBulk(
      targets,
      'purge',
      (id) => {
        calls++;
        if (calls === 2) {
          bulk.stop();
        }
        return runAction(UID, id, 'purge');
      },
      { concurrency: 2 }
    );
    const outcome = await bulk.done;
    expect(outcome.stopped).toBe(true);
    expect(outcome.results.map((r) => r.ok)).toEqual([true, true]);
    expect(outcome.notSent).toEqual(targets.slice(2));
  });

  it('is refused by the backend for a Viewer, every id explained', async () => {
    const [target] = await ids({ service: 'greeter', handler: 'slow' });
    role = 'Viewer';
    try {
      const outcome = await run([target], 'cancel');
      expect(outcome.failed).toHaveLength(1);
      expect(outcome.failed[0]).toMatchObject({
        status: 403,
        error: expect.stringMatching(/refused this request for your role/),
      });
      // Resolving is a read: allowed.
      expect((await resolveMatchingIds(UID, { service: 'greeter', handler: 'slow' }, 'cancel')).ids).toEqual([target]);
    } finally {
      role = 'Editor';
    }
    expect((await statuses([target]))[target]).toMatch(/^(suspended|running)$/);
  });
});
