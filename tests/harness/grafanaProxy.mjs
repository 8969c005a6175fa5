// A re-statement of Grafana's data source proxy (`/api/datasources/proxy/uid/:uid/*`) for the routes of
// src/datasource/plugin.json, so tests reach Restate the way the plugin does inside Grafana and a wrong route
// fails a test. Sources (github.com/grafana/grafana, v12):
// - pkg/api/datasourceproxy/datasourceproxy.go: ProxyDatasourceRequestWithUID, extractProxyPath/getProxyPath
// - pkg/api/pluginproxy/ds_proxy.go: HandleRequest, validateRequest, hasAccessToRoute, director
// - pkg/api/pluginproxy/ds_auth_provider.go: ApplyRoute; pkg/api/pluginproxy/utils.go: interpolateString, addHeaders
// - pkg/util/proxyutil/reverse_proxy.go: NewReverseProxy, wrapDirector, modifyResponse, errorHandler
// - pkg/util/proxyutil/proxyutil.go: PrepareProxyRequest, ClearCookieHeader, SetProxyResponseHeaders
// - pkg/api/datasource/validation.go: ValidateURL; pkg/util/url.go: JoinURLFragments; pkg/util/filepath.go: CleanRelativePath
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { listenOnLoopback } from './ports.mjs';
import { forwardToPluginHost, isPluginHostPath, startPluginHost } from './pluginHost.mjs';

const RESTATE_TYPE = 'restatedev-restate-datasource';

/**
 * @typedef {{ name: string, content: string }} RouteHeader
 * @typedef {{ path: string, method?: string, reqRole?: string, reqAction?: string, url?: string,
 *             headers?: RouteHeader[] }} Route
 * @typedef {'Viewer' | 'Editor' | 'Admin'} Role
 * @typedef {{ uid: string, type?: string, url?: string, jsonData?: Record<string, unknown>,
 *             secureJsonData?: Record<string, string> }} DataSource
 */

/**
 * The routes of the real src/datasource/plugin.json (so a wrong route fails a test).
 * @param {string} [pluginJsonPath] defaults to src/datasource/plugin.json under the working directory (repo root)
 * @returns {Route[]}
 */
