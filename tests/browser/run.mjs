// `npm run test:browser`: builds the plugin first when dist/ is missing or older than src/ or pkg/, installs
// Grafana 13.2's packages (tests/grafana13) when missing or older than their lockfile, type-checks the tier
// (Playwright only strips types), then runs its Playwright config once per Grafana line (GRAFANA_LINE=12.4, then
// 13.2; the same dist/ in both) and prints how long it all took. `GRAFANA_LINES=13.2` runs one line only. Extra
// arguments go to Playwright (e.g. `npm run test:browser -- specs/roles.spec.ts`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const started = Date.now();

/** Newest modification time of any file under `dir` (0 when it does not exist). @param {string} dir */
function newestMtime(dir) {
  if (!fs.existsSync(dir)) {
    return 0;
  }
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] */
function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

const lines = (process.env.GRAFANA_LINES ?? '12.4,13.2').split(',').map((l) => l.trim()).filter(Boolean);

// The frontend bundle and the backend executable: both must be newer than their sources (src/, pkg/).
const built = [path.join(repoRoot, 'dist', 'module.js'), path.join(repoRoot, 'dist', 'datasource', 'gpx_restate_linux_amd64')];
const builtAt = Math.min(...built.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
const sourcesAt = Math.max(newestMtime(path.join(repoRoot, 'src')), newestMtime(path.join(repoRoot, 'pkg')));
if (builtAt === 0 || sourcesAt > builtAt) {
  console.log(builtAt === 0 ? 'dist/ is missing: building the plugin' : 'src/ or pkg/ changed since the last build: building the plugin');
  const status = run('npm', ['run', 'build']);
  if (status !== 0) {
    process.exit(status);
  }
}

// Grafana 13.2's shared packages: a separate install (its own lockfile), so the root stays on 12.4 / React 18.
const g13 = path.join(repoRoot, 'tests', 'grafana13');
const g13Installed = path.join(g13, 'node_modules', '.package-lock.json');
if (lines.includes('13.2') && (!fs.existsSync(g13Installed) || fs.statSync(g13Installed).mtimeMs < fs.statSync(path.join(g13, 'package-lock.json')).mtimeMs)) {
  console.log('installing Grafana 13.2\'s packages (npm ci --prefix tests/grafana13)');
  const status = run('npm', ['ci', '--prefix', 'tests/grafana13', '--no-audit', '--no-fund', '--silent']);
  if (status !== 0) {
    process.exit(status);
  }
}

const typecheck = run('npx', ['tsc', '-p', 'tests/browser/tsconfig.json']);
if (typecheck !== 0) {
  console.log('browser tier: type errors in tests/browser (see above)');
  process.exit(typecheck);
}

// One Playwright run per line, each with its own restate-server and host: nothing a spec leaves behind on
// one line can make the other pass or fail.
const results = [];
for (const line of lines) {
  const lineStarted = Date.now();
  console.log(`\nbrowser tier: Grafana ${line} host`);
  const status = run('npx', ['playwright', 'test', '-c', 'tests/browser/playwright.config.ts', ...process.argv.slice(2)], {
    GRAFANA_LINE: line,
  });
  results.push({ line, status, s: (Date.now() - lineStarted) / 1000 });
}
const status = results.every((r) => r.status === 0) ? 0 : 1;
for (const r of results) {
  console.log(`browser tier: Grafana ${r.line}: ${r.status === 0 ? 'passed' : 'FAILED'} in ${r.s.toFixed(1)} s`);
}
console.log(`browser tier: ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s (build included)`);
process.exit(status);
