// `npm run bench`: the invocations page, its detail page and the SQL page at three sizes (about 1 000, 100 000 and
// 1 000 000 invocations), each beside its floor (the fastest raw SQL giving the same rows, and the backend path),
// Restate's own UI, the plugin's bundle, and issue #18's goals judged. Writes bench/results.json; see
// bench/README.md. `node bench/run.mjs --help` lists the options.
import { benchBackend, printBackend } from './lib/backendPath.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { bundleFigures, bundleRows, distStaleness } from './lib/bundle.mjs';
import { ensureCluster } from './lib/cluster.mjs';
import { launchBrowser, median } from './lib/browser.mjs';
import { copyDist, startPluginHost } from './lib/host.mjs';
import {
  measureTargets,
  measureSqlPage,
  restateUiTarget,
  pluginPageTarget,
  detailTarget,
  MIN_ROWS,
} from './lib/measure.mjs';
import { measureRawQueries } from './lib/rawQuery.mjs';
import { loadInvocationsApi } from './lib/pageSql.mjs';
import { SIZES } from './lib/sizes.mjs';
import { judgeGoals, formatGoals, ownTimeParts, countsAfterRows } from './lib/goals.mjs';
import { measureFloors, measureBackendQuery } from './lib/floors.mjs';
import { query } from './lib/sql.mjs';
import { installSignalHandlers, stopAll } from './lib/procs.mjs';

const HELP = `usage: node bench/run.mjs [--quick]
  --quick   the small size only, 2 loads per target, no Restate UI, no backend-path part (a smoke run)
environment:
  BENCH_RUNS                 cold loads per target (default 7)
  BENCH_SIZES                sizes to measure, of small,big,huge (default all three)
  BENCH_SMALL / BENCH_BIG / BENCH_HUGE   invocations wanted (1000 / 100000 / 1000000)
  BENCH_HUGE_LOAD_MINUTES    at most this long loading huge per run (default 30; resumable, 0: no loading)
  BENCH_LOAD_CONCURRENCY     concurrent sends while loading (default 12)
  BENCH_BACKEND=0            skip issue #14's backend-vs-JSON and alert-rule part
  BENCH_UI=0                 skip Restate's own UI (on a busy machine one load of it can take minutes)
  BENCH_BUILD=0              never build dist/
  CHROMIUM_PATH              default /usr/bin/chromium`;
if (process.argv.includes('--help')) {
  console.log(HELP);
  process.exit(0);
}
const QUICK = process.argv.includes('--quick');
const RUNS = Number(process.env.BENCH_RUNS || (QUICK ? 2 : 7));
const SIZE_NAMES = QUICK ? ['small'] : (process.env.BENCH_SIZES || 'small,big,huge').split(',');
const HUGE_LOAD_MINUTES = Number(process.env.BENCH_HUGE_LOAD_MINUTES ?? 30);
const CONCURRENCY = Number(process.env.BENCH_LOAD_CONCURRENCY || 12);
const BACKEND = !QUICK && process.env.BENCH_BACKEND !== '0';
const DATA = path.resolve('bench/.data');
const log = (...a) => console.log(...a);

const cleanups = [];
async function cleanup() {
  for (const c of cleanups.splice(0).reverse()) {
    await c().catch((e) => console.error('[bench] cleanup:', e.message));
  }
  await stopAll();
}
installSignalHandlers(cleanup);

const round = (x, d = 1) => (typeof x === 'number' ? Math.round(x * 10 ** d) / 10 ** d : x);

function capturedUiSql(requests) {
  return (requests ?? [])
    .filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/query' && r.postData)
    .map((r) => ({ sql: JSON.parse(r.postData).query.replace(/\s+/g, ' ').slice(0, 400), ms: round(r.ms) }));
}

/** Median of each key over per-run objects. */
function medianParts(list) {
  const ok = list.filter(Boolean);
  if (!ok.length) {
    return undefined;
  }
  return Object.fromEntries(Object.keys(ok[0]).map((k) => [k, round(median(ok.map((x) => x[k])))]));
}

