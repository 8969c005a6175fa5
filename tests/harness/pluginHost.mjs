// Runs the data source's Go backend (pkg/plugin) behind tests/harness/pluginhost, a stand-in for the part of
// Grafana's HTTP API that reaches a backend plugin: POST /api/ds/query, GET /api/datasources/uid/:uid/health
// and /api/datasources/uid/:uid/resources/*. The host binary is built once per change of the Go sources into
// a cache dir outside the repo and reused.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killOnExit, onExit } from './ports.mjs';

/** @param {string} dir @returns {string[]} */
function goFiles(dir) {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? goFiles(p) : e.name.endsWith('.go') ? [p] : [];
    })
    .sort();
}

/**
 * Builds (or reuses) the plugin host binary and returns its path. The name carries a hash of go.mod, go.sum
 * and every .go file under pkg/ and tests/harness/pluginhost/, so a change of the plugin rebuilds it.
 * @param {{ cacheDir?: string }} [opts]  default $XDG_CACHE_HOME or ~/.cache, then restate-grafana/
 * @returns {string}
 */
export function buildPluginHost(opts = {}) {
  const root = process.cwd();
  const files = [
    'go.mod',
    'go.sum',
    ...goFiles(path.join(root, 'pkg')),
    ...goFiles(path.join(root, 'tests', 'harness', 'pluginhost')),
  ];
  const hash = crypto.createHash('sha256');
  for (const f of files) {
    hash.update(path.relative(root, path.resolve(root, f)));
    hash.update(fs.readFileSync(path.resolve(root, f)));
  }
  const cacheDir =
    opts.cacheDir ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'restate-grafana');
  const bin = path.join(cacheDir, `pluginhost-${hash.digest('hex').slice(0, 16)}`);
  if (fs.existsSync(bin)) {
    return bin;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  // Built under a temp name and renamed, so a concurrent run never starts a half-written binary.
  const tmp = `${bin}.${process.pid}.tmp`;
  const res = spawnSync('go', ['build', '-o', tmp, './tests/harness/pluginhost'], {
    cwd: root,
    env: { ...process.env, CGO_ENABLED: '0' },
    encoding: 'utf8',
  });
  if (res.error || res.status !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`building the plugin host failed: ${res.error?.message ?? ''}${res.stderr ?? ''}`);
  }
  fs.renameSync(tmp, bin);
  return bin;
}

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
export async function startPluginHost(opts) {
  const { dataSources, timeoutMs = 20_000 } = opts;
  const bin = buildPluginHost({ cacheDir: opts.cacheDir });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pluginhost-'));
  const dsFile = path.join(dir, 'datasources.json');
  // Holds the secure data: readable by this user only, removed on stop (or on exit).
  fs.writeFileSync(dsFile, JSON.stringify(dataSources), { mode: 0o600 });
  const releaseDir = onExit(() => fs.rmSync(dir, { recursive: true, force: true }));
  const child = spawn(bin, ['-addr', '127.0.0.1:0', '-datasources', dsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  let output = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d;
    output += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  let running = true;
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  exited.then(() => (running = false));

  const stop = async () => {
    if (running) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    releaseDir();
  };

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`plugin host did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs
    );
    /** @param {Error | undefined} err @param {string} [u] */
    function done(err, u) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExitEarly);
      err ? reject(err) : resolve(u);
    }
    function onData() {
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (m) {
        done(undefined, m[1]);
      }
    }
    function onExitEarly() {
      done(new Error(`plugin host exited:\n${output}`));
    }
    child.stdout.on('data', onData);
    child.once('exit', onExitEarly);
    onData();
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  /** @param {PluginHostDataSource[]} next */
  const update = (next) => {
    // Written aside and renamed, so the host never reads half a file; it reloads on its next request.
    fs.writeFileSync(`${dsFile}.next`, JSON.stringify(next), { mode: 0o600 });
    fs.renameSync(`${dsFile}.next`, dsFile);
  };
  return {
    url: /** @type {string} */ (url),
    pid: /** @type {number} */ (child.pid),
    output: () => output,
    update,
    stop,
  };
}

/** Paths of Grafana's API that reach a backend plugin (what forwardToPluginHost serves). */
const PLUGIN_PATHS = [
  /^\/api\/ds\/query$/,
  /^\/api\/datasources\/uid\/[^/]+\/health$/,
  /^\/api\/datasources\/uid\/[^/]+\/resources(\/.*)?$/,
];

/**
 * Whether a request path (without query) is one of the API paths the plugin host answers.
 * @param {string} pathname
 * @returns {boolean}
 */
export function isPluginHostPath(pathname) {
  return PLUGIN_PATHS.some((p) => p.test(pathname));
}

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
export async function forwardToPluginHost(req, res, hostUrl, role) {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const c of req) {
    chunks.push(/** @type {Buffer} */ (c));
  }
  /** @type {Record<string, string>} */
  const headers = { 'x-grafana-org-role': role };
  for (const name of ['content-type', 'accept']) {
    const v = req.headers[name];
    if (typeof v === 'string') {
      headers[name] = v;
    }
  }
  const method = req.method ?? 'GET';
  try {
    const up = await fetch(`${hostUrl}${req.url ?? '/'}`, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks),
    });
    /** @type {Record<string, string>} */
    const out = {};
    for (const name of ['content-type', 'retry-after', 'allow']) {
      const v = up.headers.get(name);
      if (v !== null) {
        out[name] = v;
      }
    }
    const body = Buffer.from(await up.arrayBuffer());
    res.writeHead(up.status, out);
    res.end(body);
  } catch (e) {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `plugin host unreachable: ${e instanceof Error ? e.message : String(e)}` }));
  }
}