export function loadRoutes(pluginJsonPath) {
  const file = pluginJsonPath ?? path.join(process.cwd(), 'src', 'datasource', 'plugin.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).routes ?? [];
}

// --- Go text/template, the subset Grafana's route templates use -------------------------------------------

const ACTION = /\{\{\s*\.(JsonData|SecureJsonData)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\{\{\s*\.(URL)\s*\}\}/g;

/**
 * Renders `{{ .JsonData.x }}`, `{{ .SecureJsonData.x }}` and `{{ .URL }}` like Grafana's interpolateString
 * (pkg/api/pluginproxy/utils.go: text/template executed on templateData{JsonData map[string]any,
 * SecureJsonData map[string]string, URL}). A missing map key prints `<no value>`, as Go's text/template does with
 * the default missingkey option (text/template exec.go evalField → printableValue of an invalid value), so an
 * unset token is sent as `Bearer <no value>`, not as an empty string. Any other action is not supported here and throws.
 * @param {string} text
 * @param {{ JsonData?: Record<string, unknown>, SecureJsonData?: Record<string, string>, URL?: string }} data
 * @returns {string}
 */
export function renderTemplate(text, data) {
  const rendered = text.replace(ACTION, (_m, scope, key, url) => {
    if (url) {
      return data.URL ?? '';
    }
    const map = /** @type {Record<string, unknown> | undefined} */ (data[/** @type {'JsonData'} */ (scope)]);
    if (!map || !Object.prototype.hasOwnProperty.call(map, key)) {
      return '<no value>';
    }
    return goPrint(map[key]);
  });
  if (rendered.includes('{{')) {
    throw new Error(`unsupported template action in ${JSON.stringify(text)}`);
  }
  return rendered;
}

/** fmt.Sprint of a decoded JSON value (enough for strings, numbers and booleans). @param {unknown} v */
function goPrint(v) {
  if (v === null || v === undefined) {
    return '<nil>';
  }
  return String(v);
}

// --- route matching ----------------------------------------------------------------------------------------

/**
 * util.CleanRelativePath: filepath.Clean(filepath.Join("/", p)) made relative to "/" ("" → ".").
 * @param {string} p
 */
export function cleanRelativePath(p) {
  const cleaned = path.posix.normalize(`/${p}`).replace(/\/+$/, '');
  return cleaned === '' ? '.' : cleaned.replace(/^\/+/, '');
}

const ROLE_RANK = { Viewer: 1, Editor: 2, Admin: 3 };

/**
 * ds_proxy.go validateRequest: the FIRST route whose method matches ("" and "*" match any) and whose cleaned
 * path is a prefix of the cleaned proxy path wins; then its reqRole is checked (hasAccessToRoute; role hierarchy
 * Viewer < Editor < Admin as in org.RoleType.Includes). No match is not an error: the request then goes to
 * the data source's own url.
 * @param {Route[]} routes
 * @param {string} method
 * @param {string} proxyPath
 * @param {Role} role
 * @returns {{ route: Route | null, denied: boolean }}
 */
export function matchRoute(routes, method, proxyPath, role) {
  const r1 = cleanRelativePath(proxyPath);
  for (const route of routes) {
    if (route.method && route.method !== '*' && route.method !== method) {
      continue;
    }
    if (!r1.startsWith(cleanRelativePath(route.path))) {
      continue;
    }
    const need = route.reqRole ? ROLE_RANK[/** @type {Role} */ (route.reqRole)] : undefined;
    if (need !== undefined && (ROLE_RANK[role] ?? 0) < need) {
      return { route, denied: true };
    }
    return { route, denied: false };
  }
  return { route: null, denied: false };
}

/**
 * util.JoinURLFragments: joins with exactly one slash; an empty b returns a unchanged.
 * @param {string} a
 * @param {string} b
 */
export function joinURLFragments(a, b) {
  if (b.length === 0) {
    return a;
  }
  const aslash = a.endsWith('/');
  const bslash = b.startsWith('/');
  if (aslash && bslash) {
    return a + b.slice(1);
  }
  if (!aslash && !bslash) {
    return `${a}/${b}`;
  }
  return a + b;
}

/**
 * Where Grafana sends a request, and with which route (null: the data source's own url).
 * ApplyRoute sets req.URL.Path (not RawPath) to JoinURLFragments(routeURL.Path, TrimPrefix(proxyPath, route.Path)),
 * where proxyPath is still percent-encoded (getProxyPath takes URL.EscapedPath()); Go then re-escapes Path, so a
 * `%` in the proxied path reaches the upstream as `%25`. Keep path segments free of characters that need encoding.
 * @param {DataSource} ds
 * @param {Route | null} route
 * @param {string} proxyPath  escaped, without the query string
 * @param {string} search     "?a=b" or ""
 * @returns {{ target: URL | null, headers: Record<string, string> }}  target null: no host to reach
 */
export function resolveTarget(ds, route, proxyPath, search) {
  const data = { JsonData: ds.jsonData ?? {}, SecureJsonData: ds.secureJsonData ?? {}, URL: ds.url ?? '' };
  // NewDataSourceProxy → datasource.ValidateURL: a plugin type does not require a url; "" becomes "http://"
  // (no host), so an unrouted request has nowhere to go and the transport fails (502).
  const dsUrl = ds.url && /^[^:]*:\/\//.test(ds.url) ? ds.url : `http://${ds.url ?? ''}`;
  const base = new URL(dsUrl === 'http://' ? 'http://invalid.invalid' : dsUrl);
  /** @type {Record<string, string>} */
  const headers = {};
  if (!route) {
    if (dsUrl === 'http://') {
      return { target: null, headers };
    }
    // director, default case: RawPath = JoinURLFragments(targetUrl.Path, proxyPath)
    return { target: new URL(joinURLFragments(base.pathname, proxyPath) + search, base.origin), headers };
  }
  let target = null;
  if (route.url) {
    const routeUrl = new URL(renderTemplate(route.url, data));
    const rest = proxyPath.startsWith(route.path) ? proxyPath.slice(route.path.length) : proxyPath;
    const p = joinURLFragments(routeUrl.pathname, rest).replace(/%/g, '%25');
    target = new URL(p + search, routeUrl.origin);
  } else if (dsUrl !== 'http://') {
    target = new URL(joinURLFragments(base.pathname, proxyPath) + search, base.origin);
  }
  // addHeaders: header.Set for each route header (overrides what the browser sent).
  for (const h of route.headers ?? []) {
    headers[h.name] = renderTemplate(h.content, data);
  }
  return { target, headers };
}

// --- the proxy ---------------------------------------------------------------------------------------------

const HOP_BY_HOP = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Reads a request body to its end before an early answer, so a keep-alive connection stays usable.
 * @param {http.IncomingMessage} req
 * @returns {Promise<void>}
 */
function drain(req) {
  return new Promise((resolve) => {
    if (req.readableEnded) {
      resolve();
      return;
    }
    req.on('end', () => resolve());
    req.on('error', () => resolve());
    req.resume();
  });
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} message
 */
function jsonApiErr(res, status, message) {
  // contextmodel.ReqContext.JsonApiErr: {"message": ...}
  const body = JSON.stringify({ message });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Handles one proxied request, as HandleRequest does after the data source was looked up.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {{ dataSource: DataSource, proxyPath: string, role: Role, routes: Route[], timeoutMs?: number }} opts
 *   proxyPath: the part after `/api/datasources/proxy/uid/<uid>/`, still percent-encoded, without the query string
 * @returns {Promise<void>}
 */
export async function handleProxyRequest(req, res, { dataSource, proxyPath, role, routes, timeoutMs = 30_000 }) {
  const method = req.method ?? 'GET';
  const { route, denied } = matchRoute(routes, method, proxyPath, role);
  if (denied) {
    // HandleRequest: validateRequest error → 403 JsonApiErr
    await drain(req);
    jsonApiErr(res, 403, 'plugin proxy route access denied');
    return;
  }
  const search = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
  let resolved;
  try {
    resolved = resolveTarget(dataSource, route, proxyPath, search);
  } catch (e) {
    await drain(req);
    jsonApiErr(res, 500, `harness: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  const { target, headers: routeHeaders } = resolved;

  // director + proxyutil.PrepareProxyRequest/ClearCookieHeader/wrapDirector
  /** @type {Record<string, string | string[]>} */
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k)) {
      headers[k] = v;
    }
  }
  const referer = req.headers.referer;
  headers['x-grafana-referer'] = typeof referer === 'string' ? referer : '';
  delete headers.origin;
  delete headers.referer;
  delete headers['x-forwarded-host'];
  delete headers['x-forwarded-port'];
  delete headers['x-forwarded-proto'];
  const remote = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${remote}` : remote;
  const dsAuth = req.headers['x-ds-authorization'];
  if (typeof dsAuth === 'string' && dsAuth.length > 0) {
    delete headers['x-ds-authorization'];
    headers.authorization = dsAuth;
  }
  delete headers['x-grafana-user']; // ApplyUserHeader with send_user_header = false (the default)
  delete headers.cookie; // ClearCookieHeader: no keepCookies configured
  headers['user-agent'] = 'Grafana/12.4.10';
  delete headers.host;
  for (const [name, value] of Object.entries(routeHeaders)) {
    delete headers[name.toLowerCase()];
    headers[name.toLowerCase()] = value;
  }

  if (!target) {
    // errorHandler: any transport error other than a timeout → 502 with an empty body
    await drain(req);
    res.writeHead(502);
    res.end();
    return;
  }

  const client = target.protocol === 'https:' ? https : http;
  await new Promise((resolve) => {
    const upstream = client.request(
      target,
      { method, headers: { ...headers, host: target.host }, timeout: timeoutMs },
      (up) => {
        const status = up.statusCode ?? 502;
        if (status === 401) {
          // HandleRequest modifyResponse: upstream 401 → 400 "Authentication to data source failed", fresh headers
          up.resume();
          const msg = 'Authentication to data source failed';
          res.writeHead(400, {
            'content-type': 'text/plain; charset=utf-8', // net/http sniffs it when the header is unset
            'content-length': Buffer.byteLength(msg),
            'content-security-policy': 'sandbox',
          });
          res.end(msg);
          up.on('end', resolve);
          return;
        }
        /** @type {Record<string, string | string[]>} */
        const out = {};
        for (const [k, v] of Object.entries(up.headers)) {
          if (v !== undefined && !HOP_BY_HOP.has(k) && k !== 'set-cookie') {
            out[k] = v;
          }
        }
        out['content-security-policy'] = 'sandbox'; // proxyutil.SetProxyResponseHeaders
        res.writeHead(status, up.statusMessage, out);
        up.pipe(res);
        up.on('end', resolve);
        up.on('error', resolve);
      }
    );
    upstream.on('timeout', () => upstream.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    upstream.on('error', (/** @type {NodeJS.ErrnoException} */ e) => {
      // proxyutil errorHandler: timeout → 504, any other transport error → 502, both with an empty body
      if (!res.headersSent) {
        res.writeHead(e.code === 'ETIMEDOUT' ? 504 : 502);
      }
      res.end();
      resolve(undefined);
    });
    req.pipe(upstream);
  });
}

const PROXY_PREFIX = /^\/api\/datasources\/proxy\/uid\/([\w-]+)\/?/;

/**
 * @typedef {{ method: string, url: string, status: number, headers: Record<string, unknown>, body: string }} ProxyExchange
 *   one response as the browser side receives it (for scans such as "no response contains the token")
 */

/**
 * Calls `onResponse` with every response once it is complete.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {(x: ProxyExchange) => void} onResponse
 */
function recordResponse(req, res, onResponse) {
  /** @type {Buffer[]} */
  const chunks = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  /** @param {any} chunk */
  const keep = (chunk) => {
    if (chunk !== undefined && typeof chunk !== 'function') {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    }
  };
  res.write = /** @type {any} */ (
    (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => {
      keep(chunk);
      return write(chunk, ...rest);
    }
  );
  res.end = /** @type {any} */ (
    (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => {
      keep(chunk);
      return end(chunk, ...rest);
    }
  );
  res.on('finish', () =>
    onResponse({
      method: req.method ?? 'GET',
      url: req.url ?? '',
      status: res.statusCode,
      headers: res.getHeaders(),
      body: Buffer.concat(chunks).toString('utf8'),
    })
  );
}

/**
 * A tiny HTTP server on 127.0.0.1 serving `/api/datasources/proxy/uid/:uid/*` (this re-statement) and the API
 * paths that reach the data source's Go backend (`/api/ds/query`, `/api/datasources/uid/:uid/health` and
 * `/resources/*`), which go to a plugin host running the real plugin package (pluginHost.mjs); 404 JSON otherwise.
 * @param {{ dataSources: DataSource[], role: () => Role, routes?: Route[], timeoutMs?: number,
 *           onResponse?: (x: ProxyExchange) => void }} opts
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startGrafanaProxy({ dataSources, role, routes = loadRoutes(), timeoutMs, onResponse }) {
  const backend = await startPluginHost({
    dataSources: dataSources.map((d) => ({ type: RESTATE_TYPE, ...d, jsonData: d.jsonData ?? {} })),
  });
  const server = http.createServer((req, res) => {
    if (onResponse) {
      recordResponse(req, res, onResponse);
    }
    const rawPath = (req.url ?? '/').split('?')[0];
    if (isPluginHostPath(rawPath)) {
      forwardToPluginHost(req, res, backend.url, role()).catch(() => {
        if (!res.headersSent) {
          res.writeHead(502);
        }
        res.end();
      });
      return;
    }
    const m = PROXY_PREFIX.exec(rawPath);
    if (!m) {
      drain(req).then(() => jsonApiErr(res, 404, 'Not found'));
      return;
    }
    const ds = dataSources.find((d) => d.uid === m[1]);
    if (!ds) {
      // datasourceproxy.go toAPIError: ErrDataSourceNotFound → 404
      drain(req).then(() => jsonApiErr(res, 404, 'Unable to find datasource'));
      return;
    }
    // extractProxyPath: strip the prefix from the escaped path
    const proxyPath = rawPath.slice(m[0].length);
    handleProxyRequest(req, res, { dataSource: ds, proxyPath, role: role(), routes, timeoutMs }).catch(() => {
      if (!res.headersSent) {
        res.writeHead(502);
      }
      res.end();
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    close: async () => {
      await listening.close();
      await backend.stop();
    },
  };
}
