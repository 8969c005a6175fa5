// `npm run bench`: the invocations page against the raw query and Restate's own UI, on a big (>= 100000
// invocations) and a small (~1000) cluster, plus the plugin's bundle sizes. Writes bench/results.json.
// See bench/README.md. Environment: BENCH_RUNS (loads per target, default 7), BENCH_BIG (default 100000),
// BENCH_SMALL (default 1000), BENCH_LOAD_CONCURRENCY (default 12).
import { benchBackend, printBackend } from './lib/backendPath.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { ensureCluster } from './lib/cluster.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startPluginHost } from './lib/host.mjs';
import { measureTargets, measureSqlPage, restateUiTarget, pluginPageTarget, MIN_ROWS } from './lib/measure.mjs';
import { measureRawQueries } from './lib/rawQuery.mjs';
import { defaultPageSql } from './lib/pageSql.mjs';
import { query } from './lib/sql.mjs';
import { installSignalHandlers, stopAll } from './lib/procs.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 7);
const BIG = Number(process.env.BENCH_BIG || 100000);
const SMALL = Number(process.env.BENCH_SMALL || 1000);
const CONCURRENCY = Number(process.env.BENCH_LOAD_CONCURRENCY || 12);
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
const gzKb = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length / 1024;

/** Why dist/ does not show the current source (missing, or older than a file under src/), or ''. */
function distStaleness() {
  if (process.env.BENCH_BUILD === '0') {
    return '';
  }
  if (!fs.existsSync('dist/module.js')) {
    return 'dist/ missing';
  }
  const built = fs.statSync('dist/module.js').mtimeMs;
  const newer = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? newer(p) : fs.statSync(p).mtimeMs > built;
    });
  return newer('src') ? 'src/ changed since dist/ was built' : '';
}

function moduleSizes() {
  const out = {};
  for (const f of ['module.js', 'datasource/module.js']) {
    const file = path.join(DATA, 'dist', f);
    if (fs.existsSync(file)) {
      out[`dist/${f}`] = round(gzKb(file));
    }
  }
  return out;
}

/** The SQL requests the page sent to the data source's backend (`/api/ds/query`), from its first load. */
function capturedSql(requests) {
  const out = [];
  for (const r of requests ?? []) {
    if (r.method === 'POST' && new URL(r.url).pathname === '/api/ds/query' && r.postData) {
      try {
        for (const q of JSON.parse(r.postData).queries ?? []) {
          out.push({ sql: q.sql, ms: r.ms });
        }
      } catch {}
    }
  }
  return out;
}

/** The page's SQL: what it sent on its first load (else the same builders, src/api/invocations/). */
function pageSql(requests, built) {
  const sent = capturedSql(requests);
  const list = sent.find((s) => /\bLIMIT\b/i.test(s.sql) && !/GROUP BY/i.test(s.sql));
  const counts = sent.find((s) => /GROUP BY/i.test(s.sql));
  return {
    source: sent.length ? 'captured from the page' : 'built with src/api/invocations/',
    sqls: { list: list?.sql ?? built.list, counts: counts?.sql ?? built.counts },
  };
}

function capturedUiSql(requests) {
  return (requests ?? [])
    .filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/query' && r.postData)
    .map((r) => ({ sql: JSON.parse(r.postData).query.replace(/\s+/g, ' ').slice(0, 400), ms: round(r.ms) }));
}

