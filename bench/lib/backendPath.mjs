// Issue #14's benchmark: the Go backend's path against the JSON path the frontend used before it, and the
// shipped alert rules evaluated by the backend.
//
//  - backend: the browser POSTs /api/ds/query (the test host forwards it to the real plugin package in
//    tests/harness/pluginhost, as Grafana's server does); the backend asks Restate for Arrow IPC and answers data
//    frames as JSON; the page turns the columns into row objects (what src/api/sql.ts runSql hands the pages).
//  - json: the browser POSTs the same SQL to Restate's /query asking for JSON (forwarded by Playwright, as the data
//    source proxy route did); rows arrive as objects.
// Both end with the same 50 000 row objects held by the page; time is from the request to the rows, memory is the
// JS heap the held rows take (after GC) and the bytes on the wire.
import * as esbuild from 'esbuild';
import { heapUsedMb, median } from './browser.mjs';

const JSON_PATH = '/__bench/json-query';

/** In the page: POST, parse, rows. Returns what it measured; the rows stay in window.__rows. */
async function inPage({ path, sql, dsUid, maxRows }) {
  const t0 = performance.now();
  let rows;
  let bytes;
  if (path === 'backend') {
    const res = await fetch('/api/ds/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: 'now-24h',
        to: 'now',
        queries: [{ refId: 'A', datasource: { uid: dsUid }, sql, format: 'table', maxRows }],
      }),
    });
    const text = await res.text();
    bytes = text.length;
    if (!res.ok) {
      throw new Error(`/api/ds/query ${res.status}: ${text.slice(0, 300)}`);
    }
    const frame = JSON.parse(text).results.A.frames[0];
    const fields = frame.schema.fields;
    const values = frame.data.values;
    const n = values[0]?.length ?? 0;
    rows = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = {};
      for (let f = 0; f < fields.length; f++) {
        const v = values[f][i];
        row[fields[f].name] = fields[f].type === 'time' && v !== null ? new Date(v).toISOString() : v;
      }
      rows[i] = row;
    }
  } else {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: sql }),
    });
    const text = await res.text();
    bytes = text.length;
    if (!res.ok) {
      throw new Error(`json /query ${res.status}: ${text.slice(0, 300)}`);
    }
    rows = JSON.parse(text).rows;
  }
  const ms = performance.now() - t0;
  window.__rows = rows;
  return { ms, bytes, rows: rows.length, columns: Object.keys(rows[0] ?? {}).length };
}

/**
 * Alternating runs of both paths in one page (so the machine's noise falls on both), each after a GC; the heap the
 * held rows take is measured on the last run of each.
 */
