// The floor: the page's SQL posted straight to Restate's /query (no browser, no proxy).
import { median } from './browser.mjs';

async function timedQuery(adminUrl, sql) {
  const t0 = performance.now();
  const r = await fetch(`${adminUrl}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: sql }),
  });
  const body = await r.text();
  const ms = performance.now() - t0;
  if (!r.ok) {
    throw new Error(`/query ${r.status}: ${body.slice(0, 300)}\n${sql}`);
  }
  return { ms, rows: JSON.parse(body).rows.length, bytes: body.length };
}

/** Median over `runs` (after one warm-up) of each query alone, and of all of them sent together as the page does. */
export async function measureRawQueries(adminUrl, sqls, runs = 9) {
  const out = {};
  for (const [name, sql] of Object.entries(sqls)) {
    await timedQuery(adminUrl, sql);
    const samples = [];
    let last;
    for (let i = 0; i < runs; i++) {
      last = await timedQuery(adminUrl, sql);
      samples.push(last.ms);
    }
    out[name] = { ms: median(samples), samples, rows: last.rows, bytes: last.bytes };
  }
  const together = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await Promise.all(Object.values(sqls).map((s) => timedQuery(adminUrl, s)));
    together.push(performance.now() - t0);
  }
  out.together = { ms: median(together), samples: together };
  return out;
}
