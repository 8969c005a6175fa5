// The browser measurements: the plugin's invocations page (through the test host) and Restate's own UI,
// each timed from navigation start to the first rows visible, over cold loads.
import zlib from 'node:zlib';
import { timedLoad, median, heapUsedMb } from './browser.mjs';

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

/** The plugin's invocations page, default view (no filter, newest first, 50 rows). */
export function pluginPageTarget(host, dsUid) {
  return {
    name: 'plugin',
    url: host.appUrl('invocations', { cluster: dsUid }),
    selector: 'table[aria-label="Invocations"] tbody tr',
    timeoutMs: 120_000,
  };
}

const gzipKb = (buf) => zlib.gzipSync(buf, { level: 9 }).length / 1024;

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
  const extra = Object.fromEntries(targets.map((t) => [t.name, {}]));
  for (let i = -1; i < runs; i++) {
    for (const t of targets) {
      const first = i === -1;
      const last = i === runs - 1;
      const pluginJs = [];
      const r = await timedLoad(browser, t.url, {
        selector: t.selector,
        minRows: MIN_ROWS,
        timeoutMs: t.timeoutMs,
        onPage: async (page) => {
          const out = {};
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
        extra[t.name].firstLoadRequests = r.requests;
      } else {
        samples[t.name].push(r.ms);
        timeouts[t.name] += r.timedOut ? 1 : 0;
        if (r.pluginStartMs !== undefined && !r.timedOut) {
          afterModule[t.name].push(r.ms - r.pluginStartMs);
        }
      }
      if (last) {
        extra[t.name].heapMb = r.heapMb;
        extra[t.name].requests = r.requests;
      }
      log(`  ${first ? 'warm-up' : `run ${i + 1}/${runs}`} ${t.name}: ${r.ms.toFixed(0)} ms${r.note ? ` (${r.note})` : ''}`);
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
        ...extra[t.name],
      },
    ])
  );
}
