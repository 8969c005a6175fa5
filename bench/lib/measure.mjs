// The browser measurements: the plugin's invocations page (through the test host) and Restate's own UI,
// each timed from navigation start to the first rows visible, over cold loads.
import { timedLoad, median, heapUsedMb } from './browser.mjs';
import { gzipKb } from './bundle.mjs';

export const MIN_ROWS = 5;

/** Restate's UI (served by restate-server at <admin>/ui): the "All" invocations view, newest first. */
export function restateUiTarget(adminUrl) {
  return {
    name: 'restate-ui',
    url:
      `${adminUrl}/ui/invocations?sort_field=created_at&sort_order=DESC` +
      '&column=id&column=created_at&column=modified_at&column=duration&column=target&column=status',
    // a virtualised grid: a div[role=row] per invocation, keyed by its id (found by looking at the UI)
    selector: '[role="row"][data-key^="inv_"]',
    timeoutMs: 180_000,
  };
}

const sqlOf = (r) => {
  try {
    return JSON.parse(r.postData).queries?.[0]?.sql;
  } catch {
    return undefined;
  }
};

/** The page's /api/ds/query requests on its own clock (ms since navigation start), by their SQL. */
async function sqlRequests(page, requests, { waitFor, timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const ds = () =>
    requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/api/ds/query' && r.postData);
  while (waitFor && !ds().some((r) => waitFor.test(sqlOf(r) ?? '')) && Date.now() < deadline) {
    await new Promise((res) => setTimeout(res, 50));
  }
  const origin = await page.evaluate(() => performance.timeOrigin);
  return ds().map((r) => ({ sql: sqlOf(r) ?? '', start: r.start - origin, end: r.start - origin + r.ms }));
}

/** The plugin's invocations page, default view (no filter, newest first, 50 rows). */
export function pluginPageTarget(host, dsUid) {
  return {
    name: 'plugin',
    url: host.appUrl('invocations', { cluster: dsUid }),
    selector: 'table[aria-label="Invocations"] tbody tr',
    timeoutMs: 120_000,
    // when the list and the counts were asked and answered (the counts come after the rows: wait for them)
    afterRows: async (page, requests) => {
      const sent = await sqlRequests(page, requests, { waitFor: /GROUP BY/ });
      const list = sent.find((q) => /\bLIMIT\b/.test(q.sql) && !/GROUP BY/.test(q.sql));
      const counts = sent.find((q) => /GROUP BY/.test(q.sql));
      return {
        probe: { listStart: list?.start, listEnd: list?.end, countsStart: counts?.start, countsEnd: counts?.end },
      };
    },
  };
}

/** The detail page of one invocation of a virtual object: its facts, its journal and its object's state shown. */
export function detailTarget(host, dsUid, id) {
  return {
    name: 'detail',
    url: host.appUrl(`invocations/${id}`, { cluster: dsUid }),
    selector: 'ol[aria-label="Journal entries"] > li',
    minRows: 1,
    text: '',
    alsoVisible: ['table[aria-label="State"] tbody tr'],
    timeoutMs: 120_000,
    afterRows: async (page, requests) => {
      const sent = await sqlRequests(page, requests);
      return {
        probe: {
          listStart: Math.min(...sent.map((q) => q.start)),
          listEnd: Math.max(...sent.map((q) => q.end)),
        },
      };
    },
  };
}

/** What the plugin's JS weighs on the wire: every .js answer under /public/plugins/, gzip -9. */
function collectPluginJs(page, into) {
  page.on('response', async (res) => {
    const u = new URL(res.url());
    if (u.pathname.startsWith('/public/plugins/') && u.pathname.endsWith('.js')) {
      try {
        const body = await res.body();
        into.push({ path: u.pathname, bytes: body.length, gzKb: gzipKb(body) });
      } catch {}
    }
  });
}

/**
 * `runs` measured loads of each target, interleaved (A B A B ...) after one warm-up load each, so that
 * noise from the shared machine falls on both alike.
 */
export async function measureTargets(browser, targets, { runs = 7, log = console.log } = {}) {
  const samples = Object.fromEntries(targets.map((t) => [t.name, []]));
  const timeouts = Object.fromEntries(targets.map((t) => [t.name, 0]));
  const afterModule = Object.fromEntries(targets.map((t) => [t.name, []]));
  const timelines = Object.fromEntries(targets.map((t) => [t.name, []]));
  const extra = Object.fromEntries(targets.map((t) => [t.name, {}]));
  const probes = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let i = -1; i < runs; i++) {
    for (const t of targets) {
      const first = i === -1;
      const last = i === runs - 1;
      const pluginJs = [];
      const r = await timedLoad(browser, t.url, {
        selector: t.selector,
        minRows: t.minRows ?? MIN_ROWS,
        text: t.text,
        alsoVisible: t.alsoVisible,
        timeoutMs: t.timeoutMs,
        onPage: async (page, context, requests) => {
          const out = t.afterRows ? await t.afterRows(page, requests) : {};
          if (last) {
            // let the page settle (all its first requests answered), then the heap after a GC
            await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
            out.heapMb = await heapUsedMb(page);
          }
          return out;
        },
        pageHook: (page) => collectPluginJs(page, pluginJs),
      });
      if (first) {
        extra[t.name].pluginJs = pluginJs;
        extra[t.name].warmupTimedOut = Boolean(r.timedOut);
        extra[t.name].firstLoadRequests = r.requests;
      } else {
        samples[t.name].push(r.ms);
        timeouts[t.name] += r.timedOut ? 1 : 0;
        if (r.timeline && !r.timedOut) {
          timelines[t.name].push(r.timeline);
        }
        if (r.pluginStartMs !== undefined && !r.timedOut) {
          afterModule[t.name].push(r.ms - r.pluginStartMs);
        }
        if (r.probe && !r.timedOut) {
          probes[t.name].push({ ...r.probe, module: r.pluginStartMs, rows: r.ms });
        }
      }
      if (last) {
        extra[t.name].heapMb = r.heapMb;
        extra[t.name].requests = r.requests;
      }
      log(
        `  ${first ? 'warm-up' : `run ${i + 1}/${runs}`} ${t.name}: ${r.ms.toFixed(0)} ms${r.note ? ` (${r.note})` : ''}`
      );
    }
  }
  return Object.fromEntries(
    targets.map((t) => [
      t.name,
      {
        ms: median(samples[t.name]),
        samples: samples[t.name],
        timeouts: timeouts[t.name],
        // from the request of the plugin's module.js to rows visible (the plugin's own share of the load)
        afterModuleMs: afterModule[t.name].length ? median(afterModule[t.name]) : undefined,
        timeline: medianTimeline(timelines[t.name]),
        probes: probes[t.name],
        probe: medianTimeline(probes[t.name]),
        ...extra[t.name],
      },
    ])
  );
}

