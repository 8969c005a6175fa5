#!/usr/bin/env node
// `npm run server -- --native` (and `npm run server` where Docker is not installed): the product from processes on
// this machine. restate-server from npm with the demo service and its traffic; Loki and Tempo when their binaries are
// found (LOKI_BIN/TEMPO_BIN or PATH); the user's Grafana (GRAFANA_HOME, PATH, the package and Homebrew locations)
// with the plugin from dist/ and provisioning/ pointed at the local ports, else the browser tier's test host.
// Ctrl-C stops everything it started. Options: --data-dir DIR (default .native/), --free-ports (tests), --no-build,
// --test-host (the stand-in even where Grafana is installed).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePorts } from '../tests/harness/ports.mjs';
import { startRestate } from '../tests/harness/restate.mjs';
import { registerDeployment, startTestService } from '../tests/harness/testService.mjs';
import { canListen } from './lib/preflight.mjs';
import { findBinary, findGrafana } from './lib/native/find.mjs';
import {
  shipLogs,
  startGrafana,
  startLoki,
  startTempo,
  startTestHost,
  writeProvisioning,
} from './lib/native/servers.mjs';

const DEFAULT_PORTS = {
  grafana: 3000,
  admin: 9070,
  ingress: 8080,
  node: 5122,
  demo: 9080,
  loki: 3100,
  lokiGrpc: 9096,
  tempo: 3200,
  otlpGrpc: 4317,
  otlpHttp: 4318,
};

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const log = (...a) => console.log('[native]', ...a);
const stops = [];

async function stopAll() {
  for (const s of stops.splice(0).reverse()) {
    await Promise.resolve()
      .then(s.stop)
      .catch((e) => console.error(`[native] stopping ${s.what}: ${e.message}`));
  }
}

