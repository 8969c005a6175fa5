// A benchmark cluster: restate-server on a reusable data dir + the test service, loaded with at least
// `target` invocations (loading only what is missing, under `nice -n 10`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTracked, sleep } from './procs.mjs';
import { query, waitForQueryable } from './sql.mjs';
import { startServers } from './servers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function countInvocations(adminUrl) {
  const rows = await query(adminUrl, 'SELECT status, count(*) AS n FROM sys_invocation GROUP BY status');
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { total, byStatus };
}

function runLoader(ingressUrl, count, concurrency, seed, maxSeconds) {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(
      'nice',
      [
        '-n',
        '10',
        process.execPath,
        path.join(here, 'load.mjs'),
        ingressUrl,
        String(count),
        String(concurrency),
        String(maxSeconds),
        String(seed),
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] }
    );
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`loader exited with ${code}`))));
  });
}

// After `send`, Restate may still be working through its backlog: wait (bounded) until the number of
// completed invocations stops growing, so measurements do not compete with the load.
async function waitDrained(adminUrl, log, timeoutMs = 15 * 60_000) {
  const deadline = Date.now() + timeoutMs;
  let prev = -1;
  while (Date.now() < deadline) {
    const { total, byStatus } = await countInvocations(adminUrl);
    // (not backing-off: the long sleeps of an earlier run retry against a restarted service for a long time)
    const busy = (byStatus.pending ?? 0) + (byStatus.ready ?? 0);
    const done = byStatus.completed ?? 0;
    log(`  ${total} invocations: ${JSON.stringify(byStatus)}`);
    if (busy === 0 && done === prev) {
      return;
    }
    prev = done;
    await sleep(3000);
  }
  log('  (still busy after the drain timeout; measuring anyway)');
}

/**
 * A cluster on `dataDir` with at least `target` invocations if they load within `maxLoadSeconds` (default one
 * hour); a load stopped by the time cap leaves what it sent in the data dir, and the next run loads only the rest.
 */
export async function ensureCluster({
  name,
  dataDir,
  target,
  concurrency = 12,
  maxLoadSeconds = 3600,
  load = true,
  log = console.log,
}) {
  dataDir = path.resolve(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const t0 = Date.now();
  const servers = await startServers({ name, dataDir });
  try {
    await waitForQueryable(servers.adminUrl);
    log(
      `[${name}] restate-server up at ${servers.adminUrl} in ${Date.now() - t0} ms (data dir reused: ${servers.reused})`
    );
    let { total, byStatus } = await countInvocations(servers.adminUrl);
    log(`[${name}] ${total} invocations in the data dir ${JSON.stringify(byStatus)}; target ${target}`);
    let loadedNow;
    if (load && total < target) {
      const missing = Math.ceil((target - total) * 1.005) + 10;
      log(
        `[${name}] loading ${missing} invocations (nice -n 10, concurrency ${concurrency}, at most ${maxLoadSeconds} s)...`
      );
      const before = total;
      const l0 = Date.now();
      // a load cut by the time cap exits non-zero only if sends failed; either way what was sent stays
      await runLoader(servers.ingressUrl, missing, concurrency, total + 1, maxLoadSeconds).catch((e) =>
        log(`[${name}] ${e.message}; keeping what loaded`)
      );
      await waitDrained(servers.adminUrl, log);
      ({ total, byStatus } = await countInvocations(servers.adminUrl));
      const seconds = (Date.now() - l0) / 1000;
      loadedNow = { invocations: total - before, seconds, per_second: (total - before) / seconds };
      log(`[${name}] now ${total} invocations ${JSON.stringify(byStatus)} (${loadedNow.per_second.toFixed(0)}/s)`);
    }
    return { ...servers, invocations: total, byStatus, target, loadedNow };
  } catch (e) {
    await servers.stop();
    throw e;
  }
}
