/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Deployments at scale, retry policies and service health (issue 17, items 1 and 2) against a real
// restate-server 1.7.12 of this file's own, with 311 deployments: 309 of the test service's one-handler `tiny`
// service (one process, one path prefix per deployment) and two of `fleet` (retry policies, a pinned invocation),
// reached only through the re-stated Grafana (proxy routes and the data source's real Go backend) and src/api.
// Restate rewrites its whole schema registry per registration, so each takes longer as the list grows (measured:
// 100 tiny ones in 15 s, the next 100 in 37 s; the 4-handler fleet service about 3x that): tiny keeps it short.
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { startTestService, registerDeployment as registerDirect, type TestService } from '../harness/testService.mjs';
import { registerFleet } from '../harness/fleet.mjs';
import { startGrafanaProxy, type Role } from '../harness/grafanaProxy.mjs';
import { installBackendSrv } from '../harness/backendSrv.mjs';
import { sleep } from '../harness/ports.mjs';
import { listDeployments, registerDeployment } from '../../src/api/deployments';
import { getServiceHealthCounts, listDrained, pruneDeployments, searchDeployments } from '../../src/api/fleet';
import { getService } from '../../src/api/services';
import { restateFetch } from '../../src/api/proxy';
import { isRestateApiError } from '../../src/api/errors';
import { runAction } from '../../src/api/invocations';
import { evaluateHealth, ratioText, retryPolicyLines, tooFewText, type RetryPolicyWire } from '../../src/model/fleet';

jest.setTimeout(400_000);

const UID = 'fleet';
const TINY = 309;
const TOTAL = TINY + 2; // plus the first and the newest fleet deployment

let restate: RestateServer;
let service: TestService;
let tinyService: TestService;
let proxy: { url: string; close: () => Promise<void> };
let role: Role = 'Admin';
let first: { id: string };
let newest: { id: string };
let fleet: Array<{ id: string; uri: string }>;

async function sql(query: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${restate.adminUrl}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  return ((await res.json()) as { rows: Array<Record<string, unknown>> }).rows;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(200);
  }
}

