import { findBinary, findGrafana } from './find.mjs';

const fsWith =
  (...files: string[]) =>
  (f: string) =>
    files.includes(f);

describe('findGrafana', () => {
  it('takes GRAFANA_HOME first (a tarball: bin/grafana runs `grafana server`)', () => {
    const exists = fsWith('/opt/g/conf/defaults.ini', '/opt/g/bin/grafana', '/usr/share/grafana/conf/defaults.ini');
    expect(findGrafana({ GRAFANA_HOME: '/opt/g', PATH: '' }, exists)).toEqual({
      bin: '/opt/g/bin/grafana',
      args: ['server'],
      homepath: '/opt/g',
      source: 'GRAFANA_HOME',
    });
  });

  it('finds the Debian/RPM package (homepath /usr/share/grafana, an older grafana-server in /usr/sbin)', () => {
    const exists = fsWith('/usr/share/grafana/conf/defaults.ini', '/usr/sbin/grafana-server');
    expect(findGrafana({ PATH: '/usr/bin' }, exists)).toMatchObject({
      bin: '/usr/sbin/grafana-server',
      args: [],
      homepath: '/usr/share/grafana',
    });
  });

  it('finds Homebrew (bin/grafana beside share/grafana)', () => {
    const exists = fsWith(
      '/opt/homebrew/opt/grafana/share/grafana/conf/defaults.ini',
      '/opt/homebrew/opt/grafana/bin/grafana'
    );
    expect(findGrafana({ PATH: '' }, exists)).toMatchObject({
      bin: '/opt/homebrew/opt/grafana/bin/grafana',
      source: 'Homebrew',
    });
  });

  it('is undefined without a homepath (a binary alone cannot serve the frontend)', () => {
    expect(findGrafana({ PATH: '/usr/bin' }, fsWith('/usr/bin/grafana'))).toBeUndefined();
  });
});

describe('findBinary', () => {
  it('takes LOKI_BIN when it exists, and does not fall back to PATH when it does not', () => {
    expect(findBinary('loki', { LOKI_BIN: '/x/loki', PATH: '/usr/bin' }, fsWith('/x/loki'))).toBe('/x/loki');
    expect(findBinary('loki', { LOKI_BIN: '/x/loki', PATH: '/usr/bin' }, fsWith('/usr/bin/loki'))).toBeUndefined();
    expect(findBinary('tempo', { PATH: '/a:/usr/local/bin' }, fsWith('/usr/local/bin/tempo'))).toBe(
      '/usr/local/bin/tempo'
    );
  });
});
