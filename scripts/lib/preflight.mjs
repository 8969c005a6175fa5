// What `npm run server` needs before it installs or builds anything: a Docker client, a running engine, Compose v2
// (the `docker compose` plugin or a `docker-compose` binary) and the ports docker-compose.yaml publishes. Each
// problem is one line saying what is missing and how to get it; Docker's own output is never passed through.
import { spawnSync } from 'node:child_process';
import net from 'node:net';

/** The ports docker-compose.yaml publishes on the host. */
export const PORTS = [
  { port: 3000, what: 'Grafana' },
  { port: 9070, what: 'Restate admin API' },
  { port: 8080, what: 'Restate ingress' },
  { port: 3100, what: 'Loki' },
  { port: 3200, what: 'Tempo' },
  { port: 9090, what: 'Prometheus' },
];

/**
 * @typedef {{ status: number | null, stdout: string, stderr: string, error?: { code?: string, message: string } }} RunResult
 * @typedef {(cmd: string, args: string[]) => RunResult} Runner
 * @typedef {(port: number) => Promise<boolean>} PortProbe true when the port can be listened on
 */

/** @type {Runner} */
export const runCommand = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
};

/** @type {PortProbe} */
export const canListen = (port) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    // All addresses, as Docker publishes them: a listener on any address of the port gets in its way.
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });

/**
 * Listening TCP sockets from `ss -ltnpH` output: port → the processes ss names (empty when it cannot tell, e.g.
 * another user's process without root).
 * @param {string} output
 * @returns {Map<number, string[]>}
 */
export function parseSs(output) {
  /** @type {Map<number, string[]>} */
  const byPort = new Map();
  for (const line of output.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // State Recv-Q Send-Q Local:Port Peer:Port [users:(("name",pid=1,fd=3),...)]
    if (fields.length < 5 || fields[0] !== 'LISTEN') {
      continue;
    }
    const port = Number(fields[3].slice(fields[3].lastIndexOf(':') + 1));
    if (!Number.isInteger(port)) {
      continue;
    }
    const who = [...line.matchAll(/\("([^"]+)",pid=(\d+)/g)].map((m) => `${m[1]} (pid ${m[2]})`);
    byPort.set(port, [...new Set([...(byPort.get(port) ?? []), ...who])]);
  }
  return byPort;
}

const firstLine = (/** @type {string} */ s) =>
  s
    .split('\n')
    .find((l) => l.trim())
    ?.trim() ?? '';

/**
 * @param {{ run?: Runner, canListen?: PortProbe, platform?: string }} [deps]
 * @returns {Promise<{ problems: string[], compose?: string[], docker: boolean }>} compose: the command that runs Compose;
 *   docker: whether a Docker client is installed at all (without one, `npm run server` runs natively)
 */
export async function preflight(deps = {}) {
  const run = deps.run ?? runCommand;
  const probe = deps.canListen ?? canListen;
  const platform = deps.platform ?? process.platform;
  const problems = [];
  /** @type {string[] | undefined} */
  let compose;

  const client = run('docker', ['--version']);
  if (client.error || client.status !== 0) {
    problems.push(
      'Docker is not installed (no `docker` command): install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop.'
    );
  } else {
    const info = run('docker', ['info', '--format', '{{.ServerVersion}}']);
    if (info.status !== 0) {
      const why = firstLine(info.stderr) || firstLine(info.stdout);
      const start =
        platform === 'linux'
          ? 'start it with `sudo systemctl start docker` (or open Docker Desktop)'
          : 'start Docker Desktop (or your engine, e.g. `colima start`)';
      problems.push(
        /permission denied/i.test(why)
          ? `The Docker engine refuses this user (${why}): add yourself to the docker group (\`sudo usermod -aG docker $USER\`, then log in again).`
          : `The Docker engine is not running (\`docker info\` failed${why ? `: ${why}` : ''}): ${start}.`
      );
    }
    if (run('docker', ['compose', 'version']).status === 0) {
      compose = ['docker', 'compose'];
    }
  }
  if (!compose) {
    const standalone = run('docker-compose', ['version']);
    if (!standalone.error && standalone.status === 0) {
      compose = ['docker-compose'];
    } else if (!client.error && client.status === 0) {
      problems.push(
        'Docker Compose v2 is missing (neither `docker compose version` nor `docker-compose version` works): install the Compose plugin (e.g. `sudo apt-get install docker-compose-plugin`; https://docs.docker.com/compose/install/) or a `docker-compose` binary.'
      );
    }
  }

  const ss = run('ss', ['-ltnpH']);
  const listening = !ss.error && ss.status === 0 ? parseSs(ss.stdout) : undefined;
  for (const { port, what } of PORTS) {
    const who = listening?.get(port);
    const taken = listening ? who !== undefined : !(await probe(port));
    if (!taken) {
      continue;
    }
    const by = who?.length
      ? ` by ${who.join(', ')}`
      : who
        ? ' (by a process this user cannot see; `sudo ss -ltnp` shows it)'
        : ' (could not tell by what: `ss` is not available)';
    const hint = who?.some((w) => w.startsWith('docker-proxy'))
      ? 'the stack may already be running (`docker compose down` stops it)'
      : 'stop that program or free the port';
    problems.push(`Port ${port} (${what}) is already in use${by}: ${hint}.`);
  }
  return { problems, compose, docker: !client.error && client.status === 0 };
}
