// Unit tests of the harness's re-statement of Grafana's data source proxy: Go template rendering and route
// matching, checked against behaviour read in Grafana's source (cited per test) and against the real
// src/datasource/plugin.json routes and the role table of DESIGN §2.
import http from 'node:http';
import { lastValueFrom } from 'rxjs';
import { createBackendSrv } from '../harness/backendSrvCore.mjs';
import {
  cleanRelativePath,
  joinURLFragments,
  loadRoutes,
  matchRoute,
  renderTemplate,
  resolveTarget,
  type DataSource,
  type Role,
} from '../harness/grafanaProxy.mjs';

describe('renderTemplate (pkg/api/pluginproxy/utils.go interpolateString, Go text/template)', () => {
  const data = { JsonData: { adminUrl: 'http://r:9070', port: 9070, tls: true }, SecureJsonData: { token: 's3cret' } };

  test('renders JsonData and SecureJsonData fields, with or without spaces', () => {
    expect(renderTemplate('{{ .JsonData.adminUrl }}/query', data)).toBe('http://r:9070/query');
    expect(renderTemplate('{{.JsonData.adminUrl}}/', data)).toBe('http://r:9070/');
    expect(renderTemplate('Bearer {{ .SecureJsonData.token }}', data)).toBe('Bearer s3cret');
    expect(renderTemplate('{{  .JsonData.port  }}:{{ .JsonData.tls }}', data)).toBe('9070:true');
    expect(renderTemplate('{{ .URL }}', { ...data, URL: 'http://u' })).toBe('http://u');
    expect(renderTemplate('no actions', data)).toBe('no actions');
  });

  test('a missing key prints <no value>, as Go does for a map with the default missingkey option', () => {
    expect(renderTemplate('Bearer {{ .SecureJsonData.token }}', { JsonData: {}, SecureJsonData: {} })).toBe(
      'Bearer <no value>'
    );
    expect(renderTemplate('{{ .JsonData.ingressUrl }}/', { JsonData: {} })).toBe('<no value>/');
  });

  test('an action Grafana routes do not use is refused rather than silently mis-rendered', () => {
    expect(() => renderTemplate('{{ .JsonData.a | printf "%s" }}', data)).toThrow(/unsupported template/);
    expect(() => renderTemplate('{{ .Other.a }}', data)).toThrow(/unsupported template/);
  });
});