const send = (handler: string, body: unknown = {}) =>
  fetch(`${restate.ingressUrl}/fleet/${handler}/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => expect(r.status).toBe(202));

beforeAll(async () => {
  restate = await startRestate();
  service = await startTestService({ services: ['fleet'] });
  tinyService = await startTestService({ services: ['tiny'] });
  // The first deployment gets an invocation pinned to it (a durable sleep of 10 minutes): superseded, it drains.
  first = await registerDirect(restate.adminUrl, `${service.url}/first`, { force: false });
  await send('hold', { seconds: 600 });
  await until('the hold invocation pinned to the first deployment', async () => {
    const rows = await sql(
      `SELECT status FROM sys_invocation WHERE target_handler_name = 'hold' AND pinned_deployment_id = '${first.id}'`
    );
    // running until the inactivity timeout suspends it; pinned either way
    return rows.some((r) => r.status !== 'completed') ? true : undefined;
  });
  const t0 = Date.now();
  fleet = await registerFleet(restate.adminUrl, tinyService.url, {
    count: TINY,
    metadata: (i) => ({ batch: 'scale', idx: String(i) }),
  });
  console.log(`registered ${TINY} deployments in ${Date.now() - t0} ms`);
  proxy = await startGrafanaProxy({
    dataSources: [
      {
        uid: UID,
        type: 'restatedev-restate-datasource',
        url: '',
        jsonData: { adminUrl: restate.adminUrl, ingressUrl: restate.ingressUrl },
        secureJsonData: { token: 't' },
      },
    ],
    role: () => role,
  });
  installBackendSrv(proxy.url);
  // The newest, through the plugin (Admin), with metadata: it holds the latest revision of `fleet`.
  newest = await registerDeployment(
    UID,
    {
      target: { kind: 'http', uri: `${service.url}/newest`, useHttp11: false },
      headers: { 'x-api-key': 'fleet-secret-value' },
      metadata: { team: 'payments', commit: 'abc123' },
      force: false,
      breaking: false,
    },
    { dryRun: false }
  );
});

afterAll(async () => {
  await proxy?.close();
  await service?.stop();
  await tinyService?.stop();
  await restate?.stop();
});

describe('deployments at scale', () => {
  it('pages 311 deployments newest first, each page small, with the states of all', async () => {
    role = 'Viewer';
    const t0 = Date.now();
    const page1 = await searchDeployments(UID, { q: '', state: 'all', offset: 0, limit: 50 });
    console.log(`first page of ${page1.total} in ${Date.now() - t0} ms`);
    expect(page1.total).toBe(TOTAL);
    expect(page1.matched).toBe(TOTAL);
    expect(page1.items).toHaveLength(50);
    expect(page1.items[0].deployment.id).toBe(newest.id);
    expect(page1.items[0]).toMatchObject({ state: 'active', latest_for: ['fleet'], pinned: 0 });
    expect(page1.items[0].deployment.metadata).toEqual({ team: 'payments', commit: 'abc123' });
    expect(JSON.stringify(page1)).not.toContain('fleet-secret-value');
    expect(page1.states).toEqual({ active: 2, draining: 1, drained: TINY - 1 });
    expect(page1.items[1]).toMatchObject({ state: 'active', latest_for: ['tiny'] });
    expect(page1.items[1].deployment.id).toBe(fleet[TINY - 1].id);

    const last = await searchDeployments(UID, { q: '', state: 'all', offset: 300, limit: 50 });
    expect(last.items).toHaveLength(TOTAL - 300);
    expect(last.items.at(-1)!.deployment.id).toBe(first.id);
    expect(last.items.at(-1)).toMatchObject({ state: 'draining', pinned: 1, latest_for: [] });
    const seen = new Set<string>();
    for (let offset = 0; offset < TOTAL; offset += 100) {
      const p = await searchDeployments(UID, { q: '', state: 'all', offset, limit: 100 });
      p.items.forEach((i) => seen.add(i.deployment.id));
    }
    expect(seen.size).toBe(TOTAL);
  });

  it('searches by URI, metadata and SDK on the server', async () => {
    role = 'Viewer';
    const byMeta = await searchDeployments(UID, { q: 'idx=42', state: 'all', offset: 0, limit: 50 });
    expect(byMeta.items.map((i) => i.deployment.id)).toEqual([fleet[42].id]);
    const byUri = await searchDeployments(UID, { q: '/newest', state: 'all', offset: 0, limit: 50 });
    expect(byUri.items.map((i) => i.deployment.id)).toEqual([newest.id]);
    const both = await searchDeployments(UID, { q: 'batch=scale restate-sdk-typescript', state: 'draining', offset: 0, limit: 50 });
    expect(both.matched).toBe(0);
    expect(both.states).toEqual({ active: 1, drained: TINY - 1 });
    const none = await searchDeployments(UID, { q: 'no-such-deployment', state: 'all', offset: 0, limit: 50 });
    expect(none).toMatchObject({ total: TOTAL, matched: 0, items: [] });
  });

  it('refuses a bad page request in words', async () => {
    await expect(searchDeployments(UID, { q: '', state: 'all', offset: 0, limit: 5000 })).rejects.toThrow(
      /limit must be a whole number from 1 to 500/
    );
  });

  it('prunes exactly the drained deployments: Admin only, and keeps (with the reason) what is in use', async () => {
    const drained = await listDrained(UID);
    expect(drained.items).toHaveLength(TINY - 1);
    expect(new Set(drained.items.map((i) => i.deployment.id))).toEqual(new Set(fleet.slice(0, -1).map((f) => f.id)));
    const ids = [...drained.items.map((i) => i.deployment.id), first.id, newest.id, fleet[TINY - 1].id];

    for (const r of ['Viewer', 'Editor'] as Role[]) {
      role = r;
      const err = await pruneDeployments(UID, ids).catch((e: unknown) => e);
      expect(isRestateApiError(err) && err.status).toBe(403);
      expect(String((err as Error).message)).toMatch(/Admin role/);
    }
    expect((await listDeployments(UID)).length).toBe(TOTAL);

    role = 'Admin';
    const t0 = Date.now();
    const answer = await pruneDeployments(UID, ids);
    console.log(`pruned ${answer.removed} in ${Date.now() - t0} ms`);
    expect(answer.removed).toBe(TINY - 1);
    expect(answer.failed).toBe(3);
    const kept = answer.results.filter((r) => !r.removed);
    expect(kept).toEqual([
      { id: first.id, removed: false, message: 'Kept: 1 unfinished invocation(s) are pinned to it now.' },
      { id: newest.id, removed: false, message: 'Kept: it now serves the latest revision of fleet.' },
      { id: fleet[TINY - 1].id, removed: false, message: 'Kept: it now serves the latest revision of tiny.' },
    ]);
    const left = (await listDeployments(UID)).map((d) => d.id).sort();
    expect(left).toEqual([first.id, newest.id, fleet[TINY - 1].id].sort());
    // Again: nothing drained, and a removed id is reported as gone, not as an error of Restate.
    const again = await pruneDeployments(UID, [fleet[0].id]);
    expect(again.results).toEqual([{ id: fleet[0].id, removed: false, message: 'Not found: it was removed already.' }]);
  });
});

describe('retry policies', () => {
  it('reads the service policy and the handler overrides the SDK declared', async () => {
    role = 'Viewer';
    const s = await getService(UID, 'fleet');
    const policy = (s as { retry_policy?: RetryPolicyWire }).retry_policy;
    expect(policy).toEqual({
      initial_interval: '1s',
      exponentiation_factor: 2,
      max_attempts: 10,
      max_interval: '30s',
      on_max_attempts: 'Kill',
    });
    const handler = (name: string) =>
      (s.handlers.find((h) => h.name === name) as { retry_policy?: RetryPolicyWire }).retry_policy;
    expect(handler('pausing')).toMatchObject({ max_attempts: 2, on_max_attempts: 'Pause' });
    const lines = Object.fromEntries(retryPolicyLines(policy, handler('pausing')).map((l) => [l.label, l]));
    expect(lines['After the last attempt']).toMatchObject({
      value: 'pause the invocation (resume it by hand)',
      overridden: true,
    });
    expect(lines['Longest interval']).toMatchObject({ value: '50ms', overridden: true });
    expect(Object.fromEntries(retryPolicyLines(policy, handler('ping')).map((l) => [l.label, l.value]))).toMatchObject({
      Attempts: '10 (including the first)',
      'After the last attempt': 'kill the invocation',
    });
  });

  it('cannot be changed through the admin API: PATCH accepts the body and ignores a retry policy', async () => {
    role = 'Editor';
    await restateFetch(UID, 'admin/services/fleet', { method: 'PATCH', body: { retry_policy: { max_attempts: 3 } } });
    const s = await getService(UID, 'fleet');
    expect((s as { retry_policy?: RetryPolicyWire }).retry_policy?.max_attempts).toBe(10);
  });
});

describe('service health', () => {
  // Sends `handler` once per key (an idempotency key each, so a retried send is the same invocation), 20 at a
  // time, and returns the invocation ids.
  async function sendMany(handler: string, keys: string[], body: unknown = {}): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < keys.length; i += 20) {
      const batch = await Promise.all(
        keys.slice(i, i + 20).map(async (key) => {
          const res = await fetch(`${restate.ingressUrl}/fleet/${handler}/send`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify(body),
          });
          expect(res.status).toBeLessThan(300);
          return ((await res.json()) as { invocationId: string }).invocationId;
        })
      );
      ids.push(...batch);
    }
    return ids;
  }
  const fleetCounts = async (nowMs?: number) =>
    (await getServiceHealthCounts(UID, nowMs)).find((c) => c.service === 'fleet');

  it('judges nothing below 100 invocations of the last hour, then as Restate’s UI does: cancelled and killed are failed', async () => {
    role = 'Viewer';
    await send('failing');
    await send('failing');
    await send('pausing');
    await until('two backing off and one paused', async () => {
      const rows = await sql(
        "SELECT status, COUNT(*) AS n FROM sys_invocation WHERE target_service_name = 'fleet' GROUP BY status"
      );
      const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      return by['backing-off'] === 2 && by.paused === 1 ? true : undefined;
    });
    // Four so far: the two backing off, the paused one and the hold of beforeAll (sleeping 10 minutes, so
    // most likely still in flight; `held` is 1 if it has finished by now).
    const few = (await fleetCounts())!;
    const held = few.succeeded;
    expect(few).toMatchObject({ failed: 0, inFlight: { 'backing-off': 2, paused: 1 } });
    expect(held + few.inFlight.running + few.inFlight.suspended).toBe(1);
    const fewHealth = evaluateHealth(few);
    expect(fewHealth).toMatchObject({ level: 'healthy', tooFew: true, total: 4 });
    expect(tooFewText(fewHealth)).toBe('too few invocations in the last hour to judge (4 of 100)');
    // tiny has had no invocation: no row, idle
    expect((await getServiceHealthCounts(UID)).some((c) => c.service === 'tiny')).toBe(false);

    // 89 successes, 6 cancelled and 5 killed: 11 failed of the completed, 104 invocations in all.
    const keys = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `health-${prefix}-${i}`);
    await sendMany('ping', keys('ping', 89));
    const holds = await sendMany('hold', keys('hold', 11), { seconds: 600 });
    role = 'Editor';
    for (const [i, id] of holds.entries()) {
      const r = await runAction(UID, id, i < 6 ? 'cancel' : 'kill');
      expect(r).toMatchObject({ ok: true });
    }
    role = 'Viewer';
    await until(
      '100 completed fleet invocations besides the hold',
      async () => {
        const [row] = await sql(
          "SELECT COUNT(*) AS n FROM sys_invocation WHERE target_service_name = 'fleet' AND status = 'completed'"
        );
        return Number(row.n) === 100 + held ? true : undefined;
      },
      60_000
    );
    const results = await sql(
      "SELECT completion_result, COUNT(*) AS n FROM sys_invocation WHERE target_service_name = 'fleet' AND target_handler_name = 'hold' AND status = 'completed' GROUP BY completion_result"
    );
    expect(Object.fromEntries(results.map((r) => [r.completion_result, Number(r.n)]))).toEqual({
      failure: 11,
      ...(held ? { success: 1 } : {}),
    });

    const many = (await fleetCounts())!;
    expect(many).toMatchObject({ succeeded: 89 + held, failed: 11, inFlight: { 'backing-off': 2, paused: 1 } });
    const health = evaluateHealth(many);
    expect(health).toMatchObject({ level: 'unhealthy', tooFew: false, total: 104, completed: 100 + held });
    expect(health.ratios.map((r) => [r.status, r.count, r.of, r.level])).toEqual([
      ['failed', 11, 100 + held, 'degraded'],
      ['backing-off', 2, 4 - held, 'unhealthy'],
      ['paused', 1, 4 - held, 'unhealthy'],
    ]);
    expect(ratioText(health.ratios[0])).toBe(`failed: 11 of ${100 + held} completed (${held ? '10.8' : '11'}% ≥ 10%)`);
  });

  it('counts only the invocations created in the last hour', async () => {
    role = 'Viewer';
    expect(await fleetCounts(Date.now())).toBeDefined();
    // an hour and a minute from now, the window starts after every invocation of this test was created
    expect(await fleetCounts(Date.now() + 61 * 60_000)).toBeUndefined();
  });
});