async function main() {
  const t0 = Date.now();
  const stale = process.env.BENCH_BUILD === '0' ? '' : distStaleness();
  if (stale) {
    log(`[bench] ${stale}: npm run build`);
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  }
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  log(`[bench] ${os.cpus().length} cores, Node ${process.version}, load average ${loadAtStart.join(' ')}`);
  const distDir = copyDist(path.join(DATA, 'dist'));
  const host = await startPluginHost({ distDir }).catch((e) => ({
    missing: `test host failed to start: ${e.message}`,
  }));
  if (host.missing) {
    throw new Error(`plugin page cannot be measured: ${host.missing}`);
  }
  cleanups.push(host.close);
  log(`[bench] test host at ${host.url}`);
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());

  // All clusters run at once and every measured load is interleaved (page small, detail small, page big, ...):
  // noise from the shared machine falls on all of them alike.
  const clusters = {};
  for (const name of SIZE_NAMES) {
    const c = await ensureCluster({
      name,
      dataDir: path.join(DATA, name),
      target: SIZES[name].target,
      concurrency: CONCURRENCY,
      maxLoadSeconds: name === 'huge' ? HUGE_LOAD_MINUTES * 60 : 3600,
      load: !(name === 'huge' && HUGE_LOAD_MINUTES === 0),
      log,
    });
    cleanups.push(c.stop);
    clusters[name] = c;
  }
  const loadavg = os.loadavg().map((x) => round(x, 2));
  const api = await loadInvocationsApi();
  const ds = {};
  const detailIds = {};
  const targets = [];
  for (const name of SIZE_NAMES) {
    const c = clusters[name];
    ds[name] = await host.createDataSource({ name: `bench-${name}`, adminUrl: c.adminUrl, ingressUrl: c.ingressUrl });
    // the newest completed call of a virtual object: it has a journal and its object has state
    const [one] = await query(
      c.adminUrl,
      "SELECT id, target_service_name, target_service_key FROM sys_invocation_status WHERE target_service_name = 'counter' AND status = 'completed' ORDER BY created_at DESC LIMIT 1"
    );
    detailIds[name] = one;
    targets.push({ ...pluginPageTarget(host, ds[name]), name: `page-${name}` });
    if (one) {
      targets.push({ ...detailTarget(host, ds[name], one.id), name: `detail-${name}` });
    }
  }
  const uiSize = SIZE_NAMES.includes('big') && !QUICK && process.env.BENCH_UI !== '0' ? 'big' : undefined;
  if (uiSize && !QUICK && process.env.BENCH_UI !== '0') {
    targets.push({ ...restateUiTarget(clusters[uiSize].adminUrl), name: `ui-${uiSize}` });
  }
  log(
    `[bench] load average ${loadavg.join(' ')}; measuring ${targets.map((t) => t.name).join(', ')}: ${RUNS} cold loads each after a warm-up, interleaved`
  );
  const m = await measureTargets(browser, targets, { runs: RUNS, log });

  const sizes = {};
  for (const name of SIZE_NAMES) {
    const c = clusters[name];
    const page = m[`page-${name}`];
    const detail = m[`detail-${name}`];
    log(`[${name}] floors: raw /query of the candidates, and the backend path`);
    const floors = await measureFloors(c.adminUrl, api, { runs: Math.max(RUNS, 9) });
    const backend = await measureBackendQuery(host.url, ds[name], floors.pageSql.list, { runs: Math.max(RUNS, 9) });
    let detailFloor;
    const one = detailIds[name];
    if (one) {
      detailFloor = await measureRawQueries(
        c.adminUrl,
        {
          invocation: api.buildDetailQuery(one.id),
          journal: api.buildJournalQuery(one.id),
          journal_events: api.buildJournalEventsQuery(one.id),
          state: api.buildStateQuery(one.target_service_name, one.target_service_key),
        },
        Math.max(RUNS, 9)
      );
    }
    const pageParts = medianParts(page.probes.map(ownTimeParts));
    const detailParts = detail ? medianParts(detail.probes.map(ownTimeParts)) : undefined;
    sizes[name] = {
      invocations: c.invocations,
      target: c.target,
      by_status: c.byStatus,
      loaded_this_run: c.loadedNow,
      page: {
        ms: round(page.ms),
        own_ms: round(page.afterModuleMs),
        parts: pageParts,
        counts_answered_ms: round(page.probe?.countsEnd),
        rows_ms: round(page.probe?.rows),
        countsAfterRows: countsAfterRows(page.probes),
        heap_mb: round(page.heapMb),
        samples_ms: page.samples.map((x) => round(x, 0)),
        timeouts: page.timeouts,
        timeline: page.timeline,
      },
      floorMs: floors.floorMs,
      floor: floors,
      backend_path_ms: backend.ms,
      detail: detail && {
        id: one.id,
        ms: round(detail.ms),
        ownMs: detailParts?.own,
        parts: detailParts,
        // the page asks for the invocation, then its journal, events and state together
        floorMs: round(
          detailFloor.invocation.ms +
            Math.max(detailFloor.journal.ms, detailFloor.journal_events.ms, detailFloor.state.ms)
        ),
        raw_ms: Object.fromEntries(
          Object.entries(detailFloor)
            .filter(([k]) => k !== 'together')
            .map(([k, v]) => [k, round(v.ms)])
        ),
        samples_ms: detail.samples.map((x) => round(x, 0)),
        timeouts: detail.timeouts,
      },
    };
  }
  const sqlSize = SIZE_NAMES.includes('big') ? 'big' : SIZE_NAMES[SIZE_NAMES.length - 1];
  log(`[${sqlSize}] SQL page rendering 50000 rows`);
  const sqlPage = await measureSqlPage(browser, host, ds[sqlSize], { rows: 50000, log });
  let backendPart;
  if (BACKEND && clusters.big) {
    backendPart = await benchBackend({
      browser,
      host,
      dsUid: ds.big,
      adminUrl: clusters.big.adminUrl,
      invocations: clusters.big.invocations,
      log,
    });
  }
  const firstPage = m[`page-${SIZE_NAMES[0]}`];
  const pluginJs = firstPage?.pluginJs ?? [];
  const bundle = bundleFigures(pluginJs, distDir);
  const ui = uiSize ? m[`ui-${uiSize}`] : undefined;
  const goals = judgeGoals({
    sizes,
    sqlPage: { afterResponseMs: sqlPage.afterResponseMs, heapMb: sqlPage.heapMb },
    bundle,
  });
  const results = {
    date: new Date().toISOString(),
    sizes,
    sql_page: { size: sqlSize, invocations: clusters[sqlSize].invocations, ...sqlPage },
    bundle,
    restate_ui: ui && {
      size: uiSize,
      ms: round(ui.ms),
      samples_ms: ui.samples.map((x) => round(x, 0)),
      timeouts: ui.timeouts,
      heap_mb: round(ui.heapMb),
      page_ms: sizes[uiSize].page.ms,
      sql: capturedUiSql(ui.firstLoadRequests),
    },
    backend: backendPart,
    goals,
    all_goals_met: goals.every((g) => g.met === true),
    loadavg_at_start: loadAtStart,
    loadavg_at_start_of_measuring: loadavg,
    loadavg_at_end: os.loadavg().map((x) => round(x, 2)),
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memory_gb: round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
    },
    method: {
      runs: RUNS,
      quick: QUICK,
      min_rows_visible: MIN_ROWS,
      cold_loads: true,
      browser: 'Debian chromium via playwright-core',
      own_time: "from the request of the plugin's module.js to rows visible (the test host's boot excluded)",
      floor: 'the fastest of the candidate raw SQLs (straight to /query) that give the page the same rows',
    },
  };
  const file = QUICK ? path.join(DATA, 'results-quick.json') : 'bench/results.json';
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  if (backendPart) {
    printBackend(backendPart);
  }
  log(`[bench] done in ${((Date.now() - t0) / 1000).toFixed(0)} s; wrote ${file}`);
}

