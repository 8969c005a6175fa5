// The SQL of every alert rule the app ships (src/alerting/model.ts), run against a real restate-server 1.7.12 and
// the real SDK test service, with the macros expanded the way src/datasource/macros.ts does. Checks what Grafana's
// server-side expressions would read from each answer: string columns as labels, one number per row
// (pkg/expr/converter.go isNumberTable / extractNumberSet), compared by the rule's threshold expression B.
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { startTestService, registerDeployment, type TestService } from '../harness/testService.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from '../harness/ports.mjs';
import { expandMacros } from '../../src/datasource/macros';
import {
  type AlertRuleKind,
  type AlertThresholds,
  buildAlertRules,
  DEFAULT_THRESHOLDS,
  type RestateQueryModel,
  type ThresholdModel,
} from '../../src/alerting/model';
import { loadAlertingFile } from '../../src/alerting/testing/alertProvisioning';

type Row = Record<string, string | number | null>;

let restate: RestateServer;
let service: TestService;
let startedAt: number;
const inv: Record<string, string> = {};

async function query(sql: string): Promise<Row[]> {
  const res = await fetch(`${restate.adminUrl}/query`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ query: sql }),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`Restate answered ${res.status} for\n${sql}\n${text}`);
  }
  return JSON.parse(text).rows;
}

/** The rule as the app and the provisioning file ship it. */
const ruleOf = (kind: AlertRuleKind, t: Partial<AlertThresholds> = {}) =>
  buildAlertRules({ uid: 'restate', name: 'test' }, { ...DEFAULT_THRESHOLDS, ...t }).rules.find(
    (r) => r.kind === kind
  )!;

/** Runs a rule's query A for a time range (default: the rule's own, ending now), as Grafana's backend would. */
function runRule(kind: AlertRuleKind, t: Partial<AlertThresholds> = {}, range?: { from: number; to: number }) {
  const a = ruleOf(kind, t).data[0];
  const r = range ?? { from: Date.now() - a.relativeTimeRange.from * 1000, to: Date.now() };
  return query(expandMacros((a.model as RestateQueryModel).sql, r));
}

/** What Grafana's threshold expression B keeps: the rows whose number is above the rule's threshold. */
function firing(kind: AlertRuleKind, rows: Row[], t: Partial<AlertThresholds> = {}): Row[] {
  const rule = ruleOf(kind, t);
  const b = rule.data.find((d) => d.refId === rule.condition)!.model as ThresholdModel;
  const [{ evaluator }] = b.conditions;
  return rows.filter((row) => {
    const value = Object.values(row).find((v) => typeof v === 'number') as number;
    return evaluator.type === 'gt' ? value > evaluator.params[0] : value < evaluator.params[0];
  });
}

/** Every row is a series Grafana can alert on: string columns only, plus exactly one number. */
function expectNumberTable(rows: Row[], labels: string[], value: string) {
  for (const row of rows) {
    expect(Object.keys(row).sort()).toEqual([...labels, value].sort());
    for (const l of labels) {
      expect(typeof row[l]).toBe('string');
    }
    expect(typeof row[value]).toBe('number');
  }
}

