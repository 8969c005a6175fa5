// The test host: a Node HTTP server on 127.0.0.1 that plays the part of Grafana for the built plugin.
// It serves dist/ the way Grafana serves an installed plugin, a page that loads it the way Grafana's
// frontend does (client/, bundled by vendor.mjs), and only the slice of Grafana's HTTP API the plugin
// and that page call. Each handler names the Grafana source (github.com/grafana/grafana, v12) it re-states.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { handleProxyRequest, loadRoutes } from '../../harness/grafanaProxy.mjs';
import { forwardToPluginHost, isPluginHostPath, startPluginHost } from '../../harness/pluginHost.mjs';
import { lokiHealth } from './linkedHealth.mjs';
import { grafanaLine, lineRequire, repoRoot, systemJsFiles } from './vendor.mjs';

/**
 * @typedef {'Viewer' | 'Editor' | 'Admin'} Role
 * @typedef {{ id: number, uid: string, orgId: number, name: string, type: string, typeName: string,
 *   typeLogoUrl: string, access: 'proxy', url: string, user: string, database: string, basicAuth: boolean,
 *   basicAuthUser: string, withCredentials: boolean, isDefault: boolean, jsonData: Record<string, unknown>,
 *   secureJsonData: Record<string, string>, version: number, readOnly: boolean }} StoredDataSource
 * @typedef {{ dir: string, json: Record<string, any> }} InstalledPlugin
 */

const MIME = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/**
 * Plugins found in dist/: the app (dist/plugin.json) and every nested plugin its `includes` name
 * (pkg/plugins/manager/sources: a nested plugin is installed with its own id and directory).
 * @param {string} distDir
 * @returns {Map<string, InstalledPlugin>}
 */
function installedPlugins(distDir) {
  /** @type {Map<string, InstalledPlugin>} */
  const plugins = new Map();
  const app = JSON.parse(fs.readFileSync(path.join(distDir, 'plugin.json'), 'utf8'));
  plugins.set(app.id, { dir: distDir, json: app });
  for (const inc of app.includes ?? []) {
    if (inc.type === 'datasource' && inc.path) {
      const dir = path.join(distDir, path.dirname(inc.path));
      const json = JSON.parse(fs.readFileSync(path.join(distDir, inc.path), 'utf8'));
      plugins.set(json.id, { dir, json });
    }
  }
  return plugins;
}

/**
 * The plugin's settings/meta as Grafana's frontend receives them (pkg/api/plugins.go GetPluginSettingByID,
 * pkg/api/dtos/plugins.go PluginSetting): module and baseUrl under public/plugins/<id>, logos made absolute
 * (pkg/plugins/manager/loader/assetpath).
 * @param {InstalledPlugin} p
 * @param {{ enabled: boolean, jsonData: Record<string, unknown>, secureJsonData: Record<string, string> }} [settings]
 */
function pluginMeta(p, settings) {
  const { json } = p;
  const baseUrl = `public/plugins/${json.id}`;
  const logo = (/** @type {string | undefined} */ l) => (l ? `${baseUrl}/${l}` : undefined);
  return {
    ...json,
    type: json.type,
    module: `${baseUrl}/module.js`,
    baseUrl,
    info: { ...json.info, logos: { small: logo(json.info?.logos?.small), large: logo(json.info?.logos?.large) } },
    enabled: settings?.enabled ?? true,
    pinned: settings?.enabled ?? true,
    autoEnabled: false,
    jsonData: settings?.jsonData ?? {},
    secureJsonFields: secureFields(settings?.secureJsonData ?? {}),
    signature: 'unsigned',
    signatureType: '',
    hasUpdate: false,
    defaultNavUrl: json.type === 'app' ? `/plugins/${json.id}/` : undefined,
  };
}