function printTable(r) {
  const rows = [];
  for (const [name, s] of Object.entries(r.sizes)) {
    const p = s.page.parts ?? {};
    rows.push(
      [`${name} (${s.invocations} invocations): invocations page, navigation to rows`, s.page.ms, 'ms'],
      [`  own time (module.js to rows): JS ${p.beforeSql} + SQL ${p.sql} + render ${p.render}`, p.own, 'ms'],
      [`  counts answered (rows at ${s.page.rows_ms})`, s.page.counts_answered_ms, 'ms'],
      [`  floor: ${s.floor.best}`, s.floorMs, 'ms'],
      [`  backend path of the page's list SQL (no browser)`, s.backend_path_ms, 'ms'],
      [
        `  raw /query of the page's list SQL / counts SQL`,
        `${s.floor.raw_ms.page_list} / ${s.floor.raw_ms.counts}`,
        'ms',
      ],
      [`  detail page own time (floor ${s.detail?.floorMs} ms)`, s.detail?.ownMs, 'ms']
    );
  }
  rows.push(
    [`SQL page, 50000 rows (${r.sql_page.size}): navigation to rows`, round(r.sql_page.ms), 'ms'],
    ['  after the response arrived', round(r.sql_page.afterResponseMs), 'ms'],
    ['  JS heap', round(r.sql_page.heapMb), 'MB']
  );
  if (r.restate_ui) {
    rows.push([`Restate's UI (${r.restate_ui.size}), navigation to rows`, r.restate_ui.ms, 'ms']);
  }
  rows.push(...bundleRows(r.bundle));
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log(
    '\n' + rows.map(([k, v, u]) => `${k.padEnd(w)}  ${v === undefined ? 'n/a' : `${v} ${u}`}`).join('\n') + '\n'
  );
  console.log(`goals (load average ${r.loadavg_at_start_of_measuring.join(' ')} when measuring began):`);
  console.log(formatGoals(r.goals).join('\n') + '\n');
}

try {
  await main();
} catch (e) {
  console.error('[bench] failed:', e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
