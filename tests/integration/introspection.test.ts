/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Introspection (issue 5) against a real restate-server 1.7.12 and the real SDK test service, reached through
// the re-stated Grafana data source proxy with the routes of src/datasource/plugin.json and src/api over a
// re-stated BackendSrv. The cluster holds invocations in every status the test service can produce.
import type { RestateServer } from '../harness/restate.mjs';
import { startCluster } from '../harness/cluster.mjs';
import type { Role } from '../harness/grafanaProxy.mjs';
import { sleep } from '../harness/ports.mjs';
import {
  countInvocations,
  getInboxPosition,
  getInvocation,
  getJournal,
  getState,
  listInvocations,
  runAction,
  runBulkAction,
  type InvocationFilters,
  type StatusCounts,
} from '../../src/api/invocations';
import { getCatalogCounts } from '../../src/api/services';
import { isRestateApiError, type RestateApiError } from '../../src/api/errors';
import { resourceFetch } from '../../src/api/proxy';
import { runSql } from '../../src/api/sql';
import { expandMacros } from '../../src/datasource/macros';
import { capRows, READY_QUERIES } from '../../src/pages/Sql/queries';
import dashboard from '../../src/dashboards/restate-overview.json';

const UID = 'restate';
let restate: RestateServer;
let stopCluster: (() => Promise<void>) | undefined;
let role: Role = 'Editor';
let deploymentId: string;
let startedAt: number;

/** Invocation ids by what they were created to be. */
const inv: Record<string, string> = {};

async function ingress(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${restate.ingressUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : undefined,
    id: res.headers.get('x-restate-id') ?? undefined,
  };
}

/** `send`s a call and returns the invocation id Restate assigned. */
async function send(path: string, body: unknown, query = '') {
  const r = await ingress(`${path}/send${query}`, body);
  expect(r.status).toBe(202);
  return r.body.invocationId as string;
}

async function statusOf(id: string) {
  const [row] = await runSql(UID, `SELECT status, completion_result FROM sys_invocation WHERE id = '${id}'`);
  return row ? `${row.status}${row.completion_result ? `:${row.completion_result}` : ''}` : 'gone';
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 30_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await sleep(200);
    last = await probe();
  }
  return last;
}

const waitStatus = (id: string, expected: string | RegExp, timeoutMs?: number) =>
  waitFor(
    `${id} to be ${expected}`,
    () => statusOf(id),
    (s) => (typeof expected === 'string' ? s === expected : expected.test(s)),
    timeoutMs
  );

beforeAll(async () => {
  ({
    restate,
    deploymentId,
    stop: stopCluster,
  } = await startCluster({
    uid: UID,
    role: () => role,
    restate: {
      // Suspend a durable sleep after 1 s instead of 1 min, so "suspended" is reached quickly.
      env: { RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT: '1s' },
    },
  }));
  startedAt = Date.now() - 1000;

  // Completed: two successes (one with an idempotency key, one writing an object's state) and a terminal failure.
  const greet = await ingress('greeter/greet', 'Ada', { 'idempotency-key': 'idem-greet-1' });
  expect(greet.status).toBe(200);
  expect((await ingress('counter/k1/add', 5)).status).toBe(200);
  expect((await ingress('greeter/fail', {})).status).toBe(418);
  // In flight.
  inv.busy = await send('greeter/busy', { seconds: 600 });
  inv.slow = await send('greeter/slow', { seconds: 600 });
  inv.flaky = await send('greeter/flaky', { failures: 100000 });
  inv.flakyToPause = await send('greeter/flaky', { failures: 100000 });
  inv.scheduled = await send('greeter/greet', 'later', '?delay=1h');
  inv.holder = await send('counter/q/slowAdd', { seconds: 600, delta: 1 });
  await waitStatus(inv.holder, /running|suspended/);
  inv.queued = await send('counter/q/slowAdd', { seconds: 600, delta: 1 });

  const rows = await runSql(UID, "SELECT id, target, idempotency_key FROM sys_invocation WHERE status = 'completed'");
  inv.greet = String(rows.find((r) => r.target === 'greeter/greet')!.id);
  inv.add = String(rows.find((r) => r.target === 'counter/k1/add')!.id);
  inv.fail = String(rows.find((r) => r.target === 'greeter/fail')!.id);

  await waitStatus(inv.slow, 'suspended');
  await waitStatus(inv.holder, 'suspended');
  await waitStatus(inv.flaky, 'backing-off');
  await waitStatus(inv.flakyToPause, 'backing-off');
  // Pausing through the plugin is itself under test; here it only sets the scene.
  expect(await runAction(UID, inv.flakyToPause, 'pause')).toMatchObject({ ok: true });
  await waitStatus(inv.flakyToPause, 'paused');
}, 120_000);

