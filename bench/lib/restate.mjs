// Fallback server start for the bench (used until/unless tests/harness/restate.mjs is available):
// restate-server 1.7.12 from npm, loopback only, with a reusable data dir.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { spawnTracked, stopChild, freePort, portIsFree, sleep } from './procs.mjs';

const require = createRequire(import.meta.url);

export function restateBinary() {
  const pkg = require.resolve('@restatedev/restate-server-linux-x64/package.json');
  return path.join(path.dirname(pkg), 'bin', 'restate-server');
}

async function pickPorts(dataDir) {
  // Keep the same ports across reruns when they are free: the node's advertised address is stored in
  // the cluster metadata of the data dir.
  const file = path.join(dataDir, 'bench-ports.json');
  let ports;
  try {
    ports = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const p of Object.values(ports)) {
      if (!(await portIsFree(p))) {
        ports = undefined;
        break;
      }
    }
  } catch {
    ports = undefined;
  }
  if (!ports) {
    ports = { node: await freePort(), admin: await freePort(), ingress: await freePort() };
  }
  fs.writeFileSync(file, JSON.stringify(ports));
  return ports;
}

export async function startRestateLocal({ dataDir, logFile, name = 'bench' }) {
  fs.mkdirSync(dataDir, { recursive: true });
  const ports = await pickPorts(dataDir);
  const log = fs.openSync(logFile ?? path.join(dataDir, 'restate-server.log'), 'a');
  const env = {
    ...process.env,
    RESTATE_CLUSTER_NAME: name,
    RESTATE_NODE_NAME: `${name}-node`,
    RESTATE_BASE_DIR: path.join(dataDir, 'restate-data'),
    RESTATE_BIND_ADDRESS: `127.0.0.1:${ports.node}`,
    RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${ports.node}/`,
    RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${ports.admin}`,
    RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ports.ingress}`,
    RESTATE_LOG_FORMAT: 'json',
    RESTATE_LOG_DISABLE_ANSI_CODES: 'true',
    RESTATE_DISABLE_TELEMETRY: 'true',
    // completed invocations must survive between bench runs (the default keeps them one day)
    RESTATE_DEFAULT_JOURNAL_RETENTION: '3650d',
  };
  const child = spawnTracked(restateBinary(), ['--no-logo'], { env, stdio: ['ignore', log, log] });
  const adminUrl = `http://127.0.0.1:${ports.admin}`;
  const ingressUrl = `http://127.0.0.1:${ports.ingress}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`restate-server exited with ${child.exitCode}; see ${logFile ?? dataDir}`);
    }
    try {
      const r = await fetch(`${adminUrl}/health`);
      if (r.ok) {
        break;
      }
    } catch {}
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error('restate-server not healthy after 60 s');
    }
    await sleep(100);
  }
  return { adminUrl, ingressUrl, child, stop: () => stopChild(child, 20_000) };
}
