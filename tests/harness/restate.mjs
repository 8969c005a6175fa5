// Starts a real restate-server (npm @restatedev/restate-server, pinned 1.7.12) on loopback for tests and benchmarks.
// Every listener (admin, ingress, node/fabric) binds 127.0.0.1 on a free port; logs are JSON lines,
// WARN/ERROR on stderr and the rest on stdout (as Restate writes them), captured separately.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { freePorts, onExit, sleep } from './ports.mjs';

/**
 * Path of the restate-server binary installed by npm (resolved from the repo root, which is the
 * working directory of every runner: jest, Playwright, the benchmark scripts).
 * @returns {string}
 */
export function restateServerBinary() {
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  const pkg = require.resolve('@restatedev/restate-server-linux-x64/package.json');
  return path.join(path.dirname(pkg), 'bin', 'restate-server');
}

/** @param {string} s */
const tomlString = (s) => JSON.stringify(s);

/**
 * Waits until the cluster can serve partition-backed requests: `/health` answers before the
 * partitions are up, and registering a deployment or querying sys_invocation fails for about a
 * second on a fresh data dir. A query on sys_invocation touches every partition, so once it
 * succeeds registration and queries do too.
 * @param {string} adminUrl
 * @param {{ timeoutMs?: number }} [opts]
 * @returns {Promise<void>}
 */
export async function waitForReady(adminUrl, { timeoutMs = 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${adminUrl}/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: 'SELECT count(*) AS n FROM sys_invocation' }),
      });
      last = `${res.status} ${await res.text()}`;
      if (res.ok) {
        return;
      }
    } catch (e) {
      last = String(e);
    }
    await sleep(100);
  }
  throw new Error(`Restate at ${adminUrl} not ready after ${timeoutMs} ms: ${last}`);
}

/**
 * @typedef {object} RestateServer
 * @property {string} adminUrl    e.g. http://127.0.0.1:41234 (no trailing slash)
 * @property {string} ingressUrl  e.g. http://127.0.0.1:41235
 * @property {string} nodeUrl     node/fabric address (also serves /metrics)
 * @property {string} dataDir
 * @property {number} pid
 * @property {() => string} stdout  everything written so far (JSON lines)
 * @property {() => string} stderr  WARN/ERROR lines so far
 * @property {() => Promise<void>} stop  SIGTERM (SIGKILL after 10 s); removes the data dir if start made it
 */

/**
 * Starts restate-server and resolves once `/health` answers and the partitions accept work.
 * `ports` ([admin, ingress, node]) pins the listeners (native mode: 9070, 8080, 5122); by default they are free ports.
 * @param {{ env?: Record<string, string>, logFilter?: string, dataDir?: string, clusterName?: string, ports?: number[],
 *           timeoutMs?: number }} [opts]
 * @returns {Promise<RestateServer>}
 */
export async function startRestate(opts = {}) {
  const { env = {}, logFilter = 'warn,restate=info', clusterName = 'harness', timeoutMs = 60_000 } = opts;
  const ownDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'restate-'));
  // The config file lives outside the data dir so a reused data dir stays exactly as the caller left it.
  const confDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restate-conf-'));
  const [adminPort, ingressPort, nodePort] = opts.ports ?? (await freePorts(3));
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const ingressUrl = `http://127.0.0.1:${ingressPort}`;
  const nodeUrl = `http://127.0.0.1:${nodePort}`;

  // Keys as in restate.toml of the probe and `restate-server --dump-config`.
  const configFile = path.join(confDir, 'restate.toml');
  fs.writeFileSync(
    configFile,
    [
      `cluster-name = ${tomlString(clusterName)}`,
      // A fixed node name: Restate refuses a reused data dir under another name.
      `node-name = "harness-node"`,
      `base-dir = ${tomlString(dataDir)}`,
      `bind-address = ${tomlString(`127.0.0.1:${nodePort}`)}`,
      `advertised-address = ${tomlString(`${nodeUrl}/`)}`,
      `log-format = "json"`,
      `log-filter = ${tomlString(logFilter)}`,
      `log-disable-ansi-codes = true`,
      `disable-telemetry = true`,
      '',
      '[admin]',
      `bind-address = ${tomlString(`127.0.0.1:${adminPort}`)}`,
      '',
      '[ingress]',
      `bind-address = ${tomlString(`127.0.0.1:${ingressPort}`)}`,
      '',
    ].join('\n')
  );

  // Hermetic environment: inherited RESTATE_* / RUST_LOG would silently override the file.
  /** @type {Record<string, string>} */
  const childEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('RESTATE_') && k !== 'RUST_LOG') {
      childEnv[k] = v;
    }
  }
  Object.assign(childEnv, env);

  const cleanup = () => {
    fs.rmSync(confDir, { recursive: true, force: true });
    if (ownDataDir) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  const child = spawn(restateServerBinary(), ['--config-file', configFile, '--no-logo'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const releaseExitHook = onExit(() => {
    child.kill('SIGKILL');
    cleanup();
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  let running = true;
  exited.then(() => (running = false));

  const stop = async () => {
    if (running) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    releaseExitHook();
    cleanup();
  };

  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!running) {
        throw new Error(`restate-server exited during start:\n${err.slice(-2000)}\n${out.slice(-2000)}`);
      }
      try {
        const res = await fetch(`${adminUrl}/health`);
        if (res.ok) {
          break;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`restate-server not healthy after ${timeoutMs} ms:\n${err.slice(-2000)}`);
      }
      await sleep(50);
    }
    await waitForReady(adminUrl, { timeoutMs: Math.max(1000, deadline - Date.now()) });
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    adminUrl,
    ingressUrl,
    nodeUrl,
    dataDir,
    pid: /** @type {number} */ (child.pid),
    stdout: () => out,
    stderr: () => err,
    stop,
  };
}
