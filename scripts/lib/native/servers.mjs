// The servers native mode starts besides Restate and the demo: Loki, Tempo and Grafana from the user's own
// binaries (configs written into the data dir, pointed at the local ports), or the browser tier's test host where
// no Grafana is installed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { killOnExit, sleep } from '../../../tests/harness/ports.mjs';

export const APP_ID = 'restatedev-restate-app';
export const DATASOURCE_ID = 'restatedev-restate-datasource';

/** Waits until `url` answers 2xx (or `timeoutMs` passes, then throws with what the process printed). */
export async function waitForOk(url, what, proc, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.exited()) {
      throw new Error(`${what} exited during start:\n${proc.output().slice(-2000)}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not answer ${url} within ${timeoutMs / 1000} s:\n${proc?.output().slice(-2000) ?? ''}`
      );
    }
    await sleep(200);
  }
}

/** A child process whose output is kept (bounded) and which is stopped with SIGTERM, then SIGKILL. */
export function startProcess(bin, args, { env, cwd } = {}) {
  const child = spawn(bin, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  let out = '';
  const keep = (d) => {
    out = (out + d).slice(-200_000);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  let exited = false;
  const done = new Promise((resolve) => child.once('exit', () => resolve(undefined)));
  done.then(() => (exited = true));
  child.once('error', (e) => keep(`\n${e.message}\n`));
  return {
    pid: child.pid,
    output: () => out,
    exited: () => exited,
    stop: async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await done;
        clearTimeout(killer);
      }
    },
  };
}

/** docker/loki.yaml for this machine: its storage under `dir`, listening on loopback at `ports.loki`/`lokiGrpc`. */
export function lokiConfig(dir, ports) {
  return fs
    .readFileSync('docker/loki.yaml', 'utf8')
    .replace('http_listen_port: 3100', `http_listen_port: ${ports.loki}\n  http_listen_address: 127.0.0.1`)
    .replace('grpc_listen_port: 9096', `grpc_listen_port: ${ports.lokiGrpc}\n  grpc_listen_address: 127.0.0.1`)
    .replaceAll('/loki', dir);
}

/** docker/tempo.yaml for this machine: WAL and blocks under `dir`, HTTP and OTLP on loopback at the given ports. */
export function tempoConfig(dir, ports) {
  return (
    fs
      .readFileSync('docker/tempo.yaml', 'utf8')
      .replace('http_listen_port: 3200', `http_listen_port: ${ports.tempo}\n  http_listen_address: 127.0.0.1`)
      .replace('0.0.0.0:4317', `127.0.0.1:${ports.otlpGrpc}`)
      .replace('0.0.0.0:4318', `127.0.0.1:${ports.otlpHttp}`)
      // the WAL and blocks the compose file keeps in the container, here under the data dir
      .replace(/^(\s*path: ).*\/(wal|blocks)$/gm, (_m, key, leaf) => `${key}${path.join(dir, leaf)}`)
  );
}

/** Loki from docker/loki.yaml, its storage under `dir`, on `ports.loki` (HTTP) and `ports.lokiGrpc`. */
export async function startLoki(bin, dir, ports) {
  fs.mkdirSync(dir, { recursive: true });
  const config = lokiConfig(dir, ports);
  const file = path.join(dir, 'loki.yaml');
  fs.writeFileSync(file, config);
  const proc = startProcess(bin, [`-config.file=${file}`]);
  await waitForOk(`http://127.0.0.1:${ports.loki}/ready`, 'Loki', proc);
  return { url: `http://127.0.0.1:${ports.loki}`, ...proc };
}

/** Tempo from docker/tempo.yaml, its WAL and blocks under `dir`, OTLP on `ports.otlpGrpc` / `ports.otlpHttp`. */
export async function startTempo(bin, dir, ports) {
  fs.mkdirSync(dir, { recursive: true });
  const config = tempoConfig(dir, ports);
  const file = path.join(dir, 'tempo.yaml');
  fs.writeFileSync(file, config);
  const proc = startProcess(bin, [`-config.file=${file}`]);
  await waitForOk(`http://127.0.0.1:${ports.tempo}/ready`, 'Tempo', proc);
  return { url: `http://127.0.0.1:${ports.tempo}`, otlpGrpc: `http://127.0.0.1:${ports.otlpGrpc}`, ...proc };
}

/**
 * provisioning/ for this machine: the same files the compose stack mounts, with the containers' host names
 * replaced by the local ports; without Loki and Tempo, only the Restate data source (no links to them).
 */