afterAll(async () => {
  await stopCluster?.();
});

describe('counts per status', () => {
  it('counts every status the test service produces, by aggregation on the server', async () => {
    const counts = await countInvocations(UID, {});
    expect(counts).toEqual<StatusCounts>({
      pending: 1,
      scheduled: 1,
      ready: 0,
      running: 1,
      'backing-off': 1,
      suspended: 2,
      paused: 1,
      succeeded: 2,
      failed: 1,
    });
  });

  it('counts under the other filters', async () => {
    expect(await countInvocations(UID, { service: 'counter' })).toMatchObject({
      succeeded: 1,
      suspended: 1,
      pending: 1,
      running: 0,
    });
    expect(await countInvocations(UID, { createdFrom: Date.now() + 60_000 })).toMatchObject({
      succeeded: 0,
      pending: 0,
    });
  });
});

describe('list filters, sort and paging', () => {
  const ids = async (f: InvocationFilters) =>
    (await listInvocations(UID, f, { column: 'created_at', direction: 'asc' }, { offset: 0, limit: 50 })).map(
      (r) => r.id
    );

  it('filters by each status, completed split by outcome', async () => {
    expect(await ids({ statuses: ['failed'] })).toEqual([inv.fail]);
    expect(await ids({ statuses: ['succeeded'] })).toEqual([inv.greet, inv.add]);
    expect(await ids({ statuses: ['backing-off'] })).toEqual([inv.flaky]);
    expect(await ids({ statuses: ['paused'] })).toEqual([inv.flakyToPause]);
    expect(await ids({ statuses: ['suspended'] })).toEqual([inv.slow, inv.holder]);
    expect(await ids({ statuses: ['running'] })).toEqual([inv.busy]);
    expect(await ids({ statuses: ['scheduled'] })).toEqual([inv.scheduled]);
    expect(await ids({ statuses: ['pending'] })).toEqual([inv.queued]);
    expect(await ids({ statuses: ['pending', 'failed'] })).toEqual([inv.fail, inv.queued]);
  });

  it('filters by service, handler, key, deployment, idempotency key, id and creation time', async () => {
    expect(await ids({ service: 'counter' })).toEqual([inv.add, inv.holder, inv.queued]);
    expect(await ids({ service: 'counter', handler: 'slowAdd' })).toEqual([inv.holder, inv.queued]);
    expect(await ids({ key: 'k1' })).toEqual([inv.add]);
    expect(await ids({ idempotencyKey: 'idem-greet-1' })).toEqual([inv.greet]);
    expect(await ids({ id: inv.busy })).toEqual([inv.busy]);
    // Pinned once an attempt stored its first entry: not the scheduled, queued or always-failing ones.
    expect(await ids({ deployment: deploymentId })).toEqual([
      inv.greet,
      inv.add,
      inv.fail,
      inv.busy,
      inv.slow,
      inv.holder,
    ]);
    expect(await ids({ deployment: 'dp_11111111111111111111111' })).toEqual([]);
    expect((await ids({ createdFrom: startedAt, createdTo: Date.now() + 1000 })).length).toBe(10);
    expect(await ids({ createdTo: startedAt - 60_000 })).toEqual([]);
    expect(await ids({ service: "o'brien" })).toEqual([]);
  });

  it('pages on the server without overlaps or gaps, and sorts on the server', async () => {
    const sort = { column: 'created_at', direction: 'asc' } as const;
    const pages = [];
    for (let offset = 0; offset < 12; offset += 3) {
      pages.push(await listInvocations(UID, {}, sort, { offset, limit: 3 }));
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    const all = pages.flat().map((r) => r.id);
    expect(new Set(all).size).toBe(10);
    const created = pages.flat().map((r) => r.createdAt!);
    expect([...created].sort((a, b) => a - b)).toEqual(created);

    const [mostRetried] = await listInvocations(
      UID,
      {},
      { column: 'retry_count', direction: 'desc' },
      { offset: 0, limit: 1 }
    );
    expect([inv.flaky, inv.flakyToPause]).toContain(mostRetried.id);
  });
});

describe('detail, journal, state and inbox', () => {
  it('shows a backing-off invocation with its attempts, last failure and error code', async () => {
    const d = (await getInvocation(UID, inv.flaky))!;
    expect(d).toMatchObject({ status: 'backing-off', target: 'greeter/flaky', service: 'greeter', handler: 'flaky' });
    expect(d.retryCount).toBeGreaterThan(1);
    expect(d.lastFailure).toMatch(/flaky failure #\d+/);
    expect(d.lastFailureCode).toMatch(/^RT\d{4}$/);
    expect(d.nextRetryAt).toBeGreaterThan(startedAt);
    expect(d.lastAttemptDeployment).toBe(deploymentId);
  });

  it('shows a completed failure and the idempotency key of a success', async () => {
    expect(await getInvocation(UID, inv.fail)).toMatchObject({
      status: 'completed',
      completionResult: 'failure',
      completionFailure: '[418] this always fails',
    });
    expect(await getInvocation(UID, inv.greet)).toMatchObject({
      idempotencyKey: 'idem-greet-1',
      pinnedDeployment: deploymentId,
    });
  });

  it('answers undefined for an id Restate does not know', async () => {
    expect(await getInvocation(UID, 'inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh8')).toBeUndefined();
  });

  it('makes the journal readable: the sleep and when it wakes up, a terminal failure, state writes', async () => {
    const slow = await getJournal(UID, inv.slow);
    expect(slow.map((e) => e.type)).toEqual(['Input', 'Sleep']);
    const wake = slow[1].details.find((d) => d.label === 'wakes up')!;
    expect(wake.time! - Date.now()).toBeGreaterThan(500_000);
    expect(slow[0].details).toContainEqual({ label: 'input', value: '{"seconds":600}' });

    const fail = await getJournal(UID, inv.fail);
    expect(fail.at(-1)).toMatchObject({
      type: 'Output',
      result: { ok: false, code: 418, message: 'this always fails' },
    });

    const add = await getJournal(UID, inv.add);
    expect(add.find((e) => e.type === 'SetState')!.details).toEqual(
      expect.arrayContaining([
        { label: 'key', value: 'count' },
        { label: 'value', value: '5' },
      ])
    );
  });

  it('reads an object’s state as UTF-8', async () => {
    expect(await getState(UID, 'counter', 'k1')).toEqual([{ key: 'count', text: '5', length: 1 }]);
    expect(await getState(UID, 'counter', 'nobody')).toEqual([]);
  });

  it('tells where a queued call waits in the object’s inbox and who holds the object', async () => {
    expect(await getInboxPosition(UID, inv.queued, 'counter', 'q')).toEqual({
      length: 1,
      ahead: 0,
      holder: inv.holder,
    });
    expect(await getInboxPosition(UID, inv.holder, 'counter', 'q')).toMatchObject({ length: 1, ahead: undefined });
  });
});

describe('actions and their errors', () => {
  const explain = async (id: string, action: Parameters<typeof runAction>[2]) => {
    const r = await runAction(UID, id, action);
    expect(r.ok).toBe(false);
    return r;
  };

  it('pauses and resumes', async () => {
    expect(await explain(inv.fail, 'pause')).toMatchObject({
      status: 409,
      error: expect.stringMatching(/not running/),
    });
    expect(await runAction(UID, inv.flakyToPause, 'resume')).toMatchObject({ ok: true });
    await waitStatus(inv.flakyToPause, /backing-off|running/);
  });

  it('refuses to resume or restart an invocation that has not started yet (425)', async () => {
    expect(await explain(inv.scheduled, 'resume')).toMatchObject({
      status: 425,
      error: expect.stringMatching(/has not started yet/),
    });
  });

  it('restarts a completed invocation as new, and refuses one still running', async () => {
    const r = await runAction(UID, inv.fail, 'restart-as-new');
    expect(r).toMatchObject({ ok: true, newInvocationId: expect.stringMatching(/^inv_/) });
    expect(await getInvocation(UID, r.newInvocationId!)).toMatchObject({
      invokedBy: 'restart_as_new',
      restartedFrom: inv.fail,
    });
    expect(await explain(inv.busy, 'restart-as-new')).toMatchObject({
      status: 409,
      error: expect.stringMatching(/still running/),
    });
  });

  it('purges a journal only once completed, and then cannot restart it (410)', async () => {
    expect(await explain(inv.busy, 'purge-journal')).toMatchObject({
      status: 409,
      error: expect.stringMatching(/only completed invocations can be purged/),
    });
    expect(await runAction(UID, inv.fail, 'purge-journal')).toMatchObject({ ok: true });
    await waitFor(
      'journal purged',
      () => getJournal(UID, inv.fail),
      (j) => j.length === 0
    );
    expect(await getInvocation(UID, inv.fail)).toMatchObject({ status: 'completed' });
    expect(await explain(inv.fail, 'restart-as-new')).toMatchObject({
      status: 410,
      error: expect.stringMatching(/journal is no longer retained/),
    });
  });

  it('cancels gracefully, then explains that it is already completed (409)', async () => {
    expect(await runAction(UID, inv.slow, 'cancel')).toMatchObject({ ok: true });
    await waitStatus(inv.slow, 'completed:failure');
    expect((await getInvocation(UID, inv.slow))!.completionFailure).toMatch(/cancel/i);
    expect(await explain(inv.slow, 'cancel')).toMatchObject({
      status: 409,
      error: expect.stringMatching(/already completed, so there is nothing to cancel/),
    });
  });

  it('kills, then explains that it is already completed (409)', async () => {
    expect(await runAction(UID, inv.busy, 'kill')).toMatchObject({ ok: true });
    await waitStatus(inv.busy, 'completed:failure');
    expect(await explain(inv.busy, 'kill')).toMatchObject({
      status: 409,
      error: expect.stringMatching(/nothing to kill/),
    });
  });

  it('purges a completed invocation, refuses a running one, and then does not know it (404)', async () => {
    expect(await explain(inv.flaky, 'purge')).toMatchObject({ status: 409 });
    expect(await runAction(UID, inv.greet, 'purge')).toMatchObject({ ok: true });
    await waitStatus(inv.greet, 'gone');
    expect(await explain(inv.greet, 'purge')).toMatchObject({
      status: 404,
      error: expect.stringMatching(/does not know this invocation/),
    });
  });

  it('explains a malformed id: the page and the backend refuse it, and so does Restate', async () => {
    expect(await runAction(UID, 'xyz', 'cancel')).toMatchObject({ ok: false, status: 400 });
    const refused: RestateApiError = await resourceFetch(UID, 'invocations/xyz/cancel', { method: 'PATCH' }).then(
      () => {
        throw new Error('expected a 400');
      },
      (err) => err
    );
    expect(refused).toMatchObject({ status: 400, message: expect.stringMatching(/not a Restate invocation id/) });
    // An id of the right shape that Restate cannot decode: Restate's own words come through.
    const e: RestateApiError = await resourceFetch(UID, 'invocations/inv_1nope/cancel', { method: 'PATCH' }).then(
      () => {
        throw new Error('expected a 400');
      },
      (err) => err
    );
    expect(e).toMatchObject({
      kind: 'restate',
      status: 400,
      message: expect.stringMatching(/invocation_id.*invalid/),
    });
  });

  it('is refused by the backend for a Viewer, with the reason', async () => {
    role = 'Viewer';
    try {
      expect(await explain(inv.flaky, 'kill')).toMatchObject({
        status: 403,
        error: expect.stringMatching(/refused this request for your role/),
      });
      // Reads stay allowed.
      expect((await countInvocations(UID, {})).pending).toBe(1);
    } finally {
      role = 'Editor';
    }
  });

  it('runs a bulk action and reports each invocation', async () => {
    const results = await runBulkAction(UID, [inv.queued, inv.holder, inv.busy], 'kill');
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      [inv.queued, true],
      [inv.holder, true],
      [inv.busy, false],
    ]);
    // A call killed while still in the inbox leaves nothing behind; if the holder's kill let it start first,
    // it completes as killed instead (the kills run concurrently).
    await waitStatus(inv.queued, /^(gone|completed:failure)$/);
    await waitStatus(inv.holder, 'completed:failure');
  });
});

