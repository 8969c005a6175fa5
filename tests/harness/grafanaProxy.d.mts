// Generated from the JSDoc of grafanaProxy.mjs; regenerate with the command in tests/harness/README.md.
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
export function loadRoutes(pluginJsonPath?: string): Route[];
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
export function renderTemplate(
  text: string,
  data: {
    JsonData?: Record<string, unknown>;
    SecureJsonData?: Record<string, string>;
    URL?: string;
  }
): string;
/**
 * util.CleanRelativePath: filepath.Clean(filepath.Join("/", p)) made relative to "/" ("" → ".").
 * @param {string} p
 */
export function cleanRelativePath(p: string): string;
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
export function matchRoute(
  routes: Route[],
  method: string,
  proxyPath: string,
  role: Role
): {
  route: Route | null;
  denied: boolean;
};
/**
 * util.JoinURLFragments: joins with exactly one slash; an empty b returns a unchanged.
 * @param {string} a
 * @param {string} b
 */
export function joinURLFragments(a: string, b: string): string;
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
export function resolveTarget(
  ds: DataSource,
  route: Route | null,
  proxyPath: string,
  search: string
): {
  target: URL | null;
  headers: Record<string, string>;
};
/**
 * Handles one proxied request, as HandleRequest does after the data source was looked up.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {{ dataSource: DataSource, proxyPath: string, role: Role, routes: Route[], timeoutMs?: number }} opts
 *   proxyPath: the part after `/api/datasources/proxy/uid/<uid>/`, still percent-encoded, without the query string
 * @returns {Promise<void>}
 */
export function handleProxyRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  {
    dataSource,
    proxyPath,
    role,
    routes,
    timeoutMs,
  }: {
    dataSource: DataSource;
    proxyPath: string;
    role: Role;
    routes: Route[];
    timeoutMs?: number;
  }
): Promise<void>;
/**
 * A tiny HTTP server on 127.0.0.1 serving only `/api/datasources/proxy/uid/:uid/*` (404 JSON otherwise).
 * @param {{ dataSources: DataSource[], role: () => Role, routes?: Route[], timeoutMs?: number,
 *           onResponse?: (x: ProxyExchange) => void }} opts
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function startGrafanaProxy({
  dataSources,
  role,
  routes,
  timeoutMs,
  onResponse,
}: {
  dataSources: DataSource[];
  role: () => Role;
  routes?: Route[];
  timeoutMs?: number;
  onResponse?: (x: ProxyExchange) => void;
}): Promise<{
  url: string;
  close: () => Promise<void>;
}>;
export type RouteHeader = {
  name: string;
  content: string;
};
export type Route = {
  path: string;
  method?: string;
  reqRole?: string;
  reqAction?: string;
  url?: string;
  headers?: RouteHeader[];
};
export type Role = 'Viewer' | 'Editor' | 'Admin';
export type DataSource = {
  uid: string;
  type?: string;
  url?: string;
  jsonData?: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
};
/**
 * one response as the browser side receives it (for scans such as "no response contains the token")
 */
export type ProxyExchange = {
  method: string;
  url: string;
  status: number;
  headers: Record<string, unknown>;
  body: string;
};
import http from 'node:http';
