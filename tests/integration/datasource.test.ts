/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// The Restate data source (src/datasource/datasource.ts) against a real restate-server 1.7.12 and a real SDK
// service, through the Grafana stand-in (tests/harness/grafanaProxy.mjs), which hands /api/ds/query and the
// health check to the data source's real Go backend in a plugin host (tests/harness/pluginHost.mjs), over a
// re-stated BackendSrv (tests/harness/backendSrv.mjs): query() with the time macros expanded on the server, and
// "Save & test" (testDatasource) for a working cluster and for each failure a user can meet.
import http from 'node:http';
import {
  dateTime,
  FieldType,
  LoadingState,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import { setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { startTestService, registerDeployment, type TestService } from '../harness/testService.mjs';
import { startGrafanaProxy, type DataSource } from '../harness/grafanaProxy.mjs';
import { installBackendSrv } from '../harness/backendSrv.mjs';
import { freePort, listenOnLoopback } from '../harness/ports.mjs';
import { RestateDataSource } from '../../src/datasource/datasource';
import type { RestateJsonData, RestateQuery } from '../../src/model/datasource';

const TOKEN = 'integration-token';

interface Upstream {
  url: string;
  authorizations: string[];
  close: () => Promise<void>;
}

/** A plain loopback HTTP server (not Restate) answering every request with `answer`, recording Authorization. */
async function startUpstream(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Upstream> {
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    req.resume();
    req.on('end', () => answer(req, res));
  });
  return { ...(await listenOnLoopback(server)), authorizations };
}

function dataSource(uid: string, jsonData: RestateJsonData): RestateDataSource {
  return new RestateDataSource({
    uid,
    name: uid,
    type: 'restatedev-restate-datasource',
    jsonData,
  } as DataSourceInstanceSettings<RestateJsonData>);
}

function request(targets: RestateQuery[], from: number, to: number): DataQueryRequest<RestateQuery> {
  return {
    requestId: 'Q1',
    targets,
    range: { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } },
    scopedVars: {},
  } as unknown as DataQueryRequest<RestateQuery>;
}

let restate: RestateServer;
let service: TestService;
let htmlServer: Upstream;
let notFoundServer: Upstream;
let rejectingServer: Upstream;
let proxy: { url: string; close: () => Promise<void> };
let closedPortUrl: string;
let invokedFrom: number;
let invokedTo: number;
let realVersion: string;

beforeAll(async () => {
  restate = await startRestate();
  service = await startTestService();
  await registerDeployment(restate.adminUrl, service.url);
  realVersion = (await (await fetch(`${restate.adminUrl}/version`)).json()).version;

  invokedFrom = Date.now();
  for (const name of ['Ada', 'Grace', 'Edsger']) {
    const res = await fetch(`${restate.ingressUrl}/greeter/greet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    expect(await res.json()).toBe(`Hello, ${name}!`);
  }
  invokedTo = Date.now();

  // A web server that answers anything with a page (e.g. a SPA or a default vhost).
  htmlServer = await startUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><html><body>It works!</body></html>');
  });
  // A web server that has no /health (e.g. a static file server).
  notFoundServer = await startUpstream((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 page not found');
  });
  // A server that rejects the bearer token, as Restate behind an authenticating gateway does.
  rejectingServer = await startUpstream((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
    res.end('{"message":"invalid token"}');
  });
  // A port nothing listens on: freePort() closed it again.
  closedPortUrl = `http://127.0.0.1:${await freePort()}`;

  const ds = (
    uid: string,
    adminUrl: string | undefined,
    ingressUrl: string | undefined = restate.ingressUrl
  ): DataSource => ({
    uid,
    type: 'restatedev-restate-datasource',
    url: '',
    jsonData: { adminUrl, ingressUrl },
    secureJsonData: { token: TOKEN },
  });
  proxy = await startGrafanaProxy({
    dataSources: [
      ds('restate', restate.adminUrl),
      ds('no-ingress', restate.adminUrl, ''),
      ds('no-admin', undefined),
      ds('closed', closedPortUrl),
      ds('html', htmlServer.url),
      ds('notfound', notFoundServer.url),
      ds('rejecting', rejectingServer.url),
    ],
    // Save & test and queries need no more than Viewer: prove it by running as one.
    role: () => 'Viewer',
  });
  installBackendSrv(proxy.url);
  // Dashboard variables are not under test here: Grafana's template service as identity.
  setTemplateSrv({ replace: (s?: string) => s ?? '' } as unknown as TemplateSrv);
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([htmlServer?.close(), notFoundServer?.close(), rejectingServer?.close()]);
  await service?.stop();
  await restate?.stop();
});

describe('RestateDataSource.query against Restate 1.7.12', () => {
  const sql =
    "SELECT id, target, status, created_at FROM sys_invocation WHERE target = 'greeter/greet' AND $__timeFilter(created_at) ORDER BY created_at";

  it('$__timeFilter over a range holding the invocations returns them as a typed frame', async () => {
    const ds = dataSource('restate', { adminUrl: restate.adminUrl, ingressUrl: restate.ingressUrl });
    // created_at has millisecond precision; widen by a second either side of the calls.
    const res = await lastValueFrom(ds.query(request([{ refId: 'A', sql }], invokedFrom - 1000, invokedTo + 1000)));
    expect(res.errors).toBeUndefined();
    expect(res.state).toBe(LoadingState.Done);
    expect(res.data).toHaveLength(1);
    const frame = res.data[0];
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(3);
    const byName = Object.fromEntries(frame.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.created_at.type).toBe(FieldType.time);
    for (const t of byName.created_at.values) {
      expect(t).toBeGreaterThanOrEqual(invokedFrom - 1000);
      expect(t).toBeLessThanOrEqual(invokedTo + 1000);
    }
    expect(byName.status.values).toEqual(['completed', 'completed', 'completed']);
    expect(byName.id.values.every((id: string) => id.startsWith('inv_'))).toBe(true);
    // The expanded SQL is what Restate ran (shown by Grafana's query inspector).
    expect(frame.meta.executedQueryString).toMatch(
      /^SELECT .* AND \(created_at >= '\d{4}-\d\d-\d\dT[\d:.]+Z' AND created_at <= '.*Z'\)/
    );
  });

  it('$__timeFilter over a range before the invocations returns none; $__timeFrom/$__timeTo are timestamps', async () => {
    const ds = dataSource('restate', { adminUrl: restate.adminUrl });
    const before = await lastValueFrom(
      ds.query(request([{ refId: 'A', sql }], invokedFrom - 3600_000, invokedFrom - 60_000))
    );
    expect(before.errors).toBeUndefined();
    expect(before.data[0].length).toBe(0);

    const bounds = await lastValueFrom(
      ds.query(
        request(
          [
            {
              refId: 'B',
              sql: 'SELECT count(*) AS n FROM sys_invocation WHERE created_at BETWEEN $__timeFrom() AND $__timeTo()',
            },
          ],
          invokedFrom - 1000,
          invokedTo + 1000
        )
      )
    );
    expect(bounds.errors).toBeUndefined();
    expect(bounds.data[0].fields[0].values).toEqual([3]);
  });

  it("reports Restate's error for a query it cannot run, under the query's refId", async () => {
    const ds = dataSource('restate', { adminUrl: restate.adminUrl });
    const res = await lastValueFrom(
      ds.query(
        request(
          [
            { refId: 'ok', sql: 'SELECT name FROM sys_service ORDER BY name' },
            { refId: 'bad', sql: 'SELECT nope FROM sys_invocation' },
          ],
          invokedFrom,
          invokedTo
        )
      )
    );
    expect(res.state).toBe(LoadingState.Error);
    expect(res.data.map((f) => f.refId)).toEqual(['ok']);
    expect(res.data[0].fields[0].values).toEqual(['counter', 'greeter', 'signup']);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ refId: 'bad', status: expect.any(Number) });
    expect(res.errors![0].message).toMatch(/nope/);
  });
});

