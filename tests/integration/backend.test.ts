// The data source's Go backend (pkg/plugin) against a real restate-server 1.7.12 and the real SDK test
// service, over HTTP through tests/harness/pluginhost (Grafana's /api/ds/query, health and resources
// re-stated around the real plugin package). The deployment is registered with a secret header, and the data
// source holds a token: no response any role can get may contain either.
import { randomBytes } from 'node:crypto';
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { startTestService, registerDeployment, type TestService } from '../harness/testService.mjs';
import { startPluginHost, type PluginHost } from '../harness/pluginHost.mjs';
import { sleep } from '../harness/ports.mjs';

const UID = 'restate';
const TYPE = 'restatedev-restate-datasource';
const TOKEN = `tok_${randomBytes(12).toString('hex')}`;
const HEADER_SECRET = `s3cr3t-${randomBytes(8).toString('hex')}`;
const PATCH_SECRET = `s3cr3t-patched-${randomBytes(8).toString('hex')}`;
const ROLES = ['Viewer', 'Editor', 'Admin'] as const;

let restate: RestateServer;
let service: TestService;
let throwaway: TestService;
let host: PluginHost;
let deploymentId: string;
let throwawayId: string;
let startedAt: number;

interface Answer {
  status: number;
  text: string;
  json: any;
  headers: Headers;
}

/** Every body the host sent, to check for secrets at the end as well. */
const seen: string[] = [];

