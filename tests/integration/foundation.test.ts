/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// The foundation against a real restate-server 1.7.12 and a real SDK service, reached only through the
// re-stated Grafana data source proxy (tests/harness/grafanaProxy.mjs) with the routes of src/datasource/plugin.json,
// and through src/api running over a re-stated BackendSrv (tests/harness/backendSrv.mjs).
import fs from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { FieldType, type DataFrame } from '@grafana/data';
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { startTestService, registerDeployment, type TestService } from '../harness/testService.mjs';
import {
  loadRoutes,
  startGrafanaProxy,
  type DataSource,
  type ProxyExchange,
  type Role,
  type Route,
} from '../harness/grafanaProxy.mjs';
import { createBackendSrv, installBackendSrv } from '../harness/backendSrv.mjs';
import { freePort, listenOnLoopback } from '../harness/ports.mjs';
import { setBackendSrv } from '@grafana/runtime';
import { resourceFetch, restateFetch } from '../../src/api/proxy';
import { isRestateApiError, type RestateApiError } from '../../src/api/errors';
import { querySql, runSql, type SqlRow } from '../../src/api/sql';

// A distinctive token, so a leak anywhere in a response is unmistakable.
const TOKEN = `tok_${randomBytes(12).toString('hex')}`;

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback upstream that records every request and never echoes it back. A path holding `/unauthorized`
 * answers 401, one holding `/ratelimited` 429 with Retry-After (as Restate Cloud does).
 */
async function startRecorder(): Promise<{ url: string; requests: Recorded[]; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if ((req.url ?? '').includes('/ratelimited')) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
        res.end('{"message":"rate limit exceeded"}');
        return;
      }
      if ((req.url ?? '').includes('/unauthorized')) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer error="invalid_token"' });
        res.end('token expired');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'upstream=1' });
      res.end('{"ok":true}');
    });
  });
  return { ...(await listenOnLoopback(server)), requests };
}