describe('route matching (pkg/api/pluginproxy/ds_proxy.go validateRequest)', () => {
  const routes = loadRoutes();
  const at = (method: string, path: string, role: Role) => {
    const m = matchRoute(routes, method, path, role);
    return m.route ? `${m.route.method} ${m.route.path}${m.denied ? ' denied' : ''}` : 'unrouted';
  };

  test('the least role per request follows DESIGN §2', () => {
    const table: Array<[string, string, Role]> = [
      ['GET', 'admin/health', 'Viewer'],
      ['GET', 'admin/version', 'Viewer'],
      ['GET', 'admin/services', 'Viewer'],
      ['GET', 'admin/services/greeter', 'Viewer'],
      ['GET', 'admin/services/greeter/openapi', 'Viewer'],
      ['PATCH', 'admin/services/greeter', 'Editor'],
      ['POST', 'admin/services/counter/state', 'Editor'],
      ['POST', 'ingress/greeter/greet', 'Editor'],
      ['GET', 'ingress/restate/invocation/inv_1/output', 'Editor'],
      ['POST', 'admin/vqueues/vq_1/pause', 'Editor'],
      ['POST', 'admin/vqueues/vq_1/resume', 'Editor'],
      ['PUT', 'admin/limits/rules', 'Admin'],
      ['POST', 'admin/limits/rules/bulk-delete', 'Admin'],
    ];
    const ranks: Role[] = ['Viewer', 'Editor', 'Admin'];
    for (const [method, path, least] of table) {
      for (const role of ranks) {
        const m = matchRoute(routes, method, path, role);
        expect({ method, path, role, routed: m.route !== null }).toEqual({ method, path, role, routed: true });
        const allowed = ranks.indexOf(role) >= ranks.indexOf(least);
        expect({ method, path, role, denied: m.denied }).toEqual({ method, path, role, denied: !allowed });
      }
    }
  });

  test('the first matching route wins; method decides before path', () => {
    expect(at('GET', 'admin/services/greeter', 'Viewer')).toBe('GET admin/services');
    expect(at('PATCH', 'admin/services/greeter', 'Viewer')).toBe('PATCH admin/services/ denied');
    expect(at('POST', 'admin/services/counter/state', 'Viewer')).toBe('POST admin/services/ denied');
    expect(at('POST', 'admin/services/counter/state', 'Editor')).toBe('POST admin/services/');
    expect(at('PATCH', 'admin/services/greeter', 'Editor')).toBe('PATCH admin/services/');
  });

  test('anything else is unrouted: SQL, deployments, Kafka, subscriptions and invocation actions go through the backend, not the proxy', () => {
    for (const [method, path] of [
      ['GET', 'foo/bar'],
      ['GET', 'admin'],
      ['GET', 'admin/'],
      ['GET', 'admin/deployments'],
      ['GET', 'admin/deployments/dp_1'],
      ['POST', 'admin/deployments'],
      ['PATCH', 'admin/deployments/dp_1'],
      ['DELETE', 'admin/deployments/dp_1'],
      ['GET', 'admin/kafka-clusters'],
      ['GET', 'admin/subscriptions'],
      ['GET', 'admin/openapi'],
      ['POST', 'admin/query'],
      ['PUT', 'admin/deployments'],
      ['POST', 'admin/version'],
      ['DELETE', 'admin/invocations/inv_1'],
      ['PATCH', 'admin/invocations/inv_1/kill'],
      ['PATCH', 'admin/invocations/inv_1/cancel'],
      ['PATCH', 'admin/query'],
      ['GET', 'admin/limits/rules'],
      ['POST', 'admin/limits/rules'],
      ['GET', 'admin/vqueues/vq_1'],
      ['GET', ''],
    ]) {
      expect(at(method, path, 'Admin')).toBe('unrouted');
    }
  });

  test('paths are compared after util.CleanRelativePath, so ".." cannot climb out of a route', () => {
    expect(cleanRelativePath('admin/')).toBe('admin');
    expect(cleanRelativePath('')).toBe('.');
    expect(cleanRelativePath('admin/../ingress/x')).toBe('ingress/x');
    expect(cleanRelativePath('/../../etc')).toBe('etc');
    // A Viewer's GET that climbs from admin/ into ingress/ is matched as ingress (Editor) and denied.
    expect(at('GET', 'admin/../ingress/greeter/greet', 'Viewer')).toBe('* ingress/ denied');
    // Prefix, not segment, matching: "admin/services" also covers "admin/servicesx" (still a Viewer read).
    expect(at('GET', 'admin/servicesx', 'Viewer')).toBe('GET admin/services');
    // And a climb from a read route into the deployments stays unrouted.
    expect(at('GET', 'admin/services/../deployments', 'Viewer')).toBe('unrouted');
  });
});

describe('resolveTarget (ds_auth_provider.go ApplyRoute, util.JoinURLFragments)', () => {
  const ds: DataSource = {
    uid: 'r',
    url: '',
    jsonData: { adminUrl: 'http://127.0.0.1:9070', ingressUrl: 'http://127.0.0.1:8080/base' },
    secureJsonData: { token: 't' },
  };
  const routes = loadRoutes();
  const target = (method: string, path: string, search = '') => {
    const { route } = matchRoute(routes, method, path, 'Admin');
    const r = resolveTarget(ds, route, path, search);
    return { url: r.target?.toString() ?? null, auth: r.headers.Authorization };
  };

  test('joins the rendered route url with the rest of the path and keeps the query string', () => {
    expect(joinURLFragments('/a/', '/b')).toBe('/a/b');
    expect(joinURLFragments('/a', 'b')).toBe('/a/b');
    expect(joinURLFragments('/a', '')).toBe('/a');
    expect(target('GET', 'admin/version')).toEqual({ url: 'http://127.0.0.1:9070/version', auth: 'Bearer t' });
    expect(target('PATCH', 'admin/services/greeter', '?x=1')).toEqual({
      url: 'http://127.0.0.1:9070/services/greeter?x=1',
      auth: 'Bearer t',
    });
    expect(target('POST', 'ingress/greeter/greet')).toEqual({
      url: 'http://127.0.0.1:8080/base/greeter/greet',
      auth: 'Bearer t',
    });
  });

  test('a percent-escape in a routed path is escaped again (ApplyRoute sets URL.Path from the escaped path)', () => {
    expect(target('POST', 'ingress/counter/a%20b/add').url).toBe('http://127.0.0.1:8080/base/counter/a%2520b/add');
  });

  test('an unrouted request has no target when the data source url is empty (ValidateURL: "" → "http://")', () => {
    expect(resolveTarget(ds, null, 'foo/bar', '').target).toBeNull();
    expect(resolveTarget({ ...ds, url: 'http://up:1/p' }, null, 'foo/bar', '?x=1').target?.toString()).toBe(
      'http://up:1/p/foo/bar?x=1'
    );
  });
});

