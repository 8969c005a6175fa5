/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// The live overview's panels (src/model/overviewQueries.ts, also the shipped dashboard's) against a real
// restate-server 1.7.12 and the real SDK test service, through the path a panel takes: the Restate data source's
// query() (src/datasource/datasource.ts) → the re-stated Grafana's /api/ds/query → the data source's Go backend,
// which expands $__timeFilter and $__interval and turns the per-service rows into series. Invocations are created,
// completed, failed, left backing-off and paused, and each panel must count them.
import type { DataFrame, DataSourceInstanceSettings, Field, TimeRange } from '@grafana/data';
import { dateTime, FieldType } from '@grafana/data';
import { setDataSourceSrv, setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { startCluster } from '../harness/cluster.mjs';
import { sleep } from '../harness/ports.mjs';
import { RestateDataSource } from '../../src/datasource/datasource';
import type { RestateJsonData } from '../../src/model/datasource';
import { overviewPanel, OVERVIEW_PANELS } from '../../src/model/overviewQueries';
import { queryOverviewPanel } from '../../src/api/overviewPanels';
import { isRestateApiError } from '../../src/api/errors';

const UID = 'restate';
let cluster: Awaited<ReturnType<typeof startCluster>>;
let startedAt: number;

async function sql<T = Record<string, unknown>>(query: string): Promise<T[]> {
  const res = await fetch(`${cluster.restate.adminUrl}/query`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  if (!res.ok) {
    throw new Error(`${res.status} ${await res.text()}`);
  }
  return (await res.json()).rows;
}

async function ingress(path: string, body: unknown): Promise<Response> {
  return fetch(`${cluster.restate.ingressUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) {
      return v;
    }
    if (Date.now() > until) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await sleep(200);
  }
}

function range(from: number, to: number): TimeRange {
  return { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
}

const lastHour = () => range(startedAt - 3600_000, Date.now() + 1000);

async function run(key: string, r: TimeRange = lastHour(), maxDataPoints = 400) {
  return queryOverviewPanel(UID, overviewPanel(key), r, { maxDataPoints });
}

/** Sum of a wide frame's values per `service` label, for the value field named `value`. */
function perService(frames: DataFrame[], value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const frame of frames) {
    for (const f of frame.fields as Field[]) {
      if (f.name === value && f.type === FieldType.number) {
        const service = f.labels?.service ?? '';
        out[service] = (out[service] ?? 0) + (f.values as number[]).reduce((a, b) => a + (b ?? 0), 0);
      }
    }
  }
  return out;
}

/** Grafana's DataSourceSrv with one Restate data source (query() looks its targets' data source up there). */
function installDataSource(uid: string) {
  const settings = {
    uid,
    name: uid,
    type: 'restatedev-restate-datasource',
    meta: { id: 'restatedev-restate-datasource' },
    jsonData: {},
  } as unknown as DataSourceInstanceSettings<RestateJsonData>;
  const ds = new RestateDataSource(settings);
  setDataSourceSrv({ get: async () => ds, getInstanceSettings: () => settings } as never);
}

let flakyId: string;
let pausedId: string;

beforeAll(async () => {
  cluster = await startCluster({ uid: UID, role: () => 'Viewer' });
  installDataSource(UID);
  // No dashboard variables: Grafana's TemplateSrv.replace gives the SQL back unchanged.
  setTemplateSrv({ replace: (s?: string) => s ?? '' } as unknown as TemplateSrv);

  startedAt = Date.now();
  for (const name of ['Ada', 'Grace', 'Edsger']) {
    expect(await (await ingress('greeter/greet', { name })).json()).toBe(`Hello, ${name}!`);
  }
  expect((await ingress('counter/overview/add', 2)).ok).toBe(true);
  for (const name of ['x', 'y']) {
    expect((await ingress('greeter/fail', { name })).status).toBeGreaterThanOrEqual(400);
  }
  // Two that keep failing: one left retrying (backing-off), one paused through the admin API.
  flakyId = (await (await ingress('greeter/flaky/send', { failures: 100_000 })).json()).invocationId;
  pausedId = (await (await ingress('greeter/flaky/send', { failures: 100_000 })).json()).invocationId;
  await waitFor('the flaky invocations to back off', async () => {
    const rows = await sql(`SELECT id FROM sys_invocation WHERE status = 'backing-off' AND retry_count >= 1`);
    return rows.length === 2 ? rows : undefined;
  });
  const pause = await fetch(`${cluster.restate.adminUrl}/invocations/${pausedId}/pause`, { method: 'PATCH' });
  expect(pause.status).toBeLessThan(300);
  await waitFor('one invocation to be paused', async () => {
    const rows = await sql(`SELECT id FROM sys_invocation WHERE id = '${pausedId}' AND status = 'paused'`);
    return rows.length === 1 ? rows : undefined;
  });
  await waitFor('the backing-off one to be backing off again', async () => {
    const rows = await sql(`SELECT id FROM sys_invocation WHERE id = '${flakyId}' AND status = 'backing-off'`);
    return rows.length === 1 ? rows : undefined;
  });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('the live overview panels against a real Restate', () => {
  it('counts invocations created per service, as one series per service with the time first', async () => {
    const data = await run('created');
    const [frame] = data.series;
    expect(frame.fields[0].type).toBe(FieldType.time);
    expect(perService(data.series, 'created')).toEqual({ greeter: 7, counter: 1 });
  });

  it('counts successful and failed completions per service, by completed_at', async () => {
    expect(perService((await run('completed')).series, 'completed')).toEqual({ greeter: 3, counter: 1 });
    expect(perService((await run('failed')).series, 'failed')).toEqual({ greeter: 2 });
  });

  it('buckets by the interval Grafana computes for the range and width', async () => {
    // 1 hour over 60 points: 1 minute buckets, so every bucket time is on a whole minute.
    const data = await run('created', lastHour(), 60);
    expect(data.request?.intervalMs).toBe(60_000);
    const times = data.series[0].fields[0].values as number[];
    expect(times.length).toBeGreaterThan(0);
    for (const t of times) {
      expect(t % 60_000).toBe(0);
    }
  });

  it('counts paused and backing-off invocations now', async () => {
    const [frame] = (await run('waiting-now')).series;
    const value = (name: string) => frame.fields.find((f) => f.name === name)!.values[0];
    expect(value('paused')).toBe(1);
    expect(value('backing-off')).toBe(1);
  });

  it('ranks handlers by failures with their newest error', async () => {
    const [frame] = (await run('top-failing')).series;
    const col = (name: string) => frame.fields.find((f) => f.name === name)!.values as unknown[];
    // Two each: ties go by handler name.
    expect(col('handler')).toEqual(['greeter/fail', 'greeter/flaky']);
    expect(col('failed')).toEqual([2, 0]);
    expect(col('backing-off')).toEqual([0, 1]);
    expect(col('paused')).toEqual([0, 1]);
    expect(col('last_error')[0]).toBe('[418] this always fails');
    expect(String(col('last_error')[1])).toMatch(/flaky failure #\d+/);
    expect(frame.fields.find((f) => f.name === 'last_failure_at')!.type).toBe(FieldType.time);
  });

  it('finds nothing to plot in a range before any invocation, and still counts the waiting ones', async () => {
    const before = range(startedAt - 7200_000, startedAt - 3600_000);
    for (const key of ['created', 'completed', 'failed']) {
      // No rows: an empty frame, no series of any service.
      const counts = perService((await run(key, before)).series, key);
      expect(Object.keys(counts).filter((service) => service !== '')).toEqual([]);
      expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    }
    const [top] = (await run('top-failing', before)).series;
    expect(top.fields.find((f) => f.name === 'handler')!.values).toEqual(['greeter/flaky']);
  });

  it('runs every panel of the module without an error', async () => {
    for (const p of OVERVIEW_PANELS) {
      await expect(run(p.key)).resolves.toMatchObject({ state: 'Done' });
    }
  });

  it('rejects with the backend error in words when the data source cannot reach Restate', async () => {
    installDataSource('nowhere');
    try {
      const e = await queryOverviewPanel('nowhere', overviewPanel('created'), lastHour(), { maxDataPoints: 100 }).then(
        () => undefined,
        (err: unknown) => err
      );
      expect(isRestateApiError(e)).toBe(true);
      expect((e as Error).message).not.toBe('');
    } finally {
      installDataSource(UID);
    }
  });
});
