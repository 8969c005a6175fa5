// Chromium (Debian's /usr/bin/chromium, driven by playwright-core) and the "rows visible" timer.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export const VIEWPORT = { width: 1600, height: 1000 };

// Installed before any page script runs: on every animation frame after a DOM change, counts the rows
// (elements matching `selector` whose text contains `text`, an invocation id by default) that are laid out
// inside the viewport, and records performance.now() (ms since navigation start) the first time there are
// `minRows` and each selector of `alsoVisible` shows at least one element.
function rowsVisibleTimer({ selector, minRows, text = 'inv_', alsoVisible = [] }) {
  window.__benchRowsAt = undefined;
  window.__benchRowCount = 0;
  let scheduled = false;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.width > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const check = (ts) => {
    scheduled = false;
    if (window.__benchRowsAt !== undefined) {
      return;
    }
    if (!alsoVisible.every((sel) => [...document.querySelectorAll(sel)].some(shown))) {
      return;
    }
    let n = 0;
    for (const el of document.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      if (r.height > 0 && r.width > 0 && r.bottom > 0 && r.top < window.innerHeight && el.textContent.includes(text)) {
        if (getComputedStyle(el).visibility !== 'hidden') {
          n++;
        }
      }
      if (n >= minRows) {
        break;
      }
    }
    window.__benchRowCount = n;
    if (n >= minRows) {
      window.__benchRowsAt = ts ?? performance.now();
    }
  };
  const schedule = () => {
    if (!scheduled && window.__benchRowsAt === undefined) {
      scheduled = true;
      requestAnimationFrame(check);
    }
  };
  new MutationObserver(schedule).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    characterData: true,
  });
  document.addEventListener('DOMContentLoaded', schedule);
}

/**
 * One cold load (fresh browser context: empty HTTP cache, no storage) of `url`, timed from navigation
 * start to `minRows` invocation rows visible. Returns the time and the requests the page made.
 */
export async function timedLoad(
  browser,
  url,
  { selector, minRows = 5, text, alsoVisible, timeoutMs = 60_000, setup, onPage, pageHook } = {}
) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    if (setup) {
      await setup(context);
    }
    await context.addInitScript(rowsVisibleTimer, { selector, minRows, text, alsoVisible });
    const page = await context.newPage();
    if (pageHook) {
      pageHook(page);
    }
    const requests = [];
    const errors = [];
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text().slice(0, 200)));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${new URL(r.url()).pathname}`));
    page.on('requestfinished', async (req) => {
      const timing = req.timing();
      requests.push({
        url: req.url(),
        method: req.method(),
        postData: req.postData(),
        ms: timing.responseEnd,
        start: timing.startTime,
      });
    });
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    let timedOut = false;
    try {
      await page.waitForFunction(() => window.__benchRowsAt !== undefined, null, { timeout: timeoutMs, polling: 50 });
    } catch (e) {
      timedOut = true;
    }
    // (the page's main thread may have been busy when the wait gave up: ask once more)
    const ms = await page.evaluate(() => window.__benchRowsAt).catch(() => undefined);
    if (ms === undefined) {
      const n = await page.evaluate(() => window.__benchRowCount).catch(() => '?');
      const shot = `bench/.data/timeout-${Date.now()}.png`;
      await page.screenshot({ path: shot }).catch(() => {});
      // a censored sample: counted as the timeout, flagged
      return {
        ms: timeoutMs,
        timedOut: true,
        requests,
        note: `no ${minRows} rows visible after ${timeoutMs} ms (saw ${n}; ${shot}; page errors: ${errors.slice(0, 6).join(' | ') || 'none'})`,
      };
    }
    // when the first plugin module was requested (same clock): what the plugin itself adds after the host booted
    // Where the time went, on the page's own clock: the plugin's JS and the SQL requests (resource timing).
    const timeline = await page.evaluate((rowsAt) => {
      const pathOf = (n) => {
        try {
          return new URL(n, location.href).pathname;
        } catch {
          return String(n);
        }
      };
      const res = performance.getEntriesByType('resource').filter((r) => r.startTime <= rowsAt);
      const plugin = res.filter((r) => /\/public\/plugins\/.+\.js$/.test(pathOf(r.name)));
      const sql = res.filter((r) => /\/query$/.test(pathOf(r.name)));
      const module = plugin.find((r) => /\/module\.js$/.test(r.name));
      const max = (xs, f) => (xs.length ? Math.max(...xs.map(f)) : undefined);
      const min = (xs, f) => (xs.length ? Math.min(...xs.map(f)) : undefined);
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        domContentLoaded: nav?.domContentLoadedEventEnd,
        pluginModuleStart: module?.startTime,
        pluginJsEnd: max(plugin, (r) => r.responseEnd),
        sqlStart: min(sql, (r) => r.startTime),
        sqlEnd: max(sql, (r) => r.responseEnd),
        sqlRequests: sql.length,
        rows: rowsAt,
        timeOrigin: performance.timeOrigin,
      };
    }, ms);
    const result = {
      ms,
      pluginStartMs: timeline.pluginModuleStart,
      timeline,
      requests,
      timedOut: timedOut && ms > timeoutMs,
    };
    if (onPage) {
      Object.assign(result, await onPage(page, context, requests));
    }
    return result;
  } finally {
    await context.close();
  }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function heapUsedMb(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1024 / 1024;
}