describe('createBackendSrv (public/app/core/services/backend_srv.ts, public/app/core/utils/fetch.ts)', () => {
  let server: http.Server;
  let base = '';
  const seen: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url?.startsWith('/slow')) {
          setTimeout(() => res.end('{"slow":true}'), 500);
        } else if (req.url?.startsWith('/text-error')) {
          res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'x-secret': 'h' });
          res.end('bad input');
        } else if (req.url?.startsWith('/empty-error')) {
          res.writeHead(501);
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"ok":1}');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(
    () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      })
  );

  test('default Accept, JSON content-type for POST, params serialised, leading slash resolved against the base', async () => {
    const srv = createBackendSrv(base);
    const res = await lastValueFrom(
      srv.fetch({
        url: '/api/x',
        method: 'POST',
        data: { a: 1 },
        params: { force: true, skip: undefined, tags: ['a', 'b'] },
      })
    );
    expect(res).toMatchObject({ status: 200, ok: true, data: { ok: 1 } });
    const got = seen[seen.length - 1];
    expect(got.url).toBe('/api/x?force=true&tags=a&tags=b');
    expect(got.headers.accept).toBe('application/json, text/plain, */*');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-grafana-org-id']).toBe('1');
    expect(got.body).toBe('{"a":1}');
    // A caller's Authorization is moved to X-DS-Authorization for a Grafana-local url.
    await lastValueFrom(
      srv.fetch({ url: '/api/y', headers: { Authorization: 'Bearer mine', Accept: 'application/json' } })
    );
    expect(seen[seen.length - 1].headers).toMatchObject({
      'x-ds-authorization': 'Bearer mine',
      accept: 'application/json',
    });
    expect(seen[seen.length - 1].headers.authorization).toBeUndefined();
  });

  test('FetchError is {status, statusText, data, config} without headers; a text body becomes data.message', async () => {
    const srv = createBackendSrv(base);
    const err = await lastValueFrom(srv.fetch({ url: '/text-error' })).catch((e) => e);
    expect(Object.keys(err).sort()).toEqual(['config', 'data', 'status', 'statusText']);
    expect(err).toMatchObject({
      status: 400,
      statusText: 'Bad Request',
      data: { message: 'bad input', error: 'Bad Request', response: 'bad input' },
    });
    const empty = await lastValueFrom(srv.fetch({ url: '/empty-error', method: 'DELETE' })).catch((e) => e);
    expect(empty).toMatchObject({ status: 501, data: { message: 'Not Implemented', response: '' } });
  });

  test('a newer request with the same requestId cancels the older one', async () => {
    const srv = createBackendSrv(base);
    const first = lastValueFrom(srv.fetch({ url: '/slow', requestId: 'poll' })).catch((e) => e);
    const second = await lastValueFrom(srv.fetch({ url: '/fast', requestId: 'poll' }));
    expect(second.data).toEqual({ ok: 1 });
    expect(await first).toMatchObject({ cancelled: true, status: -1, statusText: 'Request was aborted' });
  });

  test('a network failure is not a FetchError (no status), with data.message set', async () => {
    const srv = createBackendSrv('http://127.0.0.1:1');
    const err = await lastValueFrom(srv.fetch({ url: '/x' })).catch((e) => e);
    expect('status' in err).toBe(false);
    expect(err.data).toEqual({ message: 'Unexpected error' });
  });
});