export function writeProvisioning(dir, urls) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const sub of ['datasources', 'plugins', 'alerting']) {
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
  }
  let ds = fs
    .readFileSync('provisioning/datasources/restate-local.yaml', 'utf8')
    .replace('http://restate:9070', urls.admin)
    .replace('http://restate:8080', urls.ingress);
  if (urls.loki && urls.tempo) {
    ds = ds.replace('http://loki:3100', urls.loki).replace('http://tempo:3200', urls.tempo);
  } else {
    ds = ds.slice(0, ds.indexOf('  - name: Loki')).replace(/^ *(lokiUid|tempoUid|logSelector):.*\n/gm, '');
  }
  fs.writeFileSync(path.join(dir, 'datasources', 'restate-local.yaml'), ds);
  fs.copyFileSync('provisioning/plugins/apps.yaml', path.join(dir, 'plugins', 'apps.yaml'));
  fs.copyFileSync('provisioning/alerting/restate-alerts.yaml', path.join(dir, 'alerting', 'restate-alerts.yaml'));
}

/** The user's Grafana, with the plugin from dist/ and our provisioning; nothing calls out to the internet. */
export async function startGrafana(grafana, dir, port, provisioningDir) {
  const plugins = path.join(dir, 'plugins');
  fs.mkdirSync(plugins, { recursive: true });
  const link = path.join(plugins, APP_ID);
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(path.resolve('dist'), link, 'dir');
  const ini = [
    '[paths]',
    `data = ${path.join(dir, 'data')}`,
    `logs = ${path.join(dir, 'logs')}`,
    `plugins = ${plugins}`,
    `provisioning = ${provisioningDir}`,
    '[server]',
    'http_addr = 127.0.0.1',
    `http_port = ${port}`,
    '[analytics]',
    'reporting_enabled = false',
    'check_for_updates = false',
    'check_for_plugin_updates = false',
    'feedback_links_enabled = false',
    '[news]',
    'news_feed_enabled = false',
    '[plugins]',
    `allow_loading_unsigned_plugins = ${APP_ID},${DATASOURCE_ID}`,
    'preinstall_disabled = true',
    '[log]',
    'level = warn',
    '',
  ].join('\n');
  const file = path.join(dir, 'grafana.ini');
  fs.writeFileSync(file, ini);
  const proc = startProcess(grafana.bin, [...grafana.args, '--homepath', grafana.homepath, '--config', file]);
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/api/health`, 'Grafana', proc, 180_000);
  return { url, kind: 'grafana', ...proc };
}

/**
 * The browser tier's test host (tests/browser/host) in place of Grafana: it serves the same dist/ with Grafana's
 * shared packages and runs the real Go backend; the Restate data source is created through its Grafana API.
 */
export async function startTestHost(port, dataSource) {
  const { buildVendor } = await import('../../../tests/browser/host/vendor.mjs');
  const { startHost } = await import('../../../tests/browser/host/server.mjs');
  const vendor = await buildVendor();
  let host;
  try {
    host = await startHost({ vendorDir: vendor.dir, distDir: 'dist', port });
  } catch (e) {
    await vendor.remove?.();
    throw e;
  }
  const res = await fetch(`${host.url}/api/datasources`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(dataSource),
  });
  if (!res.ok) {
    throw new Error(`test host refused the data source: ${res.status} ${await res.text()}`);
  }
  return {
    url: host.url,
    kind: 'test-host',
    stop: async () => {
      await host.close();
      await vendor.remove?.();
    },
  };
}

/** Ships new log lines to Loki every second, labelled as the compose stack's Alloy labels them. */
export function shipLogs(lokiUrl, sources) {
  const sent = new Map();
  const push = async () => {
    const streams = [];
    for (const { labels, text } of sources) {
      const key = JSON.stringify(labels);
      const all = text();
      const from = sent.get(key) ?? 0;
      const end = all.lastIndexOf('\n') + 1;
      if (end <= from) {
        continue;
      }
      const now = BigInt(Date.now()) * 1_000_000n;
      const lines = all.slice(from, end).split('\n').filter(Boolean);
      sent.set(key, end);
      streams.push({ stream: labels, values: lines.map((l, i) => [String(now + BigInt(i)), l]) });
    }
    if (streams.length) {
      await fetch(`${lokiUrl}/loki/api/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ streams }),
      }).catch(() => undefined);
    }
  };
  const timer = setInterval(push, 1000);
  return { stop: async () => (clearInterval(timer), push()) };
}