export async function measureBackendVsJson(
  browser,
  host,
  dsUid,
  adminUrl,
  { rows = 50000, runs = 5, log = console.log } = {}
) {
  const sql =
    'SELECT id, target, target_service_name, status, created_at, modified_at, retry_count, ' +
    `last_failure, pinned_deployment_id FROM sys_invocation ORDER BY id LIMIT ${rows}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`**${JSON_PATH}`, async (route) => {
    const res = await route.fetch({ url: `${adminUrl}/query` });
    await route.fulfill({ response: res });
  });
  // Any page of the host: same origin as its /api/ds/query.
  await page.goto(`${host.url}/api/user`);
  const out = { backend: { samples: [] }, json: { samples: [] }, sql };
  try {
    for (let i = 0; i <= runs; i++) {
      for (const which of i % 2 === 0 ? ['backend', 'json'] : ['json', 'backend']) {
        await page.evaluate(() => {
          window.__rows = undefined;
        });
        const before = await heapUsedMb(page);
        const r = await page.evaluate(inPage, {
          path: which === 'backend' ? 'backend' : JSON_PATH,
          sql,
          dsUid,
          maxRows: rows,
        });
        const held = (await heapUsedMb(page)) - before;
        if (i === 0) {
          continue; // warm-up: connections, JIT, Restate's caches
        }
        out[which].samples.push(r.ms);
        Object.assign(out[which], { rows: r.rows, columns: r.columns, bytes: r.bytes, heldMb: held });
        log(`  ${which} path, run ${i}/${runs}: ${r.rows} rows in ${r.ms.toFixed(0)} ms, ${(r.bytes / 2 ** 20).toFixed(1)} MB on the wire, rows hold ${held.toFixed(1)} MB`);
      }
    }
  } finally {
    await context.close();
  }
  for (const which of ['backend', 'json']) {
    out[which].ms = median(out[which].samples);
  }
  return out;
}

/** The rules the app ships (src/alerting/model.ts), bundled for Node. */
async function loadAlertRules() {
  const r = await esbuild.build({
    entryPoints: ['src/alerting/model.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  return import('data:text/javascript;base64,' + Buffer.from(r.outputFiles[0].text).toString('base64'));
}

/**
 * Each shipped rule's query A evaluated by the backend as Grafana's alerting does (QueryData with the rule's
 * relative time range), median of `runs` after a warm-up. Grafana's own reduce/threshold expressions then run
 * on the few rows this returns (not measured: they are Grafana's, on a handful of numbers).
 */
export async function measureAlertRules(host, dsUid, { runs = 7, log = console.log } = {}) {
  const { buildAlertRules } = await loadAlertRules();
  const group = buildAlertRules({ uid: dsUid, name: 'bench' });
  const out = {};
  for (const rule of group.rules) {
    const a = rule.data[0];
    const body = JSON.stringify({
      from: `now-${a.relativeTimeRange.from}s`,
      to: 'now',
      queries: [{ ...a.model, refId: 'A', datasource: { uid: dsUid } }],
    });
    const samples = [];
    let series = 0;
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const res = await fetch(`${host.url}/api/ds/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (!res.ok) {
        throw new Error(`rule ${rule.kind}: /api/ds/query ${res.status}: ${text.slice(0, 300)}`);
      }
      const result = JSON.parse(text).results.A;
      if (result.error) {
        throw new Error(`rule ${rule.kind}: ${result.error}`);
      }
      series = result.frames?.[0]?.data?.values?.[0]?.length ?? 0;
      if (i > 0) {
        samples.push(ms);
      }
    }
    out[rule.kind] = { ms: median(samples), samples, series };
    log(`  alert rule ${rule.kind}: ${median(samples).toFixed(0)} ms (median of ${runs}), ${series} series`);
  }
  return out;
}

const round = (x) => (typeof x === 'number' ? Math.round(x * 10) / 10 : x);

/** Both measurements, as bench/results.json holds them under `backend`. */
export async function benchBackend({ browser, host, dsUid, adminUrl, invocations, log = console.log }) {
  log(`[backend] 50000 rows: backend (/api/ds/query, Arrow) vs JSON (/query), in the browser`);
  const paths = await measureBackendVsJson(browser, host, dsUid, adminUrl, { log });
  log(`[backend] the shipped alert rules evaluated by the backend against ${invocations} invocations`);
  const rules = await measureAlertRules(host, dsUid, { log });
  const view = (p) => ({
    ms: round(p.ms),
    wire_mb: round(p.bytes / 2 ** 20),
    rows_heap_mb: round(p.heldMb),
    rows: p.rows,
    samples_ms: p.samples.map((x) => Math.round(x)),
  });
  return {
    rows_50000: {
      backend: view(paths.backend),
      json: view(paths.json),
      backend_vs_json_time: round(paths.backend.ms / paths.json.ms),
      sql: paths.sql,
    },
    alert_rules: {
      invocations,
      by_rule_ms: Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, round(v.ms)])),
      series: Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, v.series])),
      all_rules_ms: round(Object.values(rules).reduce((a, v) => a + v.ms, 0)),
    },
  };
}

export function printBackend(b) {
  const r = b.rows_50000;
  console.log('\nBackend path (issue #14):');
  console.log(
    `  ${r.backend.rows} rows in the browser: backend ${r.backend.ms} ms (${r.backend.wire_mb} MB on the wire, rows hold ${r.backend.rows_heap_mb} MB)` +
      ` vs JSON ${r.json.ms} ms (${r.json.wire_mb} MB, ${r.json.rows_heap_mb} MB): ${r.backend_vs_json_time}x`
  );
  console.log(
    `  alert rules against ${b.alert_rules.invocations} invocations: ` +
      Object.entries(b.alert_rules.by_rule_ms)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', ') +
      ` (all ${b.alert_rules.all_rules_ms} ms per evaluation)`
  );
}