async function call(method: string, path: string, role: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${host.url}${path}`, {
    method,
    headers: { 'x-grafana-org-role': role, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  seen.push(text);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

function dsQuery(queries: Array<Record<string, unknown>>, role = 'Viewer') {
  return call('POST', '/api/ds/query', role, {
    from: String(startedAt - 60_000),
    to: 'now',
    queries: queries.map((q) => ({ refId: 'A', datasource: { uid: UID, type: TYPE }, ...q })),
  });
}

/** Restate's own JSON answer to SQL (test setup only, not what is under test). */
async function sqlDirect(sql: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${restate.adminUrl}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: sql }),
  });
  return (await res.json()).rows;
}

async function waitFor<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await sleep(100);
    last = await probe();
  }
  return last;
}

async function ingress(path: string, body: unknown) {
  const res = await fetch(`${restate.ingressUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

/** A frame of the SDK's JSON: schema.fields + data.values (columns). */
interface FrameJson {
  schema: {
    meta?: {
      executedQueryString?: string;
      preferredVisualisationType?: string;
      notices?: Array<{ severity: string; text: string }>;
    };
    fields: Array<{
      name: string;
      type: string;
      labels?: Record<string, string>;
      typeInfo?: { frame: string; nullable?: boolean };
    }>;
  };
  data: { values: unknown[][] };
}

function column(frame: FrameJson, name: string) {
  const i = frame.schema.fields.findIndex((f) => f.name === name);
  expect(i).toBeGreaterThanOrEqual(0);
  return { field: frame.schema.fields[i], values: frame.data.values[i] };
}

beforeAll(async () => {
  restate = await startRestate({ env: { RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT: '1s' } });
  service = await startTestService();
  throwaway = await startTestService();
  deploymentId = (
    await registerDeployment(restate.adminUrl, service.url, { additionalHeaders: { 'x-api-key': HEADER_SECRET } })
  ).id;
  startedAt = Date.now();
  // A success, a terminal failure (completion_failure set) and a suspended call (completed_at NULL).
  expect(await ingress('greeter/greet', 'Ada')).toBe(200);
  expect(await ingress('greeter/fail', {})).toBe(418);
  expect(await ingress('greeter/slow/send', { seconds: 600 })).toBe(202);
  await waitFor(
    'greeter/slow to suspend',
    () => sqlDirect("SELECT status FROM sys_invocation WHERE target = 'greeter/slow'"),
    (rows) => rows[0]?.status === 'suspended'
  );
  // A Kafka cluster with credentials. Restate 1.7.12 itself shows sasl.username, sasl.password and other
  // sasl/ssl secrets as "***" but answers schema.registry.basic.auth.user.info (user:password) verbatim.
  const kafka = await fetch(`${restate.adminUrl}/kafka-clusters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      name: 'local',
      properties: {
        'bootstrap.servers': '127.0.0.1:1',
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': 'PLAIN',
        'sasl.username': 'kafka-user',
        'sasl.password': HEADER_SECRET,
        'schema.registry.basic.auth.user.info': `registry-user:${HEADER_SECRET}`,
      },
    }),
  });
  expect(`${kafka.status} ${await kafka.text()}`).toContain(HEADER_SECRET); // proves the secret is there to strip
  // The first run builds the host (and, on a fresh machine, downloads the Go modules): minutes, not seconds.
  host = await startPluginHost({
    dataSources: [
      {
        uid: UID,
        type: TYPE,
        jsonData: { adminUrl: restate.adminUrl, ingressUrl: restate.ingressUrl },
        secureJsonData: { token: TOKEN },
      },
    ],
  });
}, 900_000);

afterAll(async () => {
  await host?.stop();
  await throwaway?.stop();
  await service?.stop();
  await restate?.stop();
}, 60_000);

describe('QueryData through /api/ds/query', () => {
  it('returns typed frames for sys_invocation: times as time, NULLs as null, ints as numbers', async () => {
    const res = await dsQuery([
      {
        sql: 'SELECT id, target, status, created_at, completed_at, retry_count, journal_size, completion_failure FROM sys_invocation WHERE $__timeFilter(created_at) ORDER BY created_at',
      },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.results.A.status).toBe(200);
    const frame: FrameJson = res.json.results.A.frames[0];
    expect(frame.schema.meta?.executedQueryString).toMatch(
      /^SELECT id, .* WHERE \(created_at >= '20\d\d-.*Z' AND created_at <= '20\d\d-.*Z'\) ORDER BY created_at$/
    );
    expect(frame.schema.meta?.preferredVisualisationType).toBe('table');

    const created = column(frame, 'created_at');
    expect(created.field.type).toBe('time');
    expect(created.values).toHaveLength(3);
    for (const t of created.values) {
      expect(typeof t).toBe('number');
      expect(t as number).toBeGreaterThanOrEqual(startedAt - 1_000);
      expect(t as number).toBeLessThanOrEqual(Date.now());
    }
    const target = column(frame, 'target').values;
    expect([...target].sort()).toEqual(['greeter/fail', 'greeter/greet', 'greeter/slow']);
    const completed = column(frame, 'completed_at');
    expect(completed.field.type).toBe('time');
    const slow = target.indexOf('greeter/slow');
    expect(completed.values[slow]).toBeNull();
    expect(typeof completed.values[target.indexOf('greeter/greet')]).toBe('number');
    const failure = column(frame, 'completion_failure').values;
    expect(failure[target.indexOf('greeter/greet')]).toBeNull();
    expect(String(failure[target.indexOf('greeter/fail')])).toContain('418');
    // retry_count is NULL for all three (none was retried); journal_size is a UInt32 on every row.
    const retries = column(frame, 'retry_count');
    expect(retries.field.type).toBe('number');
    expect(retries.values).toEqual([null, null, null]);
    const journal = column(frame, 'journal_size');
    expect(journal.field.type).toBe('number');
    expect(journal.values.every((v) => Number.isInteger(v) && (v as number) > 0)).toBe(true);
    expect(column(frame, 'status').values[slow]).toBe('suspended');
  });

  it('caps the rows and says so in a notice', async () => {
    const res = await dsQuery([
      { sql: 'SELECT value FROM generate_series(1, 10050)' },
      { refId: 'B', sql: 'SELECT value FROM generate_series(1, 50)', maxRows: 20 },
    ]);
    expect(res.status).toBe(200);
    const a: FrameJson = res.json.results.A.frames[0];
    expect(a.data.values[0]).toHaveLength(10_000);
    expect(a.schema.meta?.notices).toEqual([
      expect.objectContaining({ severity: 'warning', text: expect.stringContaining('Showing the first 10000 rows') }),
    ]);
    expect(a.schema.meta?.notices?.[0].text).toContain('LIMIT');
    const b: FrameJson = res.json.results.B.frames[0];
    expect(b.data.values[0]).toHaveLength(20);
    expect(b.schema.meta?.notices?.[0].text).toContain('first 20 rows');
  });

  it('gives series for format time_series', async () => {
    const res = await dsQuery([
      {
        format: 'time_series',
        intervalMs: 60_000,
        sql: 'SELECT date_bin($__interval, created_at) AS time, target_handler_name AS handler, count(*) AS invocations FROM sys_invocation WHERE $__timeFilter(created_at) GROUP BY 1, 2',
      },
    ]);
    expect(res.status).toBe(200);
    const frame: FrameJson = res.json.results.A.frames[0];
    expect(frame.schema.meta?.executedQueryString).toContain("date_bin(INTERVAL '60000 milliseconds', created_at)");
    expect(frame.schema.fields[0].type).toBe('time');
    const series = frame.schema.fields.slice(1);
    expect(series.map((f) => f.labels?.handler).sort()).toEqual(['fail', 'greet', 'slow']);
    expect(series.every((f) => f.name === 'invocations' && f.type === 'number')).toBe(true);
  });

  it("answers a SQL error as that query's error, in words, beside the other query's frames", async () => {
    const res = await dsQuery([
      { sql: 'SELEC 1' },
      { refId: 'B', sql: 'SELECT count(*) AS n FROM sys_service' },
      { refId: 'C', sql: 'SELECT * FROM sys_nope' },
    ]);
    expect(res.status).toBe(400);
    expect(res.json.results.A.error).toMatch(/^Restate rejected the SQL: .*Expected: an SQL statement, found: SELEC/);
    expect(res.json.results.A.status).toBe(400);
    expect(res.json.results.A.errorSource).toBe('downstream');
    expect(res.json.results.C.error).toBe(
      "Restate rejected the SQL: Datafusion error: Error during planning: table 'restate.public.sys_nope' not found"
    );
    expect(res.json.results.B.frames[0].data.values[0]).toEqual([3]);
  });
});

describe('CheckHealth', () => {
  it('reports the connected version and admin API range', async () => {
    const res = await call('GET', `/api/datasources/uid/${UID}/health`, 'Viewer');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'OK', message: 'Connected to Restate 1.7.12, admin API v2–v4' });
  });
});

describe('resources: no secret reaches any role', () => {
  it.each(ROLES)(
    '%s reads deployments, Kafka clusters and subscriptions without a header value or the token',
    async (role) => {
      const list = await call('GET', `/api/datasources/uid/${UID}/resources/deployments`, role);
      expect(list.status).toBe(200);
      const mine = list.json.deployments.find((d: { id: string }) => d.id === deploymentId);
      expect(mine.additional_headers).toEqual({ 'x-api-key': '' });
      expect(mine.uri).toBe(`${service.url}/`);

      const detail = await call('GET', `/api/datasources/uid/${UID}/resources/deployments/${deploymentId}`, role);
      expect(detail.status).toBe(200);
      expect(detail.json.additional_headers).toEqual({ 'x-api-key': '' });
      expect(list.text).toContain('x-api-key');
      expect(detail.json.services.map((s: { name: string }) => s.name).sort()).toEqual([
        'counter',
        'greeter',
        'signup',
      ]);

      for (const path of ['kafka-clusters', 'subscriptions']) {
        const res = await call('GET', `/api/datasources/uid/${UID}/resources/${path}`, role);
        // Restate 1.7.12 serves both; a server without them would answer 404 with a message.
        expect(res.status === 200 || (res.status === 404 && typeof res.json.message === 'string')).toBe(true);
        expect(res.json).toBeDefined();
      }
      const unknown = await call('GET', `/api/datasources/uid/${UID}/resources/admin/deployments`, role);
      expect(unknown.status).toBe(404);
      expect(unknown.json.message).toMatch(/^No resource admin\/deployments/);

      for (const body of [list.text, detail.text]) {
        expect(body).toContain('x-api-key');
        expect(body).not.toContain(HEADER_SECRET);
        expect(body).not.toContain(TOKEN);
      }
    }
  );

  it.each(['Viewer', 'Editor'])('%s cannot register, update or remove a deployment', async (role) => {
    throwawayId ??= (
      await registerDeployment(restate.adminUrl, throwaway.url, { additionalHeaders: { 'x-api-key': HEADER_SECRET } })
    ).id;
    const attempts = [
      await call('POST', `/api/datasources/uid/${UID}/resources/deployments`, role, {
        uri: throwaway.url,
        dry_run: true,
        force: true,
      }),
      await call('PATCH', `/api/datasources/uid/${UID}/resources/deployments/${throwawayId}`, role, {
        additional_headers: { 'x-api-key': PATCH_SECRET },
      }),
      await call('DELETE', `/api/datasources/uid/${UID}/resources/deployments/${throwawayId}?force=true`, role),
    ];
    for (const a of attempts) {
      expect(a.status).toBe(403);
      expect(a.json.message).toContain(`needs the Admin role in this Grafana organization (you have ${role})`);
    }
    const direct = await (await fetch(`${restate.adminUrl}/deployments/${throwawayId}`)).json();
    expect(direct.additional_headers).toEqual({ 'x-api-key': HEADER_SECRET });
  });

  it('Admin registers (dry run), updates and removes a deployment; answers stay stripped', async () => {
    throwawayId ??= (
      await registerDeployment(restate.adminUrl, throwaway.url, { additionalHeaders: { 'x-api-key': HEADER_SECRET } })
    ).id;
    const dry = await call('POST', `/api/datasources/uid/${UID}/resources/deployments`, 'Admin', {
      uri: throwaway.url,
      dry_run: true,
      force: true,
      additional_headers: { 'x-api-key': PATCH_SECRET },
    });
    expect(dry.status).toBeLessThan(300);
    expect(dry.text).not.toContain(PATCH_SECRET);

    const patched = await call('PATCH', `/api/datasources/uid/${UID}/resources/deployments/${throwawayId}`, 'Admin', {
      additional_headers: { 'x-api-key': PATCH_SECRET },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.additional_headers).toEqual({ 'x-api-key': '' });
    expect(patched.text).not.toContain(PATCH_SECRET);
    // Restate really holds the new value: the plugin forwarded the body as is.
    const direct = await (await fetch(`${restate.adminUrl}/deployments/${throwawayId}`)).json();
    expect(direct.additional_headers).toEqual({ 'x-api-key': PATCH_SECRET });

    const removed = await call(
      'DELETE',
      `/api/datasources/uid/${UID}/resources/deployments/${throwawayId}?force=true`,
      'Admin'
    );
    expect(removed.status).toBe(202);
    const gone = await call('GET', `/api/datasources/uid/${UID}/resources/deployments/${throwawayId}`, 'Admin');
    expect(gone.status).toBe(404);
    expect(gone.json.message).toContain('does not exist');
  });

  it('no response of this run held a header value or the token', () => {
    expect(seen.length).toBeGreaterThan(10);
    for (const body of seen) {
      expect(body).not.toContain(HEADER_SECRET);
      expect(body).not.toContain(PATCH_SECRET);
      expect(body).not.toContain(TOKEN);
    }
  });
});