/** The demo's traffic (docker/traffic.sh): a greeting, a counter, a flaky and a failing call, a durable sleep. */
function startTraffic(ingressUrl, everyMs = 5000) {
  const names = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin'];
  let n = 0;
  const call = (p, body) =>
    fetch(`${ingressUrl}/${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then((r) => r.text())
      .catch(() => undefined);
  const tick = () => {
    const name = names[n++ % names.length];
    void call('greeter/greet', name);
    void call(`counter/${name}/add`, 1);
    void call('greeter/flaky/send', { failures: 2 });
    void call('greeter/fail', {});
    void call('greeter/slow/send', { seconds: 20 });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return { stop: () => clearInterval(timer) };
}

async function ports() {
  if (flag('--free-ports')) {
    const free = await freePorts(Object.keys(DEFAULT_PORTS).length);
    return Object.fromEntries(Object.keys(DEFAULT_PORTS).map((k, i) => [k, free[i]]));
  }
  return DEFAULT_PORTS;
}

async function main() {
  const p = await ports();
  const dataDir = path.resolve(option('--data-dir') ?? '.native');
  fs.mkdirSync(dataDir, { recursive: true });
  const grafana = flag('--test-host') ? undefined : findGrafana();
  const lokiBin = findBinary('loki');
  const tempoBin = findBinary('tempo');
  const needed = [
    'grafana',
    'admin',
    'ingress',
    'node',
    'demo',
    ...(lokiBin && tempoBin ? ['loki', 'lokiGrpc', 'tempo', 'otlpGrpc', 'otlpHttp'] : []),
  ];
  const busy = [];
  for (const k of needed) {
    if (!(await canListen(p[k]))) {
      busy.push(`port ${p[k]} (${k}) is in use: stop what listens there (\`ss -ltnp 'sport = :${p[k]}'\` names it)`);
    }
  }
  if (busy.length) {
    throw new Error(`cannot start:\n${busy.map((b) => `  - ${b}`).join('\n')}`);
  }
  if (!fs.existsSync('node_modules/@restatedev/restate-server')) {
    log('installing dependencies (npm ci)');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  }
  if (!flag('--no-build')) {
    log('building the plugin (npm run build)');
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  }
  if (!fs.existsSync('dist/plugin.json')) {
    throw new Error('dist/ is empty: run npm run build');
  }

  let tempo;
  let loki;
  if (lokiBin && tempoBin) {
    tempo = await startTempo(tempoBin, path.join(dataDir, 'tempo'), p);
    stops.push({ what: 'Tempo', stop: tempo.stop });
    loki = await startLoki(lokiBin, path.join(dataDir, 'loki'), p);
    stops.push({ what: 'Loki', stop: loki.stop });
  } else {
    log(
      `Loki and Tempo not started: ${[!lokiBin && 'no loki', !tempoBin && 'no tempo'].filter(Boolean).join(', ')} binary ` +
        '(set LOKI_BIN and TEMPO_BIN, or put them on PATH); the app says logs and traces are not connected.'
    );
  }

  const restate = await startRestate({
    dataDir: path.join(dataDir, 'restate'),
    ports: [p.admin, p.ingress, p.node],
    clusterName: 'restate-local',
    env: tempo ? { RESTATE_TRACING_ENDPOINT: tempo.otlpGrpc } : {},
  });
  stops.push({ what: 'Restate', stop: restate.stop });
  const demo = await startTestService({ port: p.demo });
  stops.push({ what: 'the demo service', stop: demo.stop });
  await registerDeployment(restate.adminUrl, demo.url);
  const traffic = startTraffic(restate.ingressUrl);
  stops.push({ what: 'the traffic', stop: traffic.stop });
  if (loki) {
    const shipper = shipLogs(loki.url, [
      { labels: { kubernetes_container_name: 'restate', stream: 'stdout' }, text: restate.stdout },
      { labels: { kubernetes_container_name: 'restate', stream: 'stderr' }, text: restate.stderr },
      { labels: { kubernetes_container_name: 'demo-service', stream: 'stdout' }, text: demo.output },
    ]);
    stops.push({ what: 'the log shipper', stop: shipper.stop });
  }

  const urls = { admin: restate.adminUrl, ingress: restate.ingressUrl, loki: loki?.url, tempo: tempo?.url };
  let ui;
  if (grafana) {
    const provisioning = path.join(dataDir, 'grafana', 'provisioning');
    writeProvisioning(provisioning, urls);
    log(`Grafana from ${grafana.source} (${grafana.bin})`);
    ui = await startGrafana(grafana, path.join(dataDir, 'grafana'), p.grafana, provisioning);
  } else {
    log(
      'no Grafana installed (GRAFANA_HOME, grafana on PATH, /usr/share/grafana or Homebrew): serving the plugin in ' +
        "the browser tier's test host instead, a stand-in for Grafana's frontend shell and API. Install Grafana " +
        '(https://grafana.com/docs/grafana/latest/setup-grafana/installation/) for the real one.'
    );
    ui = await startTestHost(p.grafana, {
      name: 'Restate local',
      uid: 'restate-local',
      type: 'restatedev-restate-datasource',
      access: 'proxy',
      isDefault: true,
      jsonData: { clusterName: 'local', adminUrl: restate.adminUrl, ingressUrl: restate.ingressUrl },
      secureJsonData: {},
    });
  }
  stops.push({ what: ui.kind === 'grafana' ? 'Grafana' : 'the test host', stop: ui.stop });

  const where = {
    grafana: ui.url,
    grafanaKind: ui.kind,
    app: `${ui.url}/a/restatedev-restate-app/overview`,
    restateAdmin: restate.adminUrl,
    restateIngress: restate.ingressUrl,
    demo: demo.url,
    loki: loki?.url ?? null,
    tempo: tempo?.url ?? null,
    dataDir,
    pids: [restate.pid, demo.pid, ...(ui.pid ? [ui.pid] : []), ...(loki ? [loki.pid, tempo.pid] : [])],
  };
  console.log(
    [
      '',
      `  ${ui.kind === 'grafana' ? 'Grafana' : 'Grafana (test host)'}  ${ui.url}   the app: ${where.app}${ui.kind === 'grafana' ? '   (admin / admin)' : ''}`,
      `  Restate  ${restate.adminUrl}  admin API   ${restate.ingressUrl}  ingress   (data in ${path.join(dataDir, 'restate')})`,
      `  Demo     ${demo.url}  registered, called every 5 s`,
      `  Loki     ${loki?.url ?? 'not running'}   Tempo ${tempo?.url ?? 'not running'}`,
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n')
  );
  console.log(`NATIVE_READY ${JSON.stringify(where)}`);
}

let stopping = false;
const onSignal = async () => {
  if (stopping) {
    return;
  }
  stopping = true;
  log('stopping');
  await stopAll();
  log('stopped');
  process.exit(0);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main().catch(async (e) => {
  console.error(`[native] ${e.message}`);
  await stopAll();
  process.exit(1);
});