/** Median of each timeline mark over the runs (ms since navigation start). */
function medianTimeline(ts) {
  if (!ts.length) {
    return undefined;
  }
  const out = {};
  for (const k of Object.keys(ts[0]).filter((k) => k !== 'timeOrigin')) {
    const xs = ts.map((t) => t[k]).filter((x) => typeof x === 'number');
    out[k] = xs.length ? Math.round(median(xs)) : undefined;
  }
  return out;
}

/**
 * The SQL page rendering a large result (`LIMIT n` is explicit, so the page does not cap it): cold loads of
 * /sql?q=... timed to the first result rows visible in Grafana's table, then the JS heap.
 */
export async function measureSqlPage(browser, host, dsUid, { rows = 50000, runs = 3, log = console.log } = {}) {
  const sql = `SELECT id, target, status, created_at, modified_at FROM sys_invocation LIMIT ${rows}`;
  const url = host.appUrl('sql', { cluster: dsUid, q: sql });
  const samples = [];
  const after = [];
  let heapMb;
  let shown;
  for (let i = 0; i < runs; i++) {
    const r = await timedLoad(browser, url, {
      selector: '[role="row"]',
      minRows: MIN_ROWS,
      timeoutMs: 180_000,
      onPage: async (page) => {
        const out = {};
        out.shown = await page
          .getByText(/rows? in \d+ ms/)
          .first()
          .textContent({ timeout: 10_000 })
          .catch(() => undefined);
        if (i === runs - 1) {
          out.heapMb = await heapUsedMb(page);
        }
        return out;
      },
    });
    log(
      `  SQL page ${rows} rows, run ${i + 1}/${runs}: ${r.ms.toFixed(0)} ms (${(r.ms - (r.timeline?.sqlEnd ?? NaN)).toFixed(0)} ms after the response)${r.note ? ` (${r.note})` : ''}${r.shown ? ` (page says: ${r.shown})` : ''}`
    );
    samples.push(r.ms);
    if (r.timeline?.sqlEnd !== undefined) {
      after.push(r.ms - r.timeline.sqlEnd);
    }
    heapMb = r.heapMb ?? heapMb;
    shown = r.shown ?? shown;
  }
  return {
    ms: median(samples),
    samples,
    afterResponseMs: after.length ? median(after) : undefined,
    afterResponseSamples: after,
    heapMb,
    shown,
    sql,
  };
}