async function main() {
  const t0 = Date.now();
  const stale = distStaleness();
  if (stale) {
    log(`[bench] ${stale}: npm run build`);
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  }
  log(
    `[bench] ${os.cpus().length} cores, Node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`
  );
  // a private copy of dist/: others rebuild dist/ while the bench runs
  const distDir = path.join(DATA, 'dist');
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.cpSync('dist', distDir, { recursive: true });
  const host = await startPluginHost({ distDir }).catch((e) => ({
    missing: `test host failed to start: ${e.message}`,
  }));
  if (host.missing) {
    log(`[bench] plugin page NOT measured: ${host.missing}`);
  } else {
    cleanups.push(host.close);
    log(`[bench] test host at ${host.url}`);
  }
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());

  // Both clusters run at once and every measured load is interleaved (plugin small, Restate UI small,
  // plugin big, Restate UI big, again...): noise from the shared machine falls on all of them alike.
  const clusters = {};
  for (const [name, target] of [
    ['small', SMALL],
    ['big', BIG],
  ]) {
    const c = await ensureCluster({ name, dataDir: path.join(DATA, name), target, concurrency: CONCURRENCY, log });
    cleanups.push(c.stop);
    clusters[name] = c;
  }
  const loadavg = os.loadavg().map((x) => round(x, 2));
  const ds = {};
  const targets = [];
  for (const name of ['small', 'big']) {
    if (host.url) {
      ds[name] = await host.createDataSource({
        name: `bench-${name}`,
        adminUrl: clusters[name].adminUrl,
        ingressUrl: clusters[name].ingressUrl,
      });
      targets.push({ ...pluginPageTarget(host, ds[name]), name: `plugin-${name}` });
    }
    targets.push({ ...restateUiTarget(clusters[name].adminUrl), name: `ui-${name}` });
  }
  log(
    `[bench] measuring ${targets.map((t) => t.name).join(', ')}: ${RUNS} cold loads each after a warm-up, interleaved, until ${MIN_ROWS} rows are visible`
  );
  const m = await measureTargets(browser, targets, { runs: RUNS, log });

  const built = await defaultPageSql();
  const raw = {};
  const sql = {};
  for (const name of ['small', 'big']) {
    sql[name] = pageSql(m[`plugin-${name}`]?.firstLoadRequests, built);
    log(`[${name}] raw /query of the page's SQL (${sql[name].source})`);
    raw[name] = await measureRawQueries(clusters[name].adminUrl, sql[name].sqls, Math.max(RUNS, 9));
  }
  // Other ways to get the same first page, raw, on the big cluster (what the page could do instead).
  log('[big] raw /query of alternatives');
  const ids = (
    await query(clusters.big.adminUrl, 'SELECT id FROM sys_invocation_status ORDER BY created_at DESC LIMIT 50')
  )
    .map((r) => `'${r.id}'`)
    .join(', ');
  const listColumns = sql.big.sqls.list.slice('SELECT '.length, sql.big.sqls.list.indexOf(' FROM '));
  const alternatives = await measureRawQueries(
    clusters.big.adminUrl,
    {
      ids_newest_50_from_sys_invocation_status:
        'SELECT id FROM sys_invocation_status ORDER BY created_at DESC LIMIT 50',
      rows_by_50_ids: `SELECT ${listColumns} FROM sys_invocation WHERE id IN (${ids})`,
      count_star: 'SELECT COUNT(*) AS n FROM sys_invocation',
    },
    9
  );
  delete alternatives.together;
  let sqlPage;
  if (ds.big) {
    log('[big] SQL page rendering 50000 rows');
    sqlPage = await measureSqlPage(browser, host, ds.big, { rows: 50000, log });
  }
  let backend;
  if (ds.big) {
    backend = await benchBackend({
      browser,
      host,
      dsUid: ds.big,
      adminUrl: clusters.big.adminUrl,
      invocations: clusters.big.invocations,
      log,
    });
  }
  const pb = m['plugin-big'];
  const ps = m['plugin-small'];
  const ub = m['ui-big'];
  const us = m['ui-small'];
  const big = {
    raw: raw.big,
    sql: sql.big.sqls,
    sqlPage,
    restateUiSql: capturedUiSql(ub.firstLoadRequests),
    ...clusters.big,
  };
  const small = { raw: raw.small, ...clusters.small };

  const pluginJs = pb?.pluginJs ?? [];
  const results = {
    invocations_page_ms: round(pb?.ms),
    invocations_page_small_ms: round(ps?.ms),
    invocations_page_after_module_ms: round(pb?.afterModuleMs),
    invocations_page_small_after_module_ms: round(ps?.afterModuleMs),
    raw_query_ms: round(big.raw.list.ms),
    raw_query_small_ms: round(small.raw.list.ms),
    raw_counts_query_ms: round(big.raw.counts.ms),
    raw_page_queries_together_ms: round(big.raw.together.ms),
    raw_alternatives_ms: Object.fromEntries(Object.entries(alternatives).map(([k, v]) => [k, round(v.ms)])),
    restate_ui_ms: round(ub.ms),
    restate_ui_small_ms: round(us.ms),
    initial_bundle_gz_kb: pluginJs.length ? round(pluginJs.reduce((a, f) => a + f.gzKb, 0)) : undefined,
    module_gz_kb: moduleSizes(),
    plugin_js_files: pluginJs.map((f) => ({ path: f.path, kb: round(f.bytes / 1024), gz_kb: round(f.gzKb) })),
    sql_page_50000_rows_ms: round(big.sqlPage?.ms),
    backend,
    js_heap_mb: {
      plugin_page_big: round(pb?.heapMb),
      restate_ui_big: round(ub.heapMb),
      sql_page_50000_rows: round(big.sqlPage?.heapMb),
    },
    // medians, ms since navigation start: where the page's time goes
    invocations_page_timeline: { big: pb?.timeline, small: ps?.timeline },
    restate_ui_timeline: { big: ub.timeline, small: us.timeline },
    timeouts: {
      invocations_page: pb?.timeouts,
      invocations_page_small: ps?.timeouts,
      restate_ui: ub.timeouts,
      restate_ui_small: us.timeouts,
    },
    samples_ms: {
      invocations_page: pb?.samples.map((x) => round(x, 0)),
      invocations_page_small: ps?.samples.map((x) => round(x, 0)),
      restate_ui: ub.samples.map((x) => round(x, 0)),
      restate_ui_small: us.samples.map((x) => round(x, 0)),
      raw_query: big.raw.list.samples.map((x) => round(x, 0)),
      sql_page_50000_rows: big.sqlPage?.samples.map((x) => round(x, 0)),
    },
    clusters: {
      big: { invocations: big.invocations, by_status: big.byStatus },
      small: { invocations: small.invocations, by_status: small.byStatus },
    },
    page_sql: big.sql,
    restate_ui_sql: big.restateUiSql,
    loadavg_at_start_of_measuring: loadavg,
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memory_gb: round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
    },
    method: {
      runs: RUNS,
      min_rows_visible: MIN_ROWS,
      cold_loads: true,
      browser: 'Debian chromium via playwright-core',
    },
    notes: host.missing ? [`plugin page not measured: ${host.missing}`] : [],
    date: new Date().toISOString(),
  };
  const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? round(a / b, 2) : undefined);
  results.goals = {
    page_vs_restate_ui: ratio(results.invocations_page_ms, results.restate_ui_ms),
    page_vs_restate_ui_met:
      results.invocations_page_ms !== undefined && results.invocations_page_ms <= results.restate_ui_ms,
    page_big_vs_small: ratio(results.invocations_page_ms, results.invocations_page_small_ms),
    page_big_vs_small_met: ratio(results.invocations_page_ms, results.invocations_page_small_ms) <= 1.5,
    initial_bundle_met: results.initial_bundle_gz_kb !== undefined && results.initial_bundle_gz_kb <= 200,
  };
  fs.writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  if (backend) {
    printBackend(backend);
  }
  log(`[bench] done in ${((Date.now() - t0) / 1000).toFixed(0)} s; wrote bench/results.json`);
}