describe('RestateDataSource.testDatasource (Save & test)', () => {
  it('a running Restate: connected, with its real version and admin API range', async () => {
    const res = await dataSource('restate', {
      adminUrl: restate.adminUrl,
      ingressUrl: restate.ingressUrl,
    }).testDatasource();
    expect(realVersion).toBe('1.7.12');
    expect(res).toEqual({
      status: 'success',
      message: `Connected to Restate ${realVersion}, admin API v2–v4`,
    });
  });

  it('the ingress URL not set: connected, with a warning naming the ingress Restate advertises', async () => {
    const res = await dataSource('no-ingress', { adminUrl: restate.adminUrl }).testDatasource();
    expect(res.status).toBe('warning');
    expect(res.message).toBe(`Connected to Restate ${realVersion}, admin API v2–v4.`);
    expect(res.details?.message).toMatch(/ingress URL is not set.*Restate advertises http:\/\//);
  });

  it("a closed port: Grafana's server could not reach it", async () => {
    const res = await dataSource('closed', { adminUrl: closedPortUrl }).testDatasource();
    expect(res.status).toBe('error');
    expect(res.message).toContain(`Grafana's server could not reach ${closedPortUrl} (GET /health, `);
    expect(res.message).toMatch(/connection refused/i);
    expect(res.message).toContain('not your browser');
  });

  it('a web server that is not Restate: answering pages, or 404', async () => {
    const html = await dataSource('html', { adminUrl: htmlServer.url }).testDatasource();
    expect(html.status).toBe('error');
    expect(html.message).toBe(
      `${htmlServer.url} is not a Restate server: GET /version answered 200 with an HTML page. Check host and port: Restate's admin API listens on 9070 by default.`
    );
    const notFound = await dataSource('notfound', { adminUrl: notFoundServer.url }).testDatasource();
    expect(notFound.status).toBe('error');
    expect(notFound.message).toMatch(
      new RegExp(`^${notFoundServer.url} answered 404 to GET /health: it is not Restate's admin API`)
    );
  });

  it('a rejected token (upstream 401, which the proxy turns into 400): says to set the token again', async () => {
    const res = await dataSource('rejecting', { adminUrl: rejectingServer.url }).testDatasource();
    expect(res.status).toBe('error');
    expect(res.message).toMatch(
      /^Restate rejected the bearer token \(401 Unauthorized, GET \/health\).*Connection → Bearer token/
    );
    // The proxy did send the stored token; it is the upstream that refused it.
    expect(rejectingServer.authorizations).toContain(`Bearer ${TOKEN}`);
  });

  it('an admin URL that is not set: says so without sending anything', async () => {
    const res = await dataSource('no-admin', {}).testDatasource();
    expect(res.status).toBe('error');
    expect(res.message).toMatch(/^The admin API URL is not set/);
  });
});
