import { of, throwError } from 'rxjs';
import type { BackendSrvRequest } from '@grafana/runtime';
import { checkConnection, getHealth, getVersion, isVersionInformation } from './cluster';
import { health, version } from './__fixtures__/restateResponses';
import {
  fetchError,
  fetchResponse,
  proxyAuthFailed,
  proxyBadGateway,
  proxyGatewayTimeout,
  proxyRouteDenied,
} from '../test/grafanaFetch';

const fetch = jest.fn();
const getInstanceSettings = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch }),
  getDataSourceSrv: () => ({ getInstanceSettings }),
}));

type Answer = Parameters<typeof fetchError>[0];
/** Answers /health and /version like Grafana's BackendSrv would, from recorded or constructed responses. */
function serve(answers: { health?: Answer; version?: Answer }) {
  fetch.mockImplementation((req: BackendSrvRequest) => {
    const which = req.url.endsWith('/admin/health')
      ? 'health'
      : req.url.endsWith('/admin/version')
        ? 'version'
        : undefined;
    const rec = which && (answers[which] ?? (which === 'health' ? health : version));
    if (!rec) {
      throw new Error(`unexpected request ${req.url}`);
    }
    return rec.status >= 400 ? throwError(() => fetchError(rec)) : of(fetchResponse({ request: '', ...rec }));
  });
}

const settings = { adminUrl: 'http://restate.example:9070', ingressUrl: 'http://restate.example:8080' };
const withVersion = (body: unknown): Answer => ({ ...version, body });

beforeEach(() => {
  fetch.mockReset();
  getInstanceSettings.mockReset();
});

describe('getHealth and getVersion', () => {
  it('GET admin/health and admin/version through the proxy', async () => {
    serve({});
    await expect(getHealth('ds1')).resolves.toBeUndefined();
    await expect(getVersion('ds1')).resolves.toEqual(version.body);
    expect(fetch.mock.calls.map(([r]) => [r.method, r.url])).toEqual([
      ['GET', '/api/datasources/proxy/uid/ds1/admin/health'],
      ['GET', '/api/datasources/proxy/uid/ds1/admin/version'],
    ]);
  });

  it('recognises a /version body by its fields', () => {
    expect(isVersionInformation(version.body)).toBe(true);
    expect(isVersionInformation({ version: '1.7.12' })).toBe(false);
    expect(isVersionInformation('<html>')).toBe(false);
  });
});

