// `npm run test:browser`: builds the plugin first when dist/ is missing or older than src/ or pkg/, type-checks
// the tier (Playwright only strips types), runs its Playwright config, and prints how long it all took. Extra arguments go to Playwright
// (e.g. `npm run test:browser -- specs/roles.spec.ts`).
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

/** @param {string} cmd @param {string[]} args */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  return r.status ?? 1;
}

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

const typecheck = run('npx', ['tsc', '-p', 'tests/browser/tsconfig.json']);
if (typecheck !== 0) {
  console.log('browser tier: type errors in tests/browser (see above)');
  process.exit(typecheck);
}

const status = run('npx', ['playwright', 'test', '-c', 'tests/browser/playwright.config.ts', ...process.argv.slice(2)]);
console.log(`browser tier: ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s (build included)`);
process.exit(status);