/** Icon names @grafana/data accepts (availableIconsIndex in its types/icon). @param {NodeJS.Require} require @returns {Set<string>} */
function iconNames(require) {
  const file = path.join(path.dirname(require.resolve('@grafana/data/package.json')), 'dist', 'esm', 'types', 'icon.mjs');
  const text = fs.readFileSync(file, 'utf8');
  return new Set([...text.matchAll(/^\s+"?([\w-]+)"?: true,?$/gm)].map((m) => m[1]));
}

/** secureJsonData never leaves the server; the frontend only learns which keys are set. @param {Record<string, string>} s */
function secureFields(s) {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== '').map(([k]) => [k, true]));
}

// Basic-role permissions the frontend sees in boot data (pkg/services/accesscontrol/roles.go and
// pkg/api/roles.go: data source reader/writer are granted to Admin, Explore to Editor).
/** @type {Record<Role, string[]>} */
const ROLE_PERMISSIONS = {
  Viewer: ['datasources:query'],
  Editor: ['datasources:query', 'datasources:explore'],
  Admin: [
    'datasources:query',
    'datasources:explore',
    'datasources:read',
    'datasources:create',
    'datasources:write',
    'datasources:delete',
    'plugins:write',
  ],
};
const RANK = { Viewer: 0, Editor: 1, Admin: 2 };

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** @param {http.IncomingMessage} req @returns {Promise<any>} */
async function readJson(req) {
  const chunks = [];
  for await (const c of req) {
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

/**
 * @param {http.ServerResponse} res
 * @param {string} file
 */
function sendFile(res, file) {
  fs.readFile(file, (err, data) => {
    if (err) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[/** @type {keyof MIME} */ (path.extname(file))] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(data);
  });
}

/** Joins a URL path under a directory, refusing `..` escapes. @param {string} dir @param {string} rel */
function safeJoin(dir, rel) {
  const file = path.normalize(path.join(dir, decodeURIComponent(rel)));
  return file.startsWith(dir + path.sep) ? file : null;
}

/**
 * @typedef {object} TestHost
 * @property {string} url
 * @property {() => Role} role
 * @property {(role: Role) => void} setRole
 * @property {() => Promise<void>} close
 */

/**
 * Starts the host on a free 127.0.0.1 port, serving the page bundle `buildVendor()` wrote to `vendorDir`.
 * `line` (default GRAFANA_LINE, else 12.4) picks whose @grafana/* files (icons, Monaco) it serves and the version it reports.
 * @param {{ vendorDir: string, distDir?: string, port?: number, line?: '12.4' | '13.2' }} opts
 * @returns {Promise<TestHost>}
 */
export async function startHost(opts) {
  const { vendorDir } = opts;
  const line = opts.line ?? grafanaLine();
  const require = lineRequire(line);
  const distDir = path.resolve(opts.distDir ?? path.join(repoRoot, 'dist'));
  const plugins = installedPlugins(distDir);
  const appIds = [...plugins.values()].filter((p) => p.json.type === 'app').map((p) => p.json.id);
  const dsPlugin = [...plugins.values()].find((p) => p.json.type === 'datasource');
  // The proxy applies the routes of the *built* plugin.json, as Grafana does for the installed plugin.
  const routes = dsPlugin ? loadRoutes(path.join(dsPlugin.dir, 'plugin.json')) : [];
  const iconsDir = path.join(path.dirname(require.resolve('@grafana/ui/package.json')), 'dist', 'public', 'img', 'icons');
  const monacoDir = path.join(path.dirname(require.resolve('monaco-editor/package.json')), 'min', 'vs');

  const ownIconsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icons');
  const validIcons = iconNames(require);
  // The release whose packages the page runs: what Grafana reports as its own version.
  const grafanaVersion = require('@grafana/data/package.json').version;
  /**
   * Grafana's icons: the SVGs @grafana/ui ships; Grafana serves a few more from its own public/img
   * (the spinner among them). For those the host draws its own spinner, and a neutral square for any
   * other name @grafana/data accepts as an icon; an unknown name stays a 404, as in Grafana.
   * @param {string} rel e.g. unicons/plus.svg
   */
  const iconFile = (rel) => {
    const shipped = safeJoin(iconsDir, rel);
    if (shipped && fs.existsSync(shipped)) {
      return shipped;
    }
    const name = path.basename(rel, '.svg');
    if (name === 'spinner') {
      return path.join(ownIconsDir, 'spinner.svg');
    }
    return validIcons.has(name) ? path.join(ownIconsDir, 'placeholder.svg') : null;
  };

  const backend = await startPluginHost({ dataSources: [] });
  /** @type {Role} */
  let role = 'Admin';
  // Grafana's core is moving the user out of boot data (grafana/grafana#109686); a test can leave the role out.
  let roleInBootData = true;
  /** @type {StoredDataSource[]} */
  const dataSources = [];
  let nextId = 1;
  /** @type {Record<string, { enabled: boolean, jsonData: Record<string, unknown>, secureJsonData: Record<string, string> }>} */
  const pluginSettings = {};

  /** pkg/api/datasources.go convertModelToDtos: everything but secureJsonData, which becomes secureJsonFields. */
  const toDto = (/** @type {StoredDataSource} */ ds) => {
    const { secureJsonData, ...rest } = ds;
    return { ...rest, secureJsonFields: secureFields(secureJsonData) };
  };

  /** pkg/api/frontendsettings.go getFSDataSources: instance settings keyed by name, url = the proxy path. */
  const frontendSettings = () => {
    /** @type {Record<string, unknown>} */
    const datasources = {};
    let defaultDatasource = '';
    for (const ds of dataSources) {
      const p = plugins.get(ds.type);
      datasources[ds.name] = {
        id: ds.id,
        uid: ds.uid,
        type: ds.type,
        name: ds.name,
        meta: p ? pluginMeta(p) : { id: ds.type },
        url: `/api/datasources/proxy/uid/${ds.uid}`,
        isDefault: ds.isDefault,
        access: ds.access,
        jsonData: ds.jsonData,
        readOnly: ds.readOnly,
        database: ds.database,
        basicAuth: ds.basicAuth,
        withCredentials: ds.withCredentials,
      };
      if (ds.isDefault) {
        defaultDatasource = ds.name;
      }
    }
    return {
      datasources,
      defaultDatasource,
      apps: Object.fromEntries(appIds.map((id) => [id, { id, path: `public/plugins/${id}/module.js`, version: '', preload: false }])),
      appSubUrl: '',
      buildInfo: { version: grafanaVersion, commit: 'test-host', env: 'production', edition: 'Open Source' },
      featureToggles: {},
    };
  };

  const user = () => ({
    id: 1,
    uid: 'test-host-user',
    login: 'admin',
    email: 'admin@localhost',
    name: 'Test host user',
    orgId: 1,
    orgName: 'Main Org.',
    orgRole: role,
    isSignedIn: true,
    isGrafanaAdmin: false,
    theme: 'light',
    lightTheme: true,
    timezone: 'utc',
    weekStart: 'monday',
    locale: 'en-US',
    language: 'en-US',
    permissions: Object.fromEntries(ROLE_PERMISSIONS[role].map((a) => [a, true])),
  });

  // public/views/index.html: boot data is written into the page before any script runs.
  const shell = () => {
    const { orgRole, ...withoutRole } = user();
    const bootData = {
      settings: frontendSettings(),
      user: roleInBootData ? { ...withoutRole, orgRole } : withoutRole,
      navTree: [],
    };
    const css = fs.existsSync(vendorDir) ? fs.readdirSync(vendorDir).filter((f) => f.endsWith('.css')) : [];
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grafana (test host)</title>
<base href="/">
${css.map((f) => `<link rel="stylesheet" href="/public/host/${f}">`).join('\n')}
<script>
window.grafanaBootData = ${JSON.stringify(bootData).replace(/</g, '\\u003c')};
window.__grafana_public_path__ = '/public/';
</script>
${systemJsFiles.map((_, i) => `<script src="/public/host/systemjs/${i}.js"></script>`).join('\n')}
<script>
// packages/grafana-runtime/src/utils/plugin.ts: keep SystemJS's AMD define aside, so Monaco's loader owns \`define\`.
window.__grafana_amd_define = window.define;
window.define = undefined;
</script>
<script type="module" src="/public/host/host.js"></script>
</head>
<body class="theme-light"><div id="reactRoot"></div></body>
</html>`;
  };

  /** pkg/api/api.go: the org-role middleware (reqOrgAdmin etc.) answers 403 with this message. */
  const requireRole = (/** @type {Role} */ least, /** @type {http.ServerResponse} */ res, /** @type {string} */ action) => {
    if (RANK[role] >= RANK[least]) {
      return true;
    }
    sendJson(res, 403, {
      accessErrorId: 'ACE0000000000',
      message: `You'll need additional permissions to perform this action. Permissions needed: ${action}`,
      title: 'Access denied',
    });
    return false;
  };

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {string} pathname
   */
  async function api(req, res, pathname) {
    const method = req.method ?? 'GET';

    // The paths that reach the data source's Go backend (pkg/api/metrics.go, datasources.go, plugin_resource.go):
    // the real plugin package in a plugin host, given the data sources as they are now.
    // pkg/api/datasources.go checkDatasourceHealth for the data sources that are not the plugin's: an unknown uid
    // is 500 "Unable to load datasource metadata"; Loki's own check is re-stated in linkedHealth.mjs.
    const health = /^\/api\/datasources\/uid\/([\w-]+)\/health$/.exec(pathname);
    const checked = health && dataSources.find((d) => d.uid === health[1]);
    if (health && checked?.type !== dsPlugin?.json.id) {
      req.resume();
      if (!checked) {
        return sendJson(res, 500, { message: 'Unable to load datasource metadata' });
      }
      if (checked.type !== 'loki') {
        return sendJson(res, 404, { message: 'Not found' });
      }
      const result = await lokiHealth(checked.url);
      return sendJson(res, result.status === 'OK' ? 200 : 400, result);
    }

    if (isPluginHostPath(pathname)) {
      backend.update(dataSources.filter((d) => d.type === dsPlugin?.json.id));
      return forwardToPluginHost(req, res, backend.url, role);
    }

    // pkg/api/datasourceproxy/datasourceproxy.go ProxyDatasourceRequestWithUID → harness/grafanaProxy.mjs
    const proxy = /^\/api\/datasources\/proxy\/uid\/([\w-]+)\/?/.exec(pathname);
    if (proxy) {
      const ds = dataSources.find((d) => d.uid === proxy[1]);
      if (!ds) {
        req.resume();
        return sendJson(res, 404, { message: 'Unable to find datasource' });
      }
      const proxyPath = (req.url ?? '').split('?')[0].slice(proxy[0].length);
      // Only the plugin's own data sources have its routes; Loki's and Tempo's go to their url as they are.
      const dsRoutes = ds.type === dsPlugin?.json.id ? routes : [];
      return handleProxyRequest(req, res, { dataSource: ds, proxyPath, role, routes: dsRoutes });
    }

    // pkg/api/user.go GetSignedInUser
    if (pathname === '/api/user' && method === 'GET') {
      const { permissions, orgRole, ...u } = user();
      return sendJson(res, 200, u);
    }

    // pkg/api/user.go GetSignedInUserOrgList: the signed-in user's organizations with their role in each.
    if (pathname === '/api/user/orgs' && method === 'GET') {
      const u = user();
      return sendJson(res, 200, [{ orgId: u.orgId, name: u.orgName, role }]);
    }

    // Test-only control: switch the signed-in user's org role (Grafana: an org admin edits the user's role).
    if (pathname === '/api/test-host/role' && method === 'POST') {
      const body = await readJson(req);
      if (!['Viewer', 'Editor', 'Admin'].includes(body.role)) {
        return sendJson(res, 400, { message: `role must be Viewer, Editor or Admin, not ${body.role}` });
      }
      role = body.role;
      // Every role switch says again whether boot data carries it (default: yes), so tests do not leak it.
      roleInBootData = body.inBootData !== false;
      return sendJson(res, 200, { role, inBootData: roleInBootData });
    }

    // pkg/api/frontendsettings.go GetFrontendSettings (what actions.ts updateFrontendSettings reads).
    if (pathname === '/api/frontend/settings' && method === 'GET') {
      return sendJson(res, 200, frontendSettings());
    }

    // pkg/api/plugins.go GetPluginSettingByID / UpdatePluginSetting
    const settingsMatch = /^\/api\/plugins\/([\w-]+)\/settings$/.exec(pathname);
    if (settingsMatch) {
      const p = plugins.get(settingsMatch[1]);
      if (!p) {
        req.resume();
        return sendJson(res, 404, { message: 'Plugin not found, no installed plugin with that id' });
      }
      if (method === 'GET') {
        return sendJson(res, 200, pluginMeta(p, pluginSettings[p.json.id]));
      }
      if (method === 'POST') {
        if (!requireRole('Admin', res, 'plugins:write')) {
          req.resume();
          return;
        }
        const body = await readJson(req);
        const prev = pluginSettings[p.json.id] ?? { enabled: true, jsonData: {}, secureJsonData: {} };
        pluginSettings[p.json.id] = {
          enabled: body.enabled ?? prev.enabled,
          jsonData: body.jsonData ?? prev.jsonData,
          secureJsonData: { ...prev.secureJsonData, ...(body.secureJsonData ?? {}) },
        };
        return sendJson(res, 200, { message: 'Plugin settings updated' });
      }
    }

    // pkg/api/datasources.go: GetDataSources, AddDataSource, Get/Update/DeleteDataSourceByUID.
    // Reading and writing data source definitions needs datasources:read/write: Admin (pkg/api/roles.go).
    if (pathname === '/api/datasources') {
      if (!requireRole('Admin', res, method === 'GET' ? 'datasources:read' : 'datasources:create')) {
        req.resume();
        return;
      }
      if (method === 'GET') {
        return sendJson(res, 200, [...dataSources].sort((a, b) => a.name.localeCompare(b.name)).map(toDto));
      }
      if (method === 'POST') {
        const body = await readJson(req);
        if (!body.name || !body.type) {
          return sendJson(res, 400, { message: 'bad request data' });
        }
        if (dataSources.some((d) => d.name.toLowerCase() === String(body.name).toLowerCase())) {
          return sendJson(res, 409, { message: 'data source with the same name already exists' });
        }
        if (body.uid && dataSources.some((d) => d.uid === body.uid)) {
          return sendJson(res, 409, { message: 'data source with the same uid already exists' });
        }
        const p = plugins.get(body.type);
        /** @type {StoredDataSource} */
        const ds = {
          id: nextId++,
          uid: body.uid ?? crypto.randomBytes(7).toString('base64url').replace(/[^\w]/g, 'x'),
          orgId: 1,
          name: body.name,
          type: body.type,
          typeName: p?.json.name ?? body.type,
          typeLogoUrl: p ? `public/plugins/${body.type}/${p.json.info?.logos?.small ?? ''}` : '',
          access: 'proxy',
          url: body.url ?? '',
          user: '',
          database: '',
          basicAuth: false,
          basicAuthUser: '',
          withCredentials: false,
          isDefault: Boolean(body.isDefault) || dataSources.length === 0,
          jsonData: body.jsonData ?? {},
          secureJsonData: body.secureJsonData ?? {},
          version: 1,
          readOnly: false,
        };
        if (ds.isDefault) {
          dataSources.forEach((d) => (d.isDefault = false));
        }
        dataSources.push(ds);
        return sendJson(res, 200, { message: 'Datasource added', id: ds.id, name: ds.name, datasource: toDto(ds) });
      }
    }

    const byUid = /^\/api\/datasources\/uid\/([\w-]+)$/.exec(pathname);
    if (byUid) {
      const action = { GET: 'datasources:read', PUT: 'datasources:write', DELETE: 'datasources:delete' }[method] ?? 'datasources:write';
      if (!requireRole('Admin', res, action)) {
        req.resume();
        return;
      }
      const ds = dataSources.find((d) => d.uid === byUid[1]);
      if (!ds) {
        req.resume();
        return sendJson(res, 404, { message: 'Data source not found' });
      }
      if (method === 'GET') {
        return sendJson(res, 200, toDto(ds));
      }
      if (method === 'DELETE') {
        dataSources.splice(dataSources.indexOf(ds), 1);
        return sendJson(res, 200, { message: 'Data source deleted', id: ds.id });
      }
      if (method === 'PUT') {
        const body = await readJson(req);
        if (ds.readOnly) {
          return sendJson(res, 403, { message: 'Cannot update read-only data source' });
        }
        if (body.name && dataSources.some((d) => d !== ds && d.name.toLowerCase() === String(body.name).toLowerCase())) {
          return sendJson(res, 409, { message: 'Data source with the same name already exists' });
        }
        // pkg/services/datasources/service: an update based on an older version is refused.
        if (body.version && body.version < ds.version) {
          return sendJson(res, 409, {
            message: 'Datasource has already been updated by someone else. Please reload and try again',
          });
        }
        ds.name = body.name ?? ds.name;
        ds.url = body.url ?? ds.url;
        ds.jsonData = body.jsonData ?? {};
        // Secrets: keys sent replace the stored ones, keys not sent are kept (fillWithSecureJSONData).
        ds.secureJsonData = { ...ds.secureJsonData, ...(body.secureJsonData ?? {}) };
        if (body.isDefault === true) {
          dataSources.forEach((d) => (d.isDefault = false));
        }
        ds.isDefault = body.isDefault ?? ds.isDefault;
        ds.version += 1;
        return sendJson(res, 200, { message: 'Datasource updated', id: ds.id, name: ds.name, datasource: toDto(ds) });
      }
    }

    req.resume();
    sendJson(res, 404, { message: 'Not found' });
  }

  /**
   * Static files: installed plugins under /public/plugins/<id>/ (pkg/api/plugins.go getPluginAssets), the
   * host's bundle, SystemJS, Grafana's icons (public/img/icons, shipped in @grafana/ui) and Monaco.
   * @param {string} pathname
   */
  function staticFile(pathname) {
    const pluginMatch = /^\/public\/plugins\/([\w-]+)\/(.+)$/.exec(pathname);
    if (pluginMatch) {
      const p = plugins.get(pluginMatch[1]);
      return p ? safeJoin(p.dir, pluginMatch[2]) : null;
    }
    const sys = /^\/public\/host\/systemjs\/(\d+)\.js$/.exec(pathname);
    if (sys) {
      return systemJsFiles[Number(sys[1])] ?? null;
    }
    if (pathname.startsWith('/public/host/')) {
      return safeJoin(vendorDir, pathname.slice('/public/host/'.length));
    }
    if (pathname.startsWith('/public/build/img/icons/')) {
      return iconFile(pathname.slice('/public/build/img/icons/'.length));
    }
    if (pathname.startsWith('/public/lib/monaco/min/vs/')) {
      return safeJoin(monacoDir, pathname.slice('/public/lib/monaco/min/vs/'.length));
    }
    return null;
  }

  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://host').pathname;
    if (pathname.startsWith('/api/')) {
      api(req, res, pathname).catch((e) => {
        if (!res.headersSent) {
          sendJson(res, 500, { message: `test host: ${e instanceof Error ? e.message : String(e)}` });
        } else {
          res.end();
        }
      });
      return;
    }
    if (pathname.startsWith('/public/')) {
      const file = staticFile(pathname);
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not found');
        return;
      }
      sendFile(res, file);
      return;
    }
    // Every other path is a page of the single-page app (pkg/api/index.go).
    const html = shell();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve(undefined));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    role: () => role,
    setRole: (r) => {
      role = r;
    },
    close: async () => {
      await new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
      await backend.stop();
    },
  };
}