describe('checkConnection', () => {
  it('connected: the real version and the admin API range', async () => {
    serve({});
    const res = await checkConnection('ds1', settings);
    expect(res).toMatchObject({ status: 'success', message: 'Connected to Restate 1.7.12, admin API v2–v4' });
    expect(res.version?.version).toBe('1.7.12');
  });

  it('reads the settings of the data source when not given them', async () => {
    serve({});
    getInstanceSettings.mockReturnValue({ jsonData: settings });
    await expect(checkConnection('ds1')).resolves.toMatchObject({ status: 'success' });
    expect(getInstanceSettings).toHaveBeenCalledWith('ds1');
  });

  it('admin URL not set or not valid: says so, and sends nothing', async () => {
    const unset = await checkConnection('ds1', {});
    expect(unset).toMatchObject({ status: 'error' });
    expect(unset.message).toMatch(/admin API URL is not set.*e\.g\. http:\/\/localhost:9070/);
    const slash = await checkConnection('ds1', { adminUrl: 'http://restate.example:9070/' });
    expect(slash.message).toBe(
      "Remove the trailing slash from the admin API URL ('http://restate.example:9070/' → 'http://restate.example:9070'): Grafana's proxy appends the path, so Restate would be asked for '//health'."
    );
    const bad = await checkConnection('ds1', { adminUrl: 'restate.example:9070' });
    expect(bad.message).toMatch(/not valid: Add http:\/\/ or https:\/\//);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("unreachable (proxy 502): Grafana's server could not reach the URL, not the browser", async () => {
    serve({ health: proxyBadGateway });
    const res = await checkConnection('ds1', settings);
    expect(res.status).toBe('error');
    expect(res.message).toMatch(/^Grafana's server could not reach http:\/\/restate\.example:9070 \(GET \/health, 502/);
    expect(res.message).toMatch(/The Grafana server, not your browser, connects/);
    expect(res.message).toMatch(/certificate/);
  });

  it('timeout (proxy 504)', async () => {
    serve({ health: proxyGatewayTimeout });
    expect((await checkConnection('ds1', settings)).message).toMatch(
      /timed out connecting to http:\/\/restate\.example:9070/
    );
  });

  it('token rejected: 401 (proxy 400) and 403 from Restate Cloud', async () => {
    serve({ health: proxyAuthFailed });
    expect((await checkConnection('ds1', settings)).message).toMatch(
      /rejected the bearer token \(401 Unauthorized, GET \/health\).*Bearer token/
    );
    serve({ health: { status: 403, statusText: 'Forbidden', body: '' } });
    expect((await checkConnection('ds1', settings)).message).toMatch(
      /refused the bearer token \(403 Forbidden.*Admin role/
    );
  });

  it('proxy route denied for the role', async () => {
    serve({ health: proxyRouteDenied });
    expect((await checkConnection('ds1', settings)).message).toMatch(
      /proxy refused GET \/health for your role \(403 plugin proxy route access denied\)/
    );
  });

  it('not a Restate server: 404, HTML or unrelated JSON from /version', async () => {
    serve({ health: { status: 404, statusText: 'Not Found', body: 'Not Found' } });
    expect((await checkConnection('ds1', settings)).message).toMatch(
      /answered 404 to GET \/health: it is not Restate's admin API.*9070/
    );

    serve({ version: withVersion('<!doctype html><html><body>Hello</body></html>') });
    const html = await checkConnection('ds1', settings);
    expect(html.status).toBe('error');
    expect(html.message).toMatch(/is not a Restate server: GET \/version answered 200 with an HTML page/);

    serve({ version: withVersion({ version: '2.0', name: 'something else' }) });
    expect((await checkConnection('ds1', settings)).message).toMatch(
      /JSON without Restate's "version" and "max_admin_api_version"/
    );
  });

  it('Restate errors that are none of the above keep their status and message', async () => {
    serve({
      version: {
        status: 500,
        statusText: 'Internal Server Error',
        contentType: 'application/json',
        body: { message: 'boom' },
      },
    });
    expect((await checkConnection('ds1', settings)).message).toBe('Restate answered 500 to GET /version: boom');
  });

  it('admin API versions that do not overlap ours: error saying what to upgrade', async () => {
    serve({
      version: withVersion({
        ...(version.body as object),
        version: '1.1.0',
        min_admin_api_version: 1,
        max_admin_api_version: 1,
      }),
    });
    const old = await checkConnection('ds1', settings);
    expect(old).toMatchObject({ status: 'error' });
    expect(old.message).toBe(
      'Connected to Restate 1.1.0, admin API v1, but this plugin speaks admin API v2–v4. Upgrade Restate (1.2 or newer) so the versions overlap.'
    );
    serve({
      version: withVersion({
        ...(version.body as object),
        version: '3.0.0',
        min_admin_api_version: 5,
        max_admin_api_version: 6,
      }),
    });
    expect((await checkConnection('ds1', settings)).message).toMatch(
      /admin API v5–v6, but .*Upgrade the Restate plugin for Grafana/
    );
  });

  it('a newer server that still overlaps: connected, with a warning', async () => {
    serve({ version: withVersion({ ...(version.body as object), version: '1.8.0', max_admin_api_version: 5 }) });
    const res = await checkConnection('ds1', settings);
    expect(res).toMatchObject({ status: 'warning', message: 'Connected to Restate 1.8.0, admin API v2–v5.' });
    expect(res.details?.message).toMatch(/newest admin API \(v5\) is newer than this plugin knows \(v4\)/);
  });

  it('ingress URL not set, not valid, or the admin endpoint: connected, with a warning', async () => {
    serve({});
    const unset = await checkConnection('ds1', { adminUrl: settings.adminUrl });
    expect(unset).toMatchObject({ status: 'warning', message: 'Connected to Restate 1.7.12, admin API v2–v4.' });
    expect(unset.details?.message).toMatch(
      /ingress URL is not set.*\(Restate advertises http:\/\/127\.0\.0\.1:8080\/\)/
    );

    const bad = await checkConnection('ds1', { ...settings, ingressUrl: 'http://restate.example:8080/foo' });
    expect(bad.details?.message).toMatch(/ingress URL is not valid: Remove '\/foo'/);

    const slash = await checkConnection('ds1', { ...settings, ingressUrl: 'http://restate.example:8080/' });
    expect(slash).toMatchObject({ status: 'warning' });
    expect(slash.details?.message).toMatch(/trailing slash from the ingress URL/);

    const same = await checkConnection('ds1', { ...settings, ingressUrl: 'http://restate.example:9070' });
    expect(same.details?.message).toMatch(/same host and port as the admin API \(restate\.example:9070\)/);
    // The ingress itself is never called (its route needs Editor).
    expect(fetch.mock.calls.every(([r]) => !r.url.includes('/ingress'))).toBe(true);
  });
});
