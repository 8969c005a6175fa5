// `node bench/backend.mjs`: only the backend part of `npm run bench` (issue #14): 50 000 rows through the backend
// vs the JSON path in the browser, and the shipped alert rules evaluated by the backend, on the big cluster
// (bench/.data/big, loaded to BENCH_BIG invocations, default 100000). Merges `backend` into bench/results.json.
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { ensureCluster } from './lib/cluster.mjs';
import { copyDist, startPluginHost } from './lib/host.mjs';
import { benchBackend, printBackend } from './lib/backendPath.mjs';

const BIG = Number(process.env.BENCH_BIG || 100000);
const DATA = path.resolve('bench/.data');
const cleanups = [];

async function main() {
  if (!fs.existsSync('dist/datasource/gpx_restate_linux_amd64')) {
    throw new Error('dist/ has no backend: npm run build first');
  }
  const distDir = copyDist(path.join(DATA, 'dist-backend'));
  const host = await startPluginHost({ distDir });
  if (host.missing) {
    throw new Error(host.missing);
  }
  cleanups.push(host.close);
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const big = await ensureCluster({ name: 'big', dataDir: path.join(DATA, 'big'), target: BIG, log: console.log });
  cleanups.push(big.stop);
  const dsUid = await host.createDataSource({ name: 'bench-big', adminUrl: big.adminUrl, ingressUrl: big.ingressUrl });
  const backend = await benchBackend({ browser, host, dsUid, adminUrl: big.adminUrl, invocations: big.invocations });
  const file = 'bench/results.json';
  const results = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  results.backend = { ...backend, date: new Date().toISOString() };
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  printBackend(backend);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of cleanups.reverse()) {
      await Promise.resolve(c()).catch(() => undefined);
    }
  });
