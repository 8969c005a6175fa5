// Builds the data source's Go backend (pkg/) into dist/datasource/, beside the nested plugin.json: Grafana
// resolves a nested plugin's "executable" relative to that plugin's own directory and starts
// <dir>/gpx_restate_<goos>_<goarch>[.exe] (pkg/plugins/plugins.go, executablePath: path.Join(p.FS.Base(), ...),
// where FS is the directory of the plugin.json that declares it).
//   node scripts/build-backend.mjs         linux/amd64, plus this machine's own platform (native and Docker) when it differs
//   node scripts/build-backend.mjs --all   every release platform
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const EXECUTABLE = 'gpx_restate';
const RELEASE = [
  ['linux', 'amd64'],
  ['linux', 'arm64'],
  ['linux', 'arm'],
  ['darwin', 'amd64'],
  ['darwin', 'arm64'],
  ['windows', 'amd64'],
];

const all = process.argv.includes('--all');
// By default: linux/amd64 (CI, most Grafana servers), and where this machine differs, what a Grafana on it runs
// natively (e.g. darwin/arm64) and in Docker (linux/arm64 on Apple silicon).
const GOARCH = { x64: 'amd64', arm64: 'arm64', arm: 'arm' }[process.arch] ?? 'amd64';
const GOOS = { win32: 'windows', darwin: 'darwin' }[process.platform] ?? 'linux';
const local = [
  ['linux', 'amd64'],
  [GOOS, GOARCH],
  ['linux', GOARCH],
].filter(([os, arch], i, list) => list.findIndex(([o, a]) => o === os && a === arch) === i);
const targets = all ? RELEASE : local;
const outDir = path.join('dist', 'datasource');
const started = Date.now();
for (const [goos, goarch] of targets) {
  const name = `${EXECUTABLE}_${goos}_${goarch}${goos === 'windows' ? '.exe' : ''}`;
  const out = path.join(outDir, name);
  const t0 = Date.now();
  // CGO off: a static binary that runs in any Grafana image; -trimpath and -w -s keep machine paths and
  // debug tables out of the release.
  const res = spawnSync('go', ['build', '-trimpath', '-ldflags', '-w -s', '-o', out, './pkg'], {
    stdio: 'inherit',
    env: { ...process.env, CGO_ENABLED: '0', GOOS: goos, GOARCH: goarch },
  });
  if (res.error || res.status !== 0) {
    console.error(`go build for ${goos}/${goarch} failed${res.error ? `: ${res.error.message}` : ''}`);
    process.exit(1);
  }
  console.log(`built ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(`backend: ${targets.length} executable(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
