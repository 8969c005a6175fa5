// The floors beside each figure: the fastest raw SQL (straight to Restate's /query) that gives the invocations
// page the same rows, and the page's own list SQL through the data source's backend (Grafana's /api/ds/query on
// the test host, which runs the real backend), both without a browser.
import { median } from './browser.mjs';
import { measureRawQueries } from './rawQuery.mjs';
import { query } from './sql.mjs';

const round = (x) => (typeof x === 'number' ? Math.round(x * 10) / 10 : x);

/** Ids first, then their rows: two round trips, timed as a pair. */
async function idsThenRows(adminUrl, listColumns, runs) {
  const ids = 'SELECT id FROM sys_invocation_status ORDER BY created_at DESC NULLS LAST, id DESC LIMIT 50';
  const once = async () => {
    const t0 = performance.now();
    const rows = await query(adminUrl, ids);
    const inList = rows.map((r) => `'${r.id}'`).join(', ');
    await query(adminUrl, `SELECT ${listColumns} FROM sys_invocation WHERE id IN (${inList})`);
    return performance.now() - t0;
  };
  await once();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await once());
  }
  return { ms: median(samples), samples };
}

/**
 * The default view's rows (no filter, newest first, 50) by every candidate: the page's SQL, the view alone (the
 * page's shape before issue #18) and ids-then-rows (Restate's UI's shape, two trips); the floor is the fastest.
 */
export async function measureFloors(adminUrl, api, { runs = 9 } = {}) {
  const page = { offset: 0, limit: 50 };
  const pageSql = {
    list: api.buildListQuery({}, api.DEFAULT_SORT, page),
    counts: api.buildCountsQuery({}),
  };
  const raw = await measureRawQueries(
    adminUrl,
    { page_list: pageSql.list, view_list: api.buildViewListQuery({}, api.DEFAULT_SORT, page), counts: pageSql.counts },
    runs
  );
  const listColumns = pageSql.list.slice('SELECT '.length, pageSql.list.indexOf(' FROM '));
  const pair = await idsThenRows(adminUrl, listColumns, runs);
  const candidates = { page_list: raw.page_list.ms, view_list: raw.view_list.ms, ids_then_rows: pair.ms };
  const [best, floorMs] = Object.entries(candidates).sort((a, b) => a[1] - b[1])[0];
  return {
    pageSql,
    floorMs: round(floorMs),
    best,
    raw_ms: {
      ...Object.fromEntries(Object.entries(candidates).map(([k, v]) => [k, round(v)])),
      counts: round(raw.counts.ms),
    },
    samples_ms: {
      page_list: raw.page_list.samples.map(Math.round),
      view_list: raw.view_list.samples.map(Math.round),
      ids_then_rows: pair.samples.map(Math.round),
    },
  };
}

/** The page's list SQL through the backend, as the page sends it (Grafana's /api/ds/query), median of `runs`. */
export async function measureBackendQuery(hostUrl, dsUid, sql, { runs = 9 } = {}) {
  const once = async () => {
    const t0 = performance.now();
    const r = await fetch(`${hostUrl}/api/ds/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: 'now-1h',
        to: 'now',
        queries: [{ refId: 'A', datasource: { uid: dsUid }, sql, format: 'table' }],
      }),
    });
    const text = await r.text();
    if (!r.ok) {
      throw new Error(`/api/ds/query ${r.status}: ${text.slice(0, 300)}`);
    }
    return performance.now() - t0;
  };
  await once();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await once());
  }
  return { ms: round(median(samples)), samples: samples.map(Math.round) };
}
