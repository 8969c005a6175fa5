// Where native mode finds the servers it does not ship: the user's own Grafana (GRAFANA_HOME, PATH, the places
// the Debian/RPM packages and Homebrew install it), Loki and Tempo (LOKI_BIN / TEMPO_BIN, or on PATH).
import fs from 'node:fs';
import path from 'node:path';

/** The first executable called `name` on PATH. */
export function onPath(name, env = process.env, exists = fs.existsSync) {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const file = dir && path.join(dir, name);
    if (file && exists(file)) {
      return file;
    }
  }
  return undefined;
}

/**
 * Grafana's server: `{ bin, args, homepath, source }`, or undefined. Grafana 10+ ships `grafana` (`grafana server`);
 * older packages `grafana-server`. Its homepath holds conf/defaults.ini and public/.
 */
export function findGrafana(env = process.env, exists = fs.existsSync) {
  const homes = [
    ...(env.GRAFANA_HOME ? [[env.GRAFANA_HOME, 'GRAFANA_HOME']] : []),
    ['/usr/share/grafana', 'the Debian/RPM package'],
    ['/opt/homebrew/opt/grafana/share/grafana', 'Homebrew'],
    ['/usr/local/opt/grafana/share/grafana', 'Homebrew'],
  ];
  const binaries = (home) => [
    path.join(home, 'bin', 'grafana'),
    path.join(home, 'bin', 'grafana-server'),
    path.resolve(home, '../../bin/grafana'),
    '/usr/sbin/grafana',
    '/usr/sbin/grafana-server',
  ];
  for (const [home, source] of homes) {
    if (!exists(path.join(home, 'conf', 'defaults.ini'))) {
      continue;
    }
    const bin =
      binaries(home).find((b) => exists(b)) ?? onPath('grafana', env, exists) ?? onPath('grafana-server', env, exists);
    if (bin) {
      return { bin, args: path.basename(bin) === 'grafana' ? ['server'] : [], homepath: home, source };
    }
  }
  return undefined;
}

/** Loki's or Tempo's binary: LOKI_BIN / TEMPO_BIN, else `loki` / `tempo` on PATH. */
export function findBinary(name, env = process.env, exists = fs.existsSync) {
  const fromEnv = env[`${name.toUpperCase()}_BIN`];
  if (fromEnv) {
    return exists(fromEnv) ? fromEnv : undefined;
  }
  return onPath(name, env, exists);
}