/** A raw request to the proxy (node:http, so browser-only headers such as Origin and Cookie really go out). */
function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers };
    if (opts.body !== undefined) {
      // Explicit length: Node sends a DELETE body neither chunked nor with a length otherwise.
      headers['content-length'] = String(Buffer.byteLength(opts.body));
    }
    const req = http.request(url, { method: opts.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function failure(p: Promise<unknown>): Promise<RestateApiError> {
  try {
    await p;
  } catch (e) {
    if (isRestateApiError(e)) {
      return e;
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

const field = (frame: DataFrame, name: string) => {
  const f = frame.fields.find((x) => x.name === name);
  if (!f) {
    throw new Error(`frame has no field ${name}: ${frame.fields.map((x) => x.name).join(', ')}`);
  }
  return f;
};

let restate: RestateServer;
let service: TestService;
let adminRecorder: Awaited<ReturnType<typeof startRecorder>>;
let ingressRecorder: Awaited<ReturnType<typeof startRecorder>>;
let proxy: { url: string; close: () => Promise<void> };
let role: Role = 'Viewer';
let closedPort: number;
const exchanges: ProxyExchange[] = [];
const routes: Route[] = loadRoutes();

const proxyPathUrl = (uid: string, path: string) => `${proxy.url}/api/datasources/proxy/uid/${uid}/${path}`;
const asRole = (r: Role) => {
  role = r;
};
/** Runs a query directly against Restate (not through the proxy), as the reference for the frames. */
async function directRows(sql: string): Promise<SqlRow[]> {
  const res = await fetch(`${restate.adminUrl}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: sql }),
  });
  expect(res.status).toBe(200);
  return (await res.json()).rows;
}
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  [restate, service, adminRecorder, ingressRecorder, closedPort] = await Promise.all([
    startRestate(),
    startTestService(),
    startRecorder(),
    startRecorder(),
    freePort(),
  ]);
  await registerDeployment(restate.adminUrl, service.url);
  const ds = (uid: string, adminUrl: string, ingressUrl: string, url = ''): DataSource => ({
    uid,
    type: 'restatedev-restate-datasource',
    url,
    jsonData: { clusterName: uid, adminUrl, ingressUrl },
    secureJsonData: { token: TOKEN },
  });
  proxy = await startGrafanaProxy({
    dataSources: [
      ds('restate', restate.adminUrl, restate.ingressUrl),
      ds('recorder', adminRecorder.url, ingressRecorder.url),
      // The same, but with the data source's own url set: the control that shows an unrouted request
      // WOULD reach an upstream if the url were not empty.
      ds('recorder-with-url', adminRecorder.url, ingressRecorder.url, adminRecorder.url),
      ds('down', `http://127.0.0.1:${closedPort}`, `http://127.0.0.1:${closedPort}`),
    ],
    role: () => role,
    onResponse: (x) => exchanges.push(x),
  });
  installBackendSrv(proxy.url);
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([service?.stop(), restate?.stop(), adminRecorder?.close(), ingressRecorder?.close()]);
});

describe('proxy routes of src/datasource/plugin.json', () => {
  test('every route injects the bearer token and goes to the URL its template names', async () => {
    expect(routes.length).toBeGreaterThan(0);
    asRole('Admin');
    for (const route of routes) {
      const method = !route.method || route.method === '*' ? 'POST' : route.method;
      const proxyPath = route.path.endsWith('/') ? `${route.path}probe/x` : route.path;
      const recorder = proxyPath.startsWith('ingress/') ? ingressRecorder : adminRecorder;
      const before = recorder.requests.length;
      const res = await rawRequest(proxyPathUrl('recorder', `${proxyPath}?a=1`), {
        method,
        headers: {
          // What a browser would send: all of it must be replaced or stripped on the way to Restate.
          authorization: 'Bearer browser-supplied',
          cookie: 'grafana_session=abc',
          origin: 'http://grafana.example',
          referer: 'http://grafana.example/a/restatedev-restate-app',
          'content-type': 'application/json',
        },
        body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
      });
      expect({ route: route.path, method, status: res.status }).toEqual({ route: route.path, method, status: 200 });
      expect(recorder.requests.length).toBe(before + 1);
      const got = recorder.requests[recorder.requests.length - 1];
      // "admin/x" → <adminUrl>/x, "ingress/x" → <ingressUrl>/x
      expect(got.url).toBe(`/${proxyPath.replace(/^(admin|ingress)\//, '')}?a=1`);
      expect(got.method).toBe(method);
      expect(got.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(got.headers.cookie).toBeUndefined();
      expect(got.headers.origin).toBeUndefined();
      expect(got.headers.referer).toBeUndefined();
      // The upstream's Set-Cookie never reaches the browser (proxyutil modifyResponse).
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  test('the real Restate answers through every kind of route', async () => {
    asRole('Viewer');
    const version = await restateFetch<{ version: string }>('restate', 'admin/version');
    expect(version.version).toBe('1.7.12');
    const deployments = await resourceFetch<{ deployments: Array<{ id: string }> }>('restate', 'deployments');
    expect(deployments.deployments).toHaveLength(1);
    const rows = await runSql('restate', 'SELECT name FROM sys_service ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(['counter', 'greeter', 'signup']);

    asRole('Editor');
    expect(
      await restateFetch<string>('restate', 'ingress/greeter/greet', { method: 'POST', body: { name: 'Ada' } })
    ).toBe('Hello, Ada!');
    const greeter = await restateFetch<{ name: string; public: boolean }>('restate', 'admin/services/greeter', {
      method: 'PATCH',
      body: { public: true },
    });
    expect(greeter).toMatchObject({ name: 'greeter', public: true });

    asRole('Admin');
    const registered = await resourceFetch<{ id: string }>('restate', 'deployments', {
      method: 'POST',
      body: { uri: service.url, force: true },
    });
    expect(registered.id).toBe(deployments.deployments[0].id);
  });

  test('a Viewer reads and runs SQL but may not register a deployment or kill an invocation', async () => {
    asRole('Editor');
    const sent = await restateFetch<{ invocationId: string }>('restate', 'ingress/greeter/slow/send', {
      method: 'POST',
      body: { seconds: 120 },
    });
    const id = sent.invocationId;
    expect(id).toMatch(/^inv_/);

    asRole('Viewer');
    expect((await restateFetch<{ version: string }>('restate', 'admin/version')).version).toBe('1.7.12');
    expect(await runSql('restate', `SELECT id FROM sys_invocation WHERE id = '${id}'`)).toEqual([{ id }]);

    const kill = await failure(resourceFetch('restate', `invocations/${id}/kill`, { method: 'PATCH' }));
    expect(kill).toMatchObject({ kind: 'denied', status: 403 });
    const register = await failure(
      resourceFetch('restate', 'deployments', { method: 'POST', body: { uri: service.url, force: true } })
    );
    expect(register).toMatchObject({ kind: 'denied', status: 403 });
    // Nothing happened in Restate: the invocation still runs.
    const [row] = await directRows(`SELECT status FROM sys_invocation WHERE id = '${id}'`);
    expect(row.status).not.toBe('completed');

    asRole('Editor');
    await resourceFetch('restate', `invocations/${id}/kill`, { method: 'PATCH' });
    const killed = await waitFor('the kill to complete the invocation', async () => {
      const [r] = await directRows(`SELECT status, completion_result FROM sys_invocation WHERE id = '${id}'`);
      return r?.status === 'completed' ? r : undefined;
    });
    expect(killed.completion_result).toBe('failure');
  });

  test('an Editor may not register a deployment; an Admin may', async () => {
    const before = (await directRows('SELECT id FROM sys_deployment')).length;
    asRole('Editor');
    const denied = await failure(
      resourceFetch('restate', 'deployments', { method: 'POST', body: { uri: service.url, force: true } })
    );
    expect(denied).toMatchObject({ kind: 'denied', status: 403 });
    expect(denied.message).toMatch(/needs the Admin role/);
    asRole('Admin');
    const ok = await resourceFetch<{ id: string; services: Array<{ name: string }> }>('restate', 'deployments', {
      method: 'POST',
      body: { uri: service.url, force: true },
    });
    expect(ok.id).toMatch(/^dp_/);
    expect(ok.services.map((s) => s.name).sort()).toEqual(['counter', 'greeter', 'signup']);
    expect((await directRows('SELECT id FROM sys_deployment')).length).toBe(before);
  });

  test('deployments are read by the backend (a Viewer may), not through the proxy; writing needs Admin there', async () => {
    asRole('Viewer');
    const before = adminRecorder.requests.length;
    // The proxy has no route for them: the read that returns header values never leaves Grafana's server raw.
    expect((await rawRequest(proxyPathUrl('recorder', 'admin/deployments'))).status).toBe(502);
    expect(adminRecorder.requests.length).toBe(before);
    await resourceFetch('recorder', 'deployments');
    expect(adminRecorder.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /deployments']);
    expect(adminRecorder.requests[before].headers.authorization).toBe(`Bearer ${TOKEN}`);
    asRole('Editor');
    expect(await failure(resourceFetch('recorder', 'deployments', { method: 'POST', body: {} }))).toMatchObject({
      kind: 'denied',
    });
    expect(adminRecorder.requests.length).toBe(before + 1);
  });

  test('an unrouted path reaches nothing, because the data source url is empty', async () => {
    asRole('Admin');
    const unrouted: Array<[string, string]> = [
      ['GET', 'foo/bar'],
      ['PUT', 'admin'],
      ['PUT', 'admin/deployments'],
      ['GET', 'admin/deployments'],
      ['POST', 'admin/deployments'],
      ['POST', 'admin/query'],
      ['GET', 'admin/kafka-clusters'],
      ['POST', 'admin/version'],
      ['DELETE', 'admin/invocations/inv_1/kill'],
      ['PATCH', 'admin/invocations/inv_1/kill'],
      ['PATCH', 'admin/query'],
      ['GET', ''],
    ];
    const adminBefore = adminRecorder.requests.length;
    const ingressBefore = ingressRecorder.requests.length;
    for (const [method, path] of unrouted) {
      const res = await rawRequest(proxyPathUrl('recorder', path), {
        method,
        body: method === 'GET' ? undefined : '{}',
      });
      // ds_proxy.go: no route → director targets the data source's url; "" parses as "http://" (no host),
      // the transport fails and proxyutil's errorHandler answers 502 with an empty body.
      expect({ method, path, status: res.status, body: res.body }).toEqual({ method, path, status: 502, body: '' });
    }
    expect(adminRecorder.requests.length).toBe(adminBefore);
    expect(ingressRecorder.requests.length).toBe(ingressBefore);

    // The control: with a url set, the same unrouted request does reach the upstream (without the token).
    const res = await rawRequest(proxyPathUrl('recorder-with-url', 'foo/bar'));
    expect(res.status).toBe(200);
    expect(adminRecorder.requests.length).toBe(adminBefore + 1);
    expect(adminRecorder.requests[adminBefore].url).toBe('/foo/bar');
    expect(adminRecorder.requests[adminBefore].headers.authorization).toBeUndefined();

    // And via src/api, an unrouted call surfaces as "unreachable", not as a Restate answer.
    expect(await failure(restateFetch('restate', 'admin/version', { method: 'PUT' }))).toMatchObject({
      kind: 'unreachable',
      status: 502,
    });
  });
});

describe("SQL through src/api and the backend (querySql, runSql): frames typed by Restate's schema", () => {
  test('sys_invocation: NULL columns come back as null, timestamps as time, numbers as numbers', async () => {
    asRole('Editor');
    // BackendSrv sends a string body as is (fetch.ts parseBody), so JSON string inputs must be pre-encoded.
    expect(await restateFetch('restate', 'ingress/greeter/greet', { method: 'POST', body: '"Grace"' })).toBe(
      'Hello, Grace!'
    );
    await failure(restateFetch('restate', 'ingress/greeter/fail', { method: 'POST', body: {} }));
    const inflight = await restateFetch<{ invocationId: string }>('restate', 'ingress/greeter/slow/send', {
      method: 'POST',
      body: { seconds: 120 },
    });

    // Let the in-flight one settle (input + sleep journaled; it then waits for ~2 min), so both reads below
    // see the same rows.
    await waitFor('the slow invocation to journal its sleep', async () => {
      const [r] = await directRows(`SELECT journal_size FROM sys_invocation WHERE id = '${inflight.invocationId}'`);
      return Number(r?.journal_size) >= 2 ? true : undefined;
    });

    asRole('Viewer');
    const sql =
      'SELECT id, target, status, created_at, completed_at, journal_size, completion_failure FROM sys_invocation ORDER BY created_at, id';
    const rows = await runSql('restate', sql);
    const frame = await querySql('restate', sql);
    const reference = await directRows(sql);
    expect(rows).toEqual(reference);
    expect(frame.length).toBe(reference.length);
    // At least one in-flight (completed_at NULL) and one completed row: the NULL case is really exercised.
    expect(reference.some((r) => r.id === inflight.invocationId && !('completed_at' in r))).toBe(true);
    expect(reference.some((r) => 'completed_at' in r)).toBe(true);
    expect(reference.some((r) => 'completion_failure' in r)).toBe(true);
    expect(reference.some((r) => !('completion_failure' in r))).toBe(true);

    expect(frame.fields.map((f) => f.name)).toEqual([
      'id',
      'target',
      'status',
      'created_at',
      'completed_at',
      'journal_size',
      'completion_failure',
    ]);
    expect(field(frame, 'created_at').type).toBe(FieldType.time);
    expect(field(frame, 'completed_at').type).toBe(FieldType.time);
    expect(field(frame, 'journal_size').type).toBe(FieldType.number);
    expect(field(frame, 'completion_failure').type).toBe(FieldType.string);
    reference.forEach((r, i) => {
      expect(field(frame, 'id').values[i]).toBe(r.id);
      expect(field(frame, 'created_at').values[i]).toBe(Date.parse(r.created_at as string));
      expect(field(frame, 'completed_at').values[i]).toBe(
        r.completed_at === undefined ? null : Date.parse(r.completed_at as string)
      );
      expect(field(frame, 'journal_size').values[i]).toBe(r.journal_size ?? null);
      expect(field(frame, 'completion_failure').values[i]).toBe(r.completion_failure ?? null);
    });
    expect(field(frame, 'completion_failure').values).toContain('[418] this always fails');
  });

  test('sys_deployment and sys_service: lists, numbers, booleans and times keep their types', async () => {
    asRole('Viewer');
    const deployments = await querySql(
      'restate',
      'SELECT id, endpoint, created_at, min_service_protocol_version, services FROM sys_deployment'
    );
    expect(deployments.length).toBe(1);
    expect(field(deployments, 'endpoint').values[0]).toBe(`${service.url}/`);
    expect(field(deployments, 'created_at').type).toBe(FieldType.time);
    expect(Math.abs(Date.now() - (field(deployments, 'created_at').values[0] as number))).toBeLessThan(10 * 60_000);
    expect(field(deployments, 'min_service_protocol_version').type).toBe(FieldType.number);
    // A list column arrives as its JSON text (the SDK's frames have no list type).
    expect(field(deployments, 'services').type).toBe(FieldType.string);
    expect([...(JSON.parse(field(deployments, 'services').values[0] as string) as string[])].sort()).toEqual([
      'counter',
      'greeter',
      'signup',
    ]);

    const services = await querySql('restate', 'SELECT name, revision, public, ty FROM sys_service ORDER BY name');
    expect(field(services, 'name').values).toEqual(['counter', 'greeter', 'signup']);
    expect(field(services, 'ty').values).toEqual(['virtual_object', 'service', 'workflow']);
    expect(field(services, 'revision').type).toBe(FieldType.number);
    expect(field(services, 'public').type).toBe(FieldType.boolean);
    expect(field(services, 'public').values).toEqual([true, true, true]);
  });
});

describe('each error shape becomes the right RestateApiError', () => {
  test('JSON {message, restate_code}: unknown invocation (404) and unreachable deployment (META0003)', async () => {
    asRole('Editor');
    const unknown = await failure(
      resourceFetch('restate', 'invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh8/kill', { method: 'PATCH' })
    );
    expect(unknown).toMatchObject({ kind: 'restate', status: 404, restateCode: undefined });
    expect(unknown.message).toMatch(/does not exist/);
    expect(unknown.request).toEqual({
      method: 'PATCH',
      path: 'invocations/inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh8/kill',
    });

    asRole('Admin');
    const meta = await failure(
      resourceFetch('restate', 'deployments', {
        method: 'POST',
        body: { uri: `http://127.0.0.1:${closedPort}`, force: true },
      })
    );
    expect(meta).toMatchObject({ kind: 'restate', status: 500, restateCode: 'META0003' });
    expect(meta.message).toMatch(/127\.0\.0\.1/);
  });

  test('text/plain bodies: bad JSON (400) and a body of the wrong shape (422)', async () => {
    asRole('Admin');
    const badJson = await failure(resourceFetch('restate', 'deployments', { method: 'POST', body: '{"uri":' }));
    expect(badJson).toMatchObject({ kind: 'restate', status: 400, restateCode: undefined });
    expect(badJson.message).toMatch(/^Failed to parse the request body as JSON/);

    const wrongShape = await failure(resourceFetch('restate', 'deployments', { method: 'POST', body: {} }));
    expect(wrongShape).toMatchObject({ kind: 'restate', status: 422 });
    expect(wrongShape.message).toMatch(/^Failed to deserialize the JSON body/);
  });

  test('501 with an empty body: DELETE of a deployment without force', async () => {
    asRole('Admin');
    const [{ id }] = await directRows('SELECT id FROM sys_deployment');
    const e = await failure(resourceFetch('restate', `deployments/${id}`, { method: 'DELETE' }));
    expect(e).toMatchObject({ kind: 'restate', status: 501 });
    expect(e.message).toBe('Restate answered 501 Not Implemented');
    // The deployment is still there.
    expect(await directRows('SELECT id FROM sys_deployment')).toEqual([{ id }]);
  });

  test('proxy 403 → denied; upstream 401 → auth; unreachable Restate → unreachable; Grafana down → network', async () => {
    asRole('Viewer');
    expect(
      await failure(restateFetch('restate', 'ingress/greeter/greet', { method: 'POST', body: 'x' }))
    ).toMatchObject({
      kind: 'denied',
      status: 403,
    });
    // Grafana turns the upstream 401 into 400 "Authentication to data source failed" (ds_proxy.go modifyResponse).
    const auth = await failure(restateFetch('recorder', 'admin/services/unauthorized'));
    expect(auth).toMatchObject({ kind: 'auth', status: 400 });
    expect(adminRecorder.requests[adminRecorder.requests.length - 1].url).toBe('/services/unauthorized');

    expect(await failure(restateFetch('down', 'admin/version'))).toMatchObject({ kind: 'unreachable', status: 502 });

    // 429 → rate-limited. Grafana's FetchError carries no response headers (backend_srv.ts handleStreamResponse),
    // so Retry-After cannot reach the plugin through getBackendSrv().fetch: callers must back off on their own.
    const limited = await failure(restateFetch('recorder', 'admin/services/ratelimited'));
    expect(limited).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(limited.retryAfterSeconds).toBeUndefined();

    try {
      setBackendSrv(createBackendSrv(`http://127.0.0.1:${closedPort}`) as never);
      expect(await failure(restateFetch('restate', 'admin/version'))).toMatchObject({ kind: 'network', status: 0 });
    } finally {
      installBackendSrv(proxy.url);
    }
  });
});

describe('the harness itself', () => {
  test('Restate listens on loopback only, logs JSON lines, and WARN/ERROR go to stderr', () => {
    const listening = restate
      .stdout()
      .split('\n')
      .filter((l) => /"(Server|Ingress HTTP) listening"/.test(l))
      .map((l) => JSON.parse(l).span);
    expect(listening.map((s: { 'server.address': string }) => s['server.address'])).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.1',
    ]);
    expect(listening.map((s: { 'server.port': number }) => s['server.port']).sort()).toEqual(
      [restate.adminUrl, restate.ingressUrl, restate.nodeUrl].map((u) => Number(new URL(u).port)).sort()
    );
    const errLines = restate.stderr().split('\n').filter(Boolean);
    expect(errLines.length).toBeGreaterThan(0);
    for (const line of errLines) {
      expect(['WARN', 'ERROR']).toContain(JSON.parse(line).level);
    }
    for (const line of restate.stdout().split('\n').filter(Boolean)) {
      expect(['INFO', 'DEBUG', 'TRACE']).toContain(JSON.parse(line).level);
    }
  });

  test('stop() ends restate-server and removes the data dir it made', async () => {
    const other = await startRestate();
    expect(fs.existsSync(other.dataDir)).toBe(true);
    expect(() => process.kill(other.pid, 0)).not.toThrow();
    await other.stop();
    expect(() => process.kill(other.pid, 0)).toThrow();
    expect(fs.existsSync(other.dataDir)).toBe(false);
  });

  test('the signup workflow of the test service runs until its promise is resolved', async () => {
    asRole('Editor');
    const key = `user-${Date.now()}`;
    await restateFetch('restate', `ingress/signup/${key}/run/send`, { method: 'POST', body: { email: 'a@b.c' } });
    await waitFor('the workflow to wait', async () =>
      (await restateFetch<string>('restate', `ingress/signup/${key}/status`, { method: 'POST' })) === 'waiting'
        ? true
        : undefined
    );
    await restateFetch('restate', `ingress/signup/${key}/approve`, { method: 'POST', body: '"yes"' });
    expect(await restateFetch('restate', `ingress/restate/workflow/signup/${key}/attach`)).toBe('a@b.c approved: yes');
  });
});

test('no response that reaches the browser side contains the token', () => {
  // Every response the proxy sent in this file (routes, denials, Restate errors, 401 rewrites, 502s).
  expect(exchanges.length).toBeGreaterThan(40);
  const statuses = new Set(exchanges.map((x) => x.status));
  for (const s of [200, 400, 403, 404, 422, 429, 500, 501, 502]) {
    expect(statuses.has(s)).toBe(true);
  }
  const leaks = exchanges.filter((x) => x.body.includes(TOKEN) || JSON.stringify(x.headers).includes(TOKEN));
  expect(leaks).toEqual([]);
});
