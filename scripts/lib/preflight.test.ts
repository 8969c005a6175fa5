import net from 'node:net';
import { canListen, parseSs, preflight } from './preflight.mjs';

type Result = { status: number | null; stdout: string; stderr: string; error?: { code?: string; message: string } };
const ok = (stdout = ''): Result => ({ status: 0, stdout, stderr: '' });
const fail = (stderr: string, status = 1): Result => ({ status, stdout: '', stderr });
const missing: Result = {
  status: null,
  stdout: '',
  stderr: '',
  error: { code: 'ENOENT', message: 'spawnSync ENOENT' },
};

const NO_ENGINE = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const NO_COMPOSE = "docker: unknown command: docker compose\n\nRun 'docker --help' for more information";

/** A runner answering by command line; anything not listed is "command not found". */
function runner(answers: Record<string, Result>) {
  const calls: string[] = [];
  const run = (cmd: string, args: string[]) => {
    const line = [cmd, ...args].join(' ');
    calls.push(line);
    return answers[line] ?? missing;
  };
  return { run, calls };
}

const healthy = {
  'docker --version': ok('Docker version 28.0.1'),
  'docker info --format {{.ServerVersion}}': ok('28.0.1'),
  'docker compose version': ok('Docker Compose version v2.33.1'),
  'ss -ltnpH': ok('LISTEN 0 128 0.0.0.0:2024 0.0.0.0:*\n'),
};
const allFree = async () => true;

describe('preflight', () => {
  it('is happy with a running engine, the Compose plugin and free ports', async () => {
    const { run } = runner(healthy);
    expect(await preflight({ run, canListen: allFree, platform: 'linux' })).toEqual({
      problems: [],
      compose: ['docker', 'compose'],
      docker: true,
    });
  });

  it('says the Docker client is missing, and nothing about its engine', async () => {
    const { run } = runner({ 'ss -ltnpH': ok('') });
    const { problems, compose, docker } = await preflight({ run, canListen: allFree, platform: 'linux' });
    expect(compose).toBeUndefined();
    expect(docker).toBe(false); // npm run server then starts the native mode
    expect(problems).toEqual([expect.stringMatching(/^Docker is not installed .*install Docker Engine/)]);
  });

  it('on a client without engine or Compose (this machine): one line each, none of Docker’s usage text', async () => {
    const { run } = runner({
      ...healthy,
      'docker info --format {{.ServerVersion}}': fail(NO_ENGINE),
      'docker compose version': fail(NO_COMPOSE),
    });
    const { problems, compose } = await preflight({ run, canListen: allFree, platform: 'linux' });
    expect(compose).toBeUndefined();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^The Docker engine is not running .*Cannot connect.*sudo systemctl start docker/);
    expect(problems[1]).toMatch(/^Docker Compose v2 is missing .*docker-compose-plugin.*docker-compose/);
    expect(problems.join('\n')).not.toMatch(/unknown command|--help|Usage/);
  });

  it('tells macOS users to start Docker Desktop, and a user outside the docker group how to join it', async () => {
    const down = runner({ ...healthy, 'docker info --format {{.ServerVersion}}': fail(NO_ENGINE) });
    expect((await preflight({ run: down.run, canListen: allFree, platform: 'darwin' })).problems[0]).toMatch(
      /start Docker Desktop/
    );
    const denied = runner({
      ...healthy,
      'docker info --format {{.ServerVersion}}': fail(
        'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock'
      ),
    });
    expect((await preflight({ run: denied.run, canListen: allFree, platform: 'linux' })).problems[0]).toMatch(
      /usermod -aG docker/
    );
  });

  it('uses docker-compose when only that exists', async () => {
    const { run } = runner({
      ...healthy,
      'docker compose version': fail(NO_COMPOSE),
      'docker-compose version': ok('Docker Compose version v2.29.0'),
    });
    expect(await preflight({ run, canListen: allFree, platform: 'linux' })).toEqual({
      problems: [],
      compose: ['docker-compose'],
      docker: true,
    });
  });

  it('names the process holding a port when ss can tell, and says when it cannot', async () => {
    const { run } = runner({
      ...healthy,
      'ss -ltnpH': ok(
        [
          'LISTEN 0 4096 127.0.0.1:3000 0.0.0.0:* users:(("grafana",pid=4242,fd=11))',
          'LISTEN 0 4096 0.0.0.0:8080 0.0.0.0:* users:(("docker-proxy",pid=77,fd=4))',
          'LISTEN 0 4096 [::]:8080 [::]:* users:(("docker-proxy",pid=78,fd=4))',
          'LISTEN 0 511 *:3200 *:*',
        ].join('\n')
      ),
    });
    const probe = jest.fn(allFree);
    const { problems } = await preflight({ run, canListen: probe, platform: 'linux' });
    expect(problems).toEqual([
      'Port 3000 (Grafana) is already in use by grafana (pid 4242): stop that program or free the port.',
      'Port 8080 (Restate ingress) is already in use by docker-proxy (pid 77), docker-proxy (pid 78): the stack may already be running (`docker compose down` stops it).',
      'Port 3200 (Tempo) is already in use (by a process this user cannot see; `sudo ss -ltnp` shows it): stop that program or free the port.',
    ]);
    expect(probe).not.toHaveBeenCalled();
  });

  it('falls back to trying to listen when ss is not there', async () => {
    const { run } = runner({ ...healthy, 'ss -ltnpH': missing });
    const probe = jest.fn(async (port: number) => port !== 9070);
    const { problems } = await preflight({ run, canListen: probe, platform: 'linux' });
    expect(probe.mock.calls.map(([p]) => p)).toEqual([3000, 9070, 8080, 3100, 3200, 9090]);
    expect(problems).toEqual([
      'Port 9070 (Restate admin API) is already in use (could not tell by what: `ss` is not available): stop that program or free the port.',
    ]);
  });
});

describe('parseSs', () => {
  it('reads IPv4, IPv6 and wildcard listeners', () => {
    const m = parseSs('LISTEN 0 1 [::1]:3100 [::]:*\nLISTEN 0 1 *:9070 *:* users:(("restate-server",pid=9,fd=3))\n');
    expect(m.get(3100)).toEqual([]);
    expect(m.get(9070)).toEqual(['restate-server (pid 9)']);
  });
});

describe('canListen', () => {
  it('is false for a port something listens on, true once it is free', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as net.AddressInfo;
    expect(await canListen(port)).toBe(false);
    await new Promise<void>((r) => server.close(() => r()));
    expect(await canListen(port)).toBe(true);
  });
});
