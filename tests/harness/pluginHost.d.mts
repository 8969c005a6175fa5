// Generated from the JSDoc of pluginHost.mjs; regenerate with the command in tests/harness/README.md.
/**
 * Builds (or reuses) the plugin host binary and returns its path. The name carries a hash of go.mod, go.sum
 * and every .go file under pkg/ and tests/harness/pluginhost/, so a change of the plugin rebuilds it.
 * @param {{ cacheDir?: string }} [opts]  default $XDG_CACHE_HOME or ~/.cache, then restate-grafana/
 * @returns {string}
 */
export function buildPluginHost(opts?: { cacheDir?: string }): string;
/**
 * @typedef {object} PluginHostDataSource
 * @property {string} uid
 * @property {string} type  e.g. restatedev-restate-datasource
 * @property {string} [name]
 * @property {Record<string, unknown>} [jsonData]
 * @property {Record<string, string>} [secureJsonData]  given to the plugin as decrypted secure data
 */
/**
 * @typedef {object} PluginHost
 * @property {string} url  e.g. http://127.0.0.1:41237
 * @property {number} pid
 * @property {() => string} output  the host's stdout + stderr so far (the SDK logs there)
 * @property {(dataSources: PluginHostDataSource[]) => void} update  replaces the data sources (the host reloads them on its next request)
 * @property {() => Promise<void>} stop  kills the host and removes its data source file
 */
/**
 * Starts the plugin host on a free loopback port with these data sources. Requests take the user's org role
 * from the `X-Grafana-Org-Role` header (default Viewer).
 * @param {{ dataSources: PluginHostDataSource[], timeoutMs?: number, cacheDir?: string }} opts
 * @returns {Promise<PluginHost>}
 */
export function startPluginHost(opts: {
  dataSources: PluginHostDataSource[];
  timeoutMs?: number;
  cacheDir?: string;
}): Promise<PluginHost>;
/**
 * Whether a request path (without query) is one of the API paths the plugin host answers.
 * @param {string} pathname
 * @returns {boolean}
 */
export function isPluginHostPath(pathname: string): boolean;
/**
 * Forwards a request of a Grafana stand-in (node:http) to the plugin host: same method, path, query and
 * body, the user's role as `X-Grafana-Org-Role`; the host's status, content type, Retry-After and body
 * come back. Cookies and Authorization are not forwarded (Grafana does not hand them to plugins either).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} hostUrl
 * @param {string} role  Viewer | Editor | Admin
 * @returns {Promise<void>}
 */
export function forwardToPluginHost(
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  hostUrl: string,
  role: string
): Promise<void>;
export type PluginHostDataSource = {
  uid: string;
  /**
   * e.g. restatedev-restate-datasource
   */
  type: string;
  name?: string | undefined;
  jsonData?: Record<string, unknown> | undefined;
  /**
   * given to the plugin as decrypted secure data
   */
  secureJsonData?: Record<string, string> | undefined;
};
export type PluginHost = {
  /**
   * e.g. http://127.0.0.1:41237
   */
  url: string;
  pid: number;
  /**
   * the host's stdout + stderr so far (the SDK logs there)
   */
  output: () => string;
  /**
   * replaces the data sources (the host reloads them on its next request)
   */
  update: (dataSources: PluginHostDataSource[]) => void;
  /**
   * kills the host and removes its data source file
   */
  stop: () => Promise<void>;
};
