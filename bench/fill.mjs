// `node bench/fill.mjs [small|big|huge] [minutes]`: loads one of the bench's data dirs (bench/.data/<size>) towards
// its size (1 000, 100 000, 1 000 000 invocations; BENCH_SMALL, BENCH_BIG, BENCH_HUGE), for at most `minutes`
// (default 30), then stops. Resumable: a later run loads only what is still missing. Prints the load rate.
import path from 'node:path';
import { ensureCluster } from './lib/cluster.mjs';
import { installSignalHandlers, stopAll } from './lib/procs.mjs';
import { SIZES } from './lib/sizes.mjs';

const [name = 'huge', minutesArg = '30'] = process.argv.slice(2);
if (name === '--help' || !SIZES[name]) {
  console.log('usage: node bench/fill.mjs [small|big|huge] [minutes, default 30]');
  process.exit(name === '--help' ? 0 : 2);
}
const cleanups = [];
const cleanup = async () => {
  for (const c of cleanups.splice(0).reverse()) {
    await c().catch((e) => console.error('[load] cleanup:', e.message));
  }
  await stopAll();
};
installSignalHandlers(cleanup);
try {
  const c = await ensureCluster({
    name,
    dataDir: path.resolve('bench/.data', name),
    target: SIZES[name].target,
    concurrency: Number(process.env.BENCH_LOAD_CONCURRENCY || 12),
    maxLoadSeconds: Number(minutesArg) * 60,
  });
  cleanups.push(c.stop);
  console.log(
    `[load] ${name}: ${c.invocations} of ${c.target} invocations` +
      (c.loadedNow ? `; this run ${c.loadedNow.invocations} in ${c.loadedNow.seconds.toFixed(0)} s` : '')
  );
} catch (e) {
  console.error('[load] failed:', e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
