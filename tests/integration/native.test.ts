/**
 * `npm run server -- --native` as a user without Docker runs it: scripts/native.mjs with the servers this machine
 * has (restate-server from npm, the demo service, the real Go backend; no Grafana, Loki or Tempo binaries here, so
 * the browser tier's test host stands in for Grafana and the logs and traces are said to be absent). On free ports
 * and a temp data dir; Ctrl-C (SIGINT) must leave nothing running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { lokiConfig, tempoConfig, writeProvisioning } from '../../scripts/lib/native/servers.mjs';
import { canListen } from '../../scripts/lib/preflight.mjs';

interface Where {
  grafana: string;
  grafanaKind: 'grafana' | 'test-host';
  app: string;
  restateAdmin: string;
  restateIngress: string;
  demo: string;
  loki: string | null;
  tempo: string | null;
  pids: number[];
}

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined) {
        return v;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not after ${timeoutMs} ms (${String(last ?? 'no answer')})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('native mode (npm run server -- --native)', () => {
  let dataDir: string;
  let child: ChildProcess;
  let output = '';
  let where: Where;
  let exit: Promise<number | null>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'native-'));
    child = spawn(
      process.execPath,
      ['scripts/server.mjs', '--native', '--free-ports', '--no-build', '--test-host', '--data-dir', dataDir],
      {
        // No Grafana, Loki or Tempo from the environment: the test host and the "not connected" path are what runs here.
        env: {
          ...process.env,
          GRAFANA_HOME: '',
          LOKI_BIN: join(dataDir, 'no-loki'),
          TEMPO_BIN: join(dataDir, 'no-tempo'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    );
    child.stdout!.setEncoding('utf8').on('data', (d) => (output += d));
    child.stderr!.setEncoding('utf8').on('data', (d) => (output += d));
    exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    where = await until(
      'native mode ready',
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`exited ${child.exitCode}:\n${output}`);
        }
        const line = output.split('\n').find((l) => l.startsWith('NATIVE_READY '));
        return line ? (JSON.parse(line.slice('NATIVE_READY '.length)) as Where) : undefined;
      },
      300_000
    );
  }, 360_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('says where each server is and what is missing', () => {
    expect(output).toContain(`Grafana (test host)  ${where.grafana}`);
    expect(output).toMatch(/Loki and Tempo not started: no loki, no tempo binary \(set LOKI_BIN and TEMPO_BIN/);
    expect(output).toMatch(/no Grafana installed .*Install Grafana/);
    expect(where).toMatchObject({ grafanaKind: 'test-host', loki: null, tempo: null });
  });

  it('serves the app with the provisioned Restate data source', async () => {
    const settings = await (await fetch(`${where.grafana}/api/plugins/restatedev-restate-app/settings`)).json();
    expect(settings.id).toBe('restatedev-restate-app');
    const list = await (await fetch(`${where.grafana}/api/datasources`)).json();
    expect(list).toEqual([
      expect.objectContaining({
        uid: 'restate-local',
        type: 'restatedev-restate-datasource',
        jsonData: expect.objectContaining({ adminUrl: where.restateAdmin, ingressUrl: where.restateIngress }),
      }),
    ]);
    const page = await fetch(where.app);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it('has the demo registered and its traffic running, seen through Grafana', async () => {
    const services = await (
      await fetch(`${where.grafana}/api/datasources/proxy/uid/restate-local/admin/services`)
    ).json();
    expect(services.services.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['greeter', 'counter'])
    );
    const deployments = await (
      await fetch(`${where.grafana}/api/datasources/uid/restate-local/resources/deployments`)
    ).json();
    expect(JSON.stringify(deployments)).toContain(where.demo);
    // The traffic calls greeter/greet every 5 s: completed invocations appear and grow.
    const count = async () => {
      const r = await fetch(`${where.grafana}/api/ds/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          queries: [
            {
              refId: 'A',
              datasource: { uid: 'restate-local' },
              sql: "SELECT count(*) AS n FROM sys_invocation WHERE target = 'greeter/greet' AND status = 'completed'",
            },
          ],
        }),
      });
      return Number((await r.json()).results.A.frames[0].data.values[0][0]);
    };
    const first = await until('a completed greeting', async () => ((await count()) > 0 ? count() : undefined), 60_000);
    await until('more greetings', async () => ((await count()) > first ? true : undefined), 60_000);
  }, 150_000);

  it('stops everything it started on Ctrl-C', async () => {
    const ports = [where.grafana, where.restateAdmin, where.restateIngress, where.demo].map((u) =>
      Number(new URL(u).port)
    );
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(output).toContain('[native] stopped');
    await until('every child gone', async () => (where.pids.every((p) => !alive(p)) ? true : undefined), 30_000);
    for (const port of ports) {
      expect(await canListen(port)).toBe(true);
    }
  }, 60_000);
});

describe('native mode provisioning for a real Grafana', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'native-prov-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const datasources = () =>
    parseYaml(readFileSync(join(dir, 'datasources', 'restate-local.yaml'), 'utf8')).datasources as Array<{
      uid: string;
      url: string;
      jsonData: Record<string, unknown>;
    }>;

  it('points the compose files at the local ports, Loki and Tempo included when they run', () => {
    writeProvisioning(dir, {
      admin: 'http://127.0.0.1:9070',
      ingress: 'http://127.0.0.1:8080',
      loki: 'http://127.0.0.1:3100',
      tempo: 'http://127.0.0.1:3200',
    });
    const [restate, loki, tempo] = datasources();
    expect(restate.jsonData).toMatchObject({
      adminUrl: 'http://127.0.0.1:9070',
      ingressUrl: 'http://127.0.0.1:8080',
      lokiUid: 'restate-local-loki',
      tempoUid: 'restate-local-tempo',
    });
    expect([loki.url, tempo.url]).toEqual(['http://127.0.0.1:3100', 'http://127.0.0.1:3200']);
    expect(readFileSync(join(dir, 'plugins', 'apps.yaml'), 'utf8')).toContain('restatedev-restate-app');
    expect(readFileSync(join(dir, 'alerting', 'restate-alerts.yaml'), 'utf8')).toContain(
      'datasourceUid: restate-local'
    );
  });

  it('without Loki and Tempo: only the Restate data source, with no links to them', () => {
    writeProvisioning(dir, { admin: 'http://127.0.0.1:9070', ingress: 'http://127.0.0.1:8080' });
    const all = datasources();
    expect(all.map((d) => d.uid)).toEqual(['restate-local']);
    expect(all[0].jsonData).toEqual({
      clusterName: 'local',
      adminUrl: 'http://127.0.0.1:9070',
      ingressUrl: 'http://127.0.0.1:8080',
    });
  });

  it("writes Loki's and Tempo's configs for loopback ports and the data dir", () => {
    const ports = { loki: 13100, lokiGrpc: 19096, tempo: 13200, otlpGrpc: 14317, otlpHttp: 14318 };
    const loki = parseYaml(lokiConfig('/data/loki', ports));
    expect(loki.server).toMatchObject({
      http_listen_port: 13100,
      http_listen_address: '127.0.0.1',
      grpc_listen_port: 19096,
    });
    expect(loki.common.path_prefix).toBe('/data/loki');
    expect(loki.common.storage.filesystem.chunks_directory).toBe('/data/loki/chunks');
    const tempo = parseYaml(tempoConfig('/data/tempo', ports));
    expect(tempo.server).toMatchObject({ http_listen_port: 13200, http_listen_address: '127.0.0.1' });
    expect(tempo.distributor.receivers.otlp.protocols).toEqual({
      grpc: { endpoint: '127.0.0.1:14317' },
      http: { endpoint: '127.0.0.1:14318' },
    });
    expect(tempo.storage.trace).toMatchObject({
      wal: { path: '/data/tempo/wal' },
      local: { path: '/data/tempo/blocks' },
    });
  });
});
