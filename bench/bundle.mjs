// `node bench/bundle.mjs`: the bench's bundle figures alone, in a minute or two and without its data sets: the
// plugin JS the invocations page downloads on its first load (gzip -9, file by file) and the largest chunk in
// dist/, judged against issue #18's goals. It measures the built dist/ (run `npm run build` first; it builds
// nothing) through the same code as `npm run bench` (lib/measure.mjs, lib/bundle.mjs): the browser tier's test
// host, Chromium, and a tiny restate-server (bench/.data/bundle, a few invocations so the page shows rows).
import path from 'node:path';
import { bundleFigures, bundleRows, distStaleness } from './lib/bundle.mjs';
import { ensureCluster } from './lib/cluster.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { copyDist, startPluginHost } from './lib/host.mjs';
import { measureTargets, pluginPageTarget, MIN_ROWS } from './lib/measure.mjs';
import { judgeBundleGoals, formatGoals } from './lib/goals.mjs';
import { installSignalHandlers, stopAll } from './lib/procs.mjs';

if (process.argv.includes('--help')) {
  console.log('usage: node bench/bundle.mjs   (after npm run build; CHROMIUM_PATH, default /usr/bin/chromium)');
  process.exit(0);
}
const DATA = path.resolve('bench/.data');
const log = (...a) => console.log(...a);

const cleanups = [];
async function cleanup() {
  for (const c of cleanups.splice(0).reverse()) {
    await c().catch((e) => console.error('[bundle] cleanup:', e.message));
  }
  await stopAll();
}
installSignalHandlers(cleanup);

async function main() {
  const stale = distStaleness();
  if (stale === 'dist/ missing') {
    throw new Error('dist/ missing: npm run build');
  }
  if (stale) {
    log(`[bundle] warning: ${stale}; measuring it anyway (npm run build to measure the source)`);
  }
  const distDir = copyDist(path.join(DATA, 'bundle-dist'));
  const host = await startPluginHost({ distDir });
  if (host.missing) {
    throw new Error(host.missing);
  }
  cleanups.push(host.close);
  const cluster = await ensureCluster({
    name: 'bundle',
    dataDir: path.join(DATA, 'bundle'),
    // enough rows for the page's rows-visible mark (the list is the same JS at any size)
    target: MIN_ROWS * 4,
    maxLoadSeconds: 120,
    log,
  });
  cleanups.push(cluster.stop);
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const ds = await host.createDataSource({
    name: 'bench-bundle',
    adminUrl: cluster.adminUrl,
    ingressUrl: cluster.ingressUrl,
  });
  // the bench's own first load of the page (its warm-up), which is where it collects the plugin's JS
  const m = await measureTargets(browser, [{ ...pluginPageTarget(host, ds), name: 'page' }], { runs: 0, log });
  const bundle = bundleFigures(m.page.pluginJs ?? [], distDir);
  const rows = bundleRows(bundle);
  const w = Math.max(...rows.map((x) => x[0].length));
  log('\n' + rows.map(([k, v, u]) => `${k.padEnd(w)}  ${v === undefined ? 'n/a' : `${v} ${u}`}`).join('\n'));
  log('\n' + formatGoals(judgeBundleGoals(bundle)).join('\n') + '\n');
  if (m.page.warmupTimedOut) {
    throw new Error('the page showed no rows in time: the files above may be incomplete');
  }
}

try {
  await main();
} catch (e) {
  console.error('[bundle] failed:', e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
