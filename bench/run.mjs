// `npm run bench`: the invocations page against the raw query and Restate's own UI, on a big (>= 100000
// invocations) and a small (~1000) cluster, plus the plugin's bundle sizes. Writes bench/results.json.
// See bench/README.md. Environment: BENCH_RUNS (loads per target, default 7), BENCH_BIG (default 100000),
// BENCH_SMALL (default 1000), BENCH_LOAD_CONCURRENCY (default 12).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { ensureCluster } from './lib/cluster.mjs';
import { launchBrowser, median } from './lib/browser.mjs';
import { startPluginHost } from './lib/host.mjs';
import { measureTargets, restateUiTarget, pluginPageTarget, MIN_ROWS } from './lib/measure.mjs';
import { measureRawQueries } from './lib/rawQuery.mjs';
import { defaultPageSql } from './lib/pageSql.mjs';
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

/** The SQL requests the page sent through the data source proxy (`.../query`), from its first load. */
function capturedSql(requests) {
  const out = [];
  for (const r of requests ?? []) {
    if (r.method === 'POST' && /\/api\/datasources\/proxy\/.*\/query$/.test(new URL(r.url).pathname) && r.postData) {
      try {
        out.push({ sql: JSON.parse(r.postData).query, ms: r.ms });
      } catch {}
    }
  }
  return out;
}

async function measureCluster({ name, target, browser, host, withUi }) {
  const cluster = await ensureCluster({ name, dataDir: path.join(DATA, name), target, concurrency: CONCURRENCY, log });
  cleanups.push(cluster.stop);
  const res = { invocations: cluster.invocations, byStatus: cluster.byStatus, loadavg: os.loadavg().map((x) => round(x, 2)) };
  try {
    const targets = [];
    let dsUid;
    if (host.url) {
      dsUid = await host.createDataSource({ name: `bench-${name}`, adminUrl: cluster.adminUrl, ingressUrl: cluster.ingressUrl });
      targets.push(pluginPageTarget(host, dsUid));
    }
    if (withUi) {
      targets.push(restateUiTarget(cluster.adminUrl));
    }
    log(`[${name}] measuring ${targets.map((t) => t.name).join(' and ')} (${RUNS} cold loads each, interleaved, until ${MIN_ROWS} rows are visible)`);
    const m = await measureTargets(browser, targets, { runs: RUNS, log });
    res.browser = m;
    // The floor: the page's SQL straight to /query. Prefer what the page really sent.
    const sent = capturedSql(m.plugin?.firstLoadRequests);
    const built = await defaultPageSql();
    let sqls = built;
    if (sent.length) {
      const list = sent.find((s) => /\bLIMIT\b/i.test(s.sql) && !/GROUP BY/i.test(s.sql));
      const counts = sent.find((s) => /GROUP BY/i.test(s.sql));
      sqls = { list: list?.sql ?? built.list, counts: counts?.sql ?? built.counts };
      res.pageSql = sent;
    }
    res.sql = sqls;
    log(`[${name}] raw /query of the page's SQL (${sent.length ? 'captured from the page' : 'from src/api/invocations.ts'})`);
    res.raw = await measureRawQueries(cluster.adminUrl, sqls, Math.max(RUNS, 9));
    // the Restate UI's own SQL for its list (as captured from it), for comparison
    const uiSql = capturedUiSql(m['restate-ui']?.firstLoadRequests);
    if (uiSql.length) {
      res.restateUiSql = uiSql;
    }
    if (dsUid) {
      await host.deleteDataSource(dsUid).catch(() => {});
    }
  } finally {
    await cluster.stop();
    cleanups.splice(cleanups.indexOf(cluster.stop), 1);
  }
  return res;
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
  log(`[bench] ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  // a private copy of dist/: others rebuild dist/ while the bench runs
  const distDir = path.join(DATA, 'dist');
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.cpSync('dist', distDir, { recursive: true });
  const host = await startPluginHost({ distDir }).catch((e) => ({ missing: `test host failed to start: ${e.message}` }));
  if (host.missing) {
    log(`[bench] plugin page NOT measured: ${host.missing}`);
  } else {
    cleanups.push(host.close);
    log(`[bench] test host at ${host.url}`);
  }
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());

  const small = await measureCluster({ name: 'small', target: SMALL, browser, host, withUi: true });
  const big = await measureCluster({ name: 'big', target: BIG, browser, host, withUi: true });

  const pluginJs = big.browser.plugin?.pluginJs ?? [];
  const results = {
    invocations_page_ms: round(big.browser.plugin?.ms),
    invocations_page_small_ms: round(small.browser.plugin?.ms),
    invocations_page_after_module_ms: round(big.browser.plugin?.afterModuleMs),
    invocations_page_small_after_module_ms: round(small.browser.plugin?.afterModuleMs),
    raw_query_ms: round(big.raw.list.ms),
    raw_query_small_ms: round(small.raw.list.ms),
    raw_counts_query_ms: round(big.raw.counts.ms),
    raw_page_queries_together_ms: round(big.raw.together.ms),
    restate_ui_ms: round(big.browser['restate-ui'].ms),
    restate_ui_small_ms: round(small.browser['restate-ui'].ms),
    initial_bundle_gz_kb: pluginJs.length ? round(pluginJs.reduce((a, f) => a + f.gzKb, 0)) : undefined,
    module_gz_kb: moduleSizes(),
    plugin_js_files: pluginJs.map((f) => ({ path: f.path, kb: round(f.bytes / 1024), gz_kb: round(f.gzKb) })),
    js_heap_mb: { plugin_page_big: round(big.browser.plugin?.heapMb), restate_ui_big: round(big.browser['restate-ui'].heapMb) },
    timeouts: {
      invocations_page: big.browser.plugin?.timeouts,
      restate_ui: big.browser['restate-ui'].timeouts,
      restate_ui_small: small.browser['restate-ui'].timeouts,
    },
    samples_ms: {
      invocations_page: big.browser.plugin?.samples.map((x) => round(x, 0)),
      invocations_page_small: small.browser.plugin?.samples.map((x) => round(x, 0)),
      restate_ui: big.browser['restate-ui'].samples.map((x) => round(x, 0)),
      restate_ui_small: small.browser['restate-ui'].samples.map((x) => round(x, 0)),
      raw_query: big.raw.list.samples.map((x) => round(x, 0)),
    },
    clusters: {
      big: { invocations: big.invocations, by_status: big.byStatus, loadavg_at_start: big.loadavg },
      small: { invocations: small.invocations, by_status: small.byStatus, loadavg_at_start: small.loadavg },
    },
    page_sql: big.sql,
    restate_ui_sql: big.restateUiSql,
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` },
    method: { runs: RUNS, min_rows_visible: MIN_ROWS, cold_loads: true, browser: 'Debian chromium via playwright-core' },
    notes: host.missing ? [`plugin page not measured: ${host.missing}`] : [],
    date: new Date().toISOString(),
  };
  fs.writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  printTable(results);
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
    ['JS heap, plugin page 100k', r.js_heap_mb.plugin_page_big, 'MB'],
    ["JS heap, Restate's UI 100k", r.js_heap_mb.restate_ui_big, 'MB'],
  ];
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log('\n' + rows.map(([k, v, u]) => `${k.padEnd(w)}  ${v === undefined ? 'n/a' : `${v} ${u}`}`).join('\n') + '\n');
}

try {
  await main();
} catch (e) {
  console.error('[bench] failed:', e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