describe('SQL: errors, ready queries, dashboard panels', () => {
  it('surfaces Restate’s message for a bad query', async () => {
    const e = await runSql(UID, 'SELECT nope FROM sys_invocation').catch((err) => err);
    expect(isRestateApiError(e)).toBe(true);
    // Restate answers 500 for a planning error and 400 for a parse error; the backend calls both a rejected
    // query (400) and keeps DataFusion's words.
    expect(e.message).toMatch(/^Restate rejected the SQL: /);
    expect(e).toMatchObject({ kind: 'restate', status: 400, message: expect.stringMatching(/No field named .?nope/) });
    const parse = await runSql(UID, 'SELEC 1').catch((err) => err);
    expect(parse).toMatchObject({ kind: 'restate', status: 400, message: expect.stringMatching(/ParserError/) });
  });

  it('runs every ready query of the SQL page', async () => {
    for (const q of READY_QUERIES) {
      const rows = await runSql(UID, capRows(q.sql).sql);
      expect(Array.isArray(rows)).toBe(true);
    }
  });

  it('runs every dashboard panel with its macros expanded', async () => {
    const range = { from: startedAt - 3_600_000, to: Date.now() + 60_000 };
    const results: Record<string, unknown[]> = {};
    for (const p of dashboard.panels) {
      // $__interval and $__interval_ms are Grafana's scoped variables (PanelQueryRunner); 1 minute here, written
      // as the backend writes them (an INTERVAL literal, a number of milliseconds).
      const sql = expandMacros(p.targets[0].sql, range)
        .replace(/\$__interval_ms/g, '60000')
        .replace(/\$__interval\b/g, "INTERVAL '60000 milliseconds'");
      results[p.title] = await runSql(UID, sql);
    }
    const failures = results['Invocations failed'] as Array<{ time: string; service: string; failed: number }>;
    expect(failures.reduce((n, r) => n + r.failed, 0)).toBeGreaterThanOrEqual(1);
    expect(failures[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00/);
    const byStatus = results['Invocations by status'] as Array<{ status: string; invocations: number }>;
    expect(byStatus.map((r) => r.status)).toEqual(expect.arrayContaining(['completed: failure', 'backing-off']));
  });

  it('counts deployments and services for the overview', async () => {
    expect(await getCatalogCounts(UID)).toEqual({ deployments: 1, services: 3 });
  });
});