async function ingress(path: string, body: unknown) {
  const res = await fetch(`${restate.ingressUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function send(path: string, body: unknown): Promise<string> {
  const r = await ingress(`${path}/send`, body);
  expect(r.status).toBe(202);
  return r.body.invocationId;
}

async function admin(method: string, path: string) {
  const res = await fetch(`${restate.adminUrl}${path}`, { method });
  expect(res.status).toBeLessThan(300);
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

const statusOf = async (id: string) => (await query(`SELECT status FROM sys_invocation WHERE id = '${id}'`))[0]?.status;
const waitStatus = (id: string, status: string | RegExp) =>
  waitFor(
    `${id} to be ${status}`,
    () => statusOf(id),
    (s) => (typeof status === 'string' ? s === status : status.test(String(s)))
  );

beforeAll(async () => {
  // Suspend a durable sleep after 1 s instead of 1 min, so "suspended" is reached quickly.
  restate = await startRestate({ env: { RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT: '1s' } });
  service = await startTestService();
  await registerDeployment(restate.adminUrl, service.url);
  startedAt = Date.now() - 1000;

  // Completed: three successes and one terminal failure.
  for (const name of ['Ada', 'Bob', 'Cy']) {
    expect((await ingress('greeter/greet', name)).status).toBe(200);
  }
  expect((await ingress('greeter/fail', {})).status).toBe(418);
  inv.flaky = await send('greeter/flaky', { failures: 100000 });
  inv.toPause = await send('greeter/flaky', { failures: 100000 });
  inv.busy = await send('greeter/busy', { seconds: 600 });
  inv.slow = await send('greeter/slow', { seconds: 600 });

  await waitStatus(inv.flaky, 'backing-off');
  await waitStatus(inv.toPause, 'backing-off');
  await waitStatus(inv.busy, 'running');
  await waitStatus(inv.slow, 'suspended');
  // Restate's pause action (admin API), as an operator or `on_max_attempts: pause` would.
  await admin('PATCH', `/invocations/${inv.toPause}/pause`);
  await waitStatus(inv.toPause, 'paused');
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await restate?.stop();
});

describe('invocations paused', () => {
  it('returns the paused invocation as one series labelled with its service and handler, count 1', async () => {
    const rows = await runRule('paused');
    expectNumberTable(rows, ['service', 'handler'], 'paused');
    expect(rows).toEqual([{ service: 'greeter', handler: 'flaky', paused: 1 }]);
    expect(firing('paused', rows)).toEqual(rows);
  });
});

describe('invocations backing off', () => {
  it('returns the ones retrying for longer than the threshold, and none under a longer one', async () => {
    // Its first attempt started at running_at: 4 s later, a 3 s threshold includes it.
    const [{ running_at }] = await query(`SELECT running_at FROM sys_invocation WHERE id = '${inv.flaky}'`);
    const since = Date.parse(String(running_at));
    await waitFor(
      'the flaky invocation to be retrying for 4 s',
      async () => Date.now() - since,
      (age) => age > 4000
    );
    const rows = await runRule('backing-off', { backingOffMinutes: 0.05 });
    expectNumberTable(rows, ['service', 'handler'], 'backing_off');
    expect(rows).toEqual([{ service: 'greeter', handler: 'flaky', backing_off: 1 }]);
    expect(firing('backing-off', rows)).toEqual(rows);
    // A threshold a minute longer than it has been retrying leaves it out, as does the default 10 min.
    expect(await runRule('backing-off', { backingOffMinutes: (Date.now() - since) / 60_000 + 1 })).toEqual([]);
    expect(await runRule('backing-off')).toEqual([]);
  });
});

describe('failure ratio', () => {
  const byHandler = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.handler, r.failure_percent]));

  it('gives each handler its share of failed completions in the time range', async () => {
    const rows = await runRule('failure-ratio', { failureMinCompleted: 1 });
    expectNumberTable(rows, ['service', 'handler'], 'failure_percent');
    expect(byHandler(rows)).toEqual({ greet: 0, fail: 100 });
    expect(rows.every((r) => r.service === 'greeter')).toBe(true);
    // Above the default 10 %: only the handler that always fails.
    expect(firing('failure-ratio', rows).map((r) => r.handler)).toEqual(['fail']);
  });

  it('leaves out handlers with fewer completions than the minimum', async () => {
    expect(byHandler(await runRule('failure-ratio', { failureMinCompleted: 2 }))).toEqual({ greet: 0 });
  });

  it('only counts completions inside the time range ($__timeFilter on completed_at)', async () => {
    const before = { from: startedAt - 7_200_000, to: startedAt - 3_600_000 };
    expect(await runRule('failure-ratio', { failureMinCompleted: 1 }, before)).toEqual([]);
  });
});

describe('invocations stuck', () => {
  it('returns running and suspended invocations unchanged for longer than the threshold, with their status', async () => {
    const rows = await runRule('stuck', { stuckMinutes: 0 });
    expectNumberTable(rows, ['service', 'handler', 'status'], 'stuck');
    expect(rows).toEqual(
      expect.arrayContaining([
        { service: 'greeter', handler: 'busy', status: 'running', stuck: 1 },
        { service: 'greeter', handler: 'slow', status: 'suspended', stuck: 1 },
      ])
    );
    expect(await runRule('stuck')).toEqual([]);
  });
});

describe('the provisioning file of the local stack', () => {
  it('holds queries Restate answers with series Grafana can alert on', async () => {
    const text = fs.readFileSync(path.join(process.cwd(), 'provisioning/alerting/restate-alerts.yaml'), 'utf8');
    const [group] = loadAlertingFile(text, { env: {} });
    const labels = new Set(['service', 'handler', 'status']);
    let series = 0;
    for (const rule of group.rules) {
      const a = rule.data[0] as { relativeTimeRange: { from: number }; model: RestateQueryModel };
      const range = { from: Date.now() - a.relativeTimeRange.from * 1000, to: Date.now() };
      const rows = await query(expandMacros(a.model.sql, range));
      for (const row of rows) {
        const numbers = Object.entries(row).filter(([, v]) => typeof v === 'number');
        expect(numbers).toHaveLength(1);
        expect(
          Object.keys(row)
            .filter((k) => typeof row[k] === 'string')
            .every((k) => labels.has(k))
        ).toBe(true);
        series++;
      }
    }
    // The paused invocation (the other rules' default thresholds are minutes away).
    expect(series).toBeGreaterThanOrEqual(1);
  });
});

describe('after the invocations are dealt with', () => {
  it('the paused rule returns nothing once the invocation is resumed, and nothing once it is killed', async () => {
    await admin('PATCH', `/invocations/${inv.toPause}/resume`);
    await waitStatus(inv.toPause, /backing-off|running/);
    expect(await runRule('paused')).toEqual([]);
    await admin('PATCH', `/invocations/${inv.toPause}/kill`);
    await waitStatus(inv.toPause, 'completed');
    expect(await runRule('paused')).toEqual([]);
  });

  it('killed and cancelled invocations count as failures, and are no longer stuck or backing off', async () => {
    await admin('PATCH', `/invocations/${inv.busy}/kill`);
    await admin('PATCH', `/invocations/${inv.slow}/cancel`);
    await admin('PATCH', `/invocations/${inv.flaky}/kill`);
    for (const id of [inv.busy, inv.slow, inv.flaky]) {
      await waitStatus(id, 'completed');
    }
    expect(await runRule('stuck', { stuckMinutes: 0 })).toEqual([]);
    expect(await runRule('backing-off', { backingOffMinutes: 0 })).toEqual([]);
    const rows = await runRule('failure-ratio', { failureMinCompleted: 1 });
    expect(Object.fromEntries(rows.map((r) => [r.handler, r.failure_percent]))).toEqual({
      greet: 0,
      fail: 100,
      flaky: 100, // both flaky ones were killed
      busy: 100,
      slow: 100,
    });
  });
});