function printTable(r) {
  const rows = [
    ['invocations page, 100k (median)', r.invocations_page_ms, 'ms'],
    ['invocations page, 1k (median)', r.invocations_page_small_ms, 'ms'],
    ['  of which after the plugin module.js request, 100k', r.invocations_page_after_module_ms, 'ms'],
    ['  of which after the plugin module.js request, 1k', r.invocations_page_small_after_module_ms, 'ms'],
    ['raw /query of the page list SQL, 100k', r.raw_query_ms, 'ms'],
    ['raw /query of the page counts SQL, 100k', r.raw_counts_query_ms, 'ms'],
    ["Restate's UI, 100k (median)", r.restate_ui_ms, 'ms'],
    ["Restate's UI, 1k (median)", r.restate_ui_small_ms, 'ms'],
    ['initial plugin JS (gzip)', r.initial_bundle_gz_kb, 'KB'],
    ...Object.entries(r.module_gz_kb).map(([f, kb]) => [`${f} (gzip)`, kb, 'KB']),
    ['SQL page, 50000 rows visible (median)', r.sql_page_50000_rows_ms, 'ms'],
    ['JS heap, plugin page 100k', r.js_heap_mb.plugin_page_big, 'MB'],
    ['JS heap, SQL page with 50000 rows', r.js_heap_mb.sql_page_50000_rows, 'MB'],
    ["JS heap, Restate's UI 100k", r.js_heap_mb.restate_ui_big, 'MB'],
  ];
  const g = r.goals;
  rows.push(
    ['goal: page <= Restate UI (100k)', `${g.page_vs_restate_ui}x`, g.page_vs_restate_ui_met ? 'met' : 'NOT met'],
    ['goal: page 100k <= 1.5x page 1k', `${g.page_big_vs_small}x`, g.page_big_vs_small_met ? 'met' : 'NOT met'],
    ['goal: initial bundle <= 200 KB gzip', `${r.initial_bundle_gz_kb} KB`, g.initial_bundle_met ? 'met' : 'NOT met']
  );
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log(
    '\n' + rows.map(([k, v, u]) => `${k.padEnd(w)}  ${v === undefined ? 'n/a' : `${v} ${u}`}`).join('\n') + '\n'
  );
}

try {
  await main();
} catch (e) {
  console.error('[bench] failed:', e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
