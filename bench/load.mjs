// `npm run bench:load` (issue #19 item 5): 20 open invocation pages polling one real restate-server, then a bulk
// purge of 10 000 invocations from a 21st page while they keep polling. Every request the plugin makes to Restate's
// admin API is counted at a recording proxy in front of it (tests/harness/faultProxy.mjs). Prints the figures and
// exits non-zero when one is outside its budget.
//
// The budget comes from the product's own polling rules, not from what was measured:
// - an invocation page (InvocationDetail.tsx) polls every 5 s (REFRESH_MS) while the invocation is not completed,
//   through useRestateQuery (hooks/query.ts: the next poll is planned when the last one answered, doubled after
//   errors, paused while hidden). One poll of a non-keyed invocation is 3 SQL queries (resources/invocation.ts
//   loadInvocation: the detail, the journal, the retry events), each one POST /query at Restate. So 20 pages: at most
//   20 × 3 / 5 s = 12 requests/s, whatever the load.
// - the bulk runner (api/invocations/bulk.ts) keeps DEFAULT_BULK_CONCURRENCY (4) requests in flight at most and
//   sends each id once: 10 000 ids are 10 000 PATCH requests, never more than 4 at a time.
// - memory: the pages' JS heap (after a forced GC) and the plugin host's RSS (the Go backend) sampled over the run;
//   "flat" means the last samples are within MEMORY_SLACK of the first ones after warm-up.
//
// Environment: LOAD_PAGES (20), LOAD_BULK (10000), LOAD_POLL_SECONDS (60: how long the pages poll before the bulk).
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, heapUsedMb } from './lib/browser.mjs';
import { installSignalHandlers, spawnTracked, stopAll, stopChild, sleep } from './lib/procs.mjs';
import { APP_ID, DATASOURCE_TYPE } from './lib/host.mjs';

const PAGES = Number(process.env.LOAD_PAGES || 20);
const BULK = Number(process.env.LOAD_BULK || 10_000);
const POLL_SECONDS = Number(process.env.LOAD_POLL_SECONDS || 60);
const REFRESH_MS = 5000; // src/pages/Invocations/InvocationDetail.tsx
const QUERIES_PER_POLL = 3; // detail, journal, retry events (src/hooks/resources/invocation.ts loadInvocation)
const BULK_CONCURRENCY = 4; // src/api/invocations/bulk.ts DEFAULT_BULK_CONCURRENCY
const MEMORY_SLACK = { heapMb: 10, rssPct: 25 };
const WARMUP_MS = 15_000;
const log = (...a) => console.log('[load]', ...a);

const { startRestate } = await import(path.resolve('tests/harness/restate.mjs'));
const { startTestService, registerDeployment } = await import(path.resolve('tests/harness/testService.mjs'));
const { startFaultProxy } = await import(path.resolve('tests/harness/faultProxy.mjs'));

const cleanups = [];
async function cleanup() {
  for (const c of cleanups.splice(0).reverse()) {
    await c().catch((e) => console.error('[load] cleanup:', e.message));
  }
  await stopAll();
}
installSignalHandlers(cleanup);

/** Descendant pids of `pid` (from /proc), to find the plugin host the test host started. */
function descendants(pid) {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) {
      continue;
    }
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {}
  }
  const out = [];
  const walk = (p) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(pid);
  return out;
}
const cmdline = (pid) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};
const rssMb = (pid) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
};

async function startHost() {
  const child = spawnTracked(process.execPath, [path.resolve('bench/lib/hostProcess.mjs'), 'dist'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('test host did not start in 180 s')), 180_000);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(t);
        resolve(JSON.parse(line));
      }
    });
    child.once('exit', (c) => reject(new Error(`test host exited with ${c}`)));
  });
  child.stdout.resume();
  return { url: info.url, pid: child.pid, close: () => stopChild(child, 10_000) };
}

async function ingressSend(ingressUrl, target, body, n, concurrency = 16) {
  const ids = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const r = await fetch(`${ingressUrl}/${target}/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (r.status !== 202) {
        throw new Error(`${target}/send: ${r.status} ${await r.text()}`);
      }
      ids.push((await r.json()).invocationId);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

async function sql(adminUrl, query) {
  const r = await fetch(`${adminUrl}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  if (!r.ok) {
    throw new Error(`query: ${r.status} ${await r.text()}`);
  }
  return (await r.json()).rows;
}

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const checks = [];
let debugPage;
const check = (what, ok, figure) => {
  checks.push({ what, ok, figure });
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${figure}`);
};

try {
  const t0 = Date.now();
  const restate = await startRestate({ clusterName: 'load' });
  cleanups.push(() => restate.stop());
  const service = await startTestService();
  cleanups.push(() => service.stop());
  await registerDeployment(restate.adminUrl, service.url);
  const proxy = await startFaultProxy({ target: restate.adminUrl });
  cleanups.push(() => proxy.close());
  const host = await startHost();
  cleanups.push(() => host.close());
  const api = async (method, p, body) => {
    const r = await fetch(`${host.url}${p}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) {
      throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    }
    return r.json();
  };
  const ds = await api('POST', '/api/datasources', {
    name: 'Load',
    type: DATASOURCE_TYPE,
    access: 'proxy',
    jsonData: { clusterName: 'load', adminUrl: proxy.url, ingressUrl: restate.ingressUrl },
    secureJsonData: {},
  });
  const uid = ds.datasource.uid;
  log(`restate ${restate.adminUrl} behind ${proxy.url}; host ${host.url}; set up in ${Date.now() - t0} ms`);

  // The invocations: PAGES sleeping ones to open, BULK completed greets to purge.
  const sleeping = await ingressSend(restate.ingressUrl, 'greeter/slow', { seconds: 3600 }, PAGES, 4);
  const tl = Date.now();
  const greets = await ingressSend(restate.ingressUrl, 'greeter/greet', 'load', BULK);
  for (;;) {
    const [{ n }] = await sql(
      restate.adminUrl,
      "SELECT COUNT(*) AS n FROM sys_invocation WHERE target = 'greeter/greet' AND status = 'completed'"
    );
    if (n >= BULK) {
      break;
    }
    await sleep(1000);
  }
  log(`${BULK} greets sent and completed in ${Date.now() - tl} ms`);

  // Restate's pluginhost (the Go backend), found under the host process.
  const pluginhostPid = descendants(host.pid).find((p) => /pluginhost/.test(cmdline(p)));
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const pages = [];
  for (const id of sleeping) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${host.url}/a/${APP_ID}/invocations/${id}?cluster=${uid}`);
    pages.push(page);
  }
  for (const page of pages) {
    await page.getByText('greeter/slow').first().waitFor({ timeout: 60_000 });
  }
  log(`${PAGES} invocation pages open`);

  const queries = () => proxy.log.filter((e) => e.method === 'POST' && e.path.startsWith('/query'));
  const rss = [];
  const sampler = setInterval(() => pluginhostPid && rss.push({ at: Date.now(), mb: rssMb(pluginhostPid) }), 2000);
  cleanups.push(async () => clearInterval(sampler));
  await sleep(WARMUP_MS);
  const heapStart = [];
  for (const p of pages) {
    heapStart.push(await heapUsedMb(p));
  }
  const pollFrom = Date.now();
  const before = queries().length;
  await sleep(POLL_SECONDS * 1000);
  const pollTo = Date.now();
  const polled = queries().length - before;
  const rate = polled / ((pollTo - pollFrom) / 1000);
  const budget = (PAGES * QUERIES_PER_POLL) / (REFRESH_MS / 1000);
  // In a window of T seconds a page polls at most floor(T / 5 s) + 1 times (the window may start just before a poll).
  const allowed = (ms) => PAGES * QUERIES_PER_POLL * (Math.floor(ms / REFRESH_MS) + 1);
  check(
    `${PAGES} pages polling: requests at Restate within the budget of ${budget}/s (${PAGES} pages × ${QUERIES_PER_POLL} queries every ${REFRESH_MS / 1000} s)`,
    polled <= allowed(pollTo - pollFrom),
    `${round(rate, 2)}/s: ${polled} queries in ${round((pollTo - pollFrom) / 1000, 0)} s (at most ${allowed(pollTo - pollFrom)})`
  );

  // The bulk purge from a 21st page, while the 20 keep polling.
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const bulkPage = await ctx.newPage();
  await bulkPage.goto(`${host.url}/a/${APP_ID}/invocations?cluster=${uid}&service=greeter&handler=greet&refresh=`);
  await bulkPage.getByRole('button', { name: /^Act on all/ }).click();
  await bulkPage.getByRole('menuitem', { name: /^Purge [\d,]+…$/ }).click();
  debugPage = bulkPage;
  const dialog = bulkPage.getByRole('dialog');
  await dialog.getByRole('textbox', { name: /Type \d+ to confirm/ }).fill(String(BULK));
  const patchesBefore = proxy.log.length;
  const bulkFrom = Date.now();
  const queriesAtBulk = queries().length;
  await dialog.getByRole('button', { name: /^Purge [\d,]+ invocations$/ }).click();
  await dialog.getByRole('heading', { name: 'Purge: done' }).waitFor({ timeout: 30 * 60_000 });
  const bulkTo = Date.now();
  const summary = await dialog.getByText(/ of [\d,]+ done/).textContent();
  const patches = proxy.log.slice(patchesBefore).filter((e) => e.method === 'PATCH');
  const perId = new Map();
  for (const e of patches) {
    const id = e.path.split('/')[2];
    perId.set(id, (perId.get(id) ?? 0) + 1);
  }
  // In flight at the proxy: the most exchanges open at once (arrival to answer).
  let maxInFlight = 0;
  {
    const events = [];
    for (const e of patches) {
      events.push([e.at, 1], [e.doneAt ?? e.at, -1]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let n = 0;
    for (const [, d] of events) {
      n += d;
      maxInFlight = Math.max(maxInFlight, n);
    }
  }
  const bulkRate = patches.length / ((bulkTo - bulkFrom) / 1000);
  const pollDuringBulk = (queries().length - queriesAtBulk) / ((bulkTo - bulkFrom) / 1000);
  check(
    `bulk purge of ${BULK}: the page says all done`,
    summary?.trim() === `${BULK.toLocaleString()} of ${BULK.toLocaleString()} done.`,
    summary?.trim()
  );
  check(
    `bulk: each of the ${BULK} ids sent exactly once (nothing lost, nothing twice)`,
    perId.size === BULK && [...perId.values()].every((n) => n === 1) && greets.every((g) => perId.has(g)),
    `${patches.length} PATCH for ${perId.size} ids in ${round((bulkTo - bulkFrom) / 1000)} s (${round(bulkRate)}/s)`
  );
  check(
    `bulk: at most ${BULK_CONCURRENCY} requests in flight at Restate`,
    maxInFlight <= BULK_CONCURRENCY,
    `${maxInFlight}`
  );
  check(
    `polling during the bulk still within ${budget}/s (+ 10 for the bulk page's own reads)`,
    queries().length - queriesAtBulk <= allowed(bulkTo - bulkFrom) + 10,
    `${round(pollDuringBulk, 2)}/s`
  );
  const [{ n: left }] = await sql(
    restate.adminUrl,
    "SELECT COUNT(*) AS n FROM sys_invocation WHERE target = 'greeter/greet'"
  );
  check('Restate: every greet purged', left === 0, `${left} left`);

  const heapEnd = [];
  for (const p of pages) {
    heapEnd.push(await heapUsedMb(p));
  }
  const growth = heapEnd.map((h, i) => h - heapStart[i]);
  const maxGrowth = Math.max(...growth);
  check(
    `page JS heap flat (each page grows < ${MEMORY_SLACK.heapMb} MB from warm-up to the end)`,
    maxGrowth < MEMORY_SLACK.heapMb,
    `median ${round(heapStart.sort((a, b) => a - b)[PAGES >> 1])} → ${round(heapEnd.sort((a, b) => a - b)[PAGES >> 1])} MB, max growth ${round(maxGrowth)} MB`
  );
  const bulkHeap = await heapUsedMb(bulkPage);
  log(`bulk page heap after the run: ${round(bulkHeap)} MB`);
  if (pluginhostPid) {
    const warm = rss.filter((s) => s.at >= pollFrom);
    const first = warm[0]?.mb ?? 0;
    const lastN = warm.slice(-3).map((s) => s.mb);
    const last = Math.max(...lastN);
    const peak = Math.max(...warm.map((s) => s.mb));
    check(
      `plugin host (Go backend) RSS flat (end within ${MEMORY_SLACK.rssPct}% of warm-up)`,
      last <= first * (1 + MEMORY_SLACK.rssPct / 100),
      `${round(first)} MB at warm-up, peak ${round(peak)} MB, ${round(last)} MB at the end (${warm.length} samples)`
    );
  } else {
    check('plugin host found', false, 'no pluginhost process under the test host');
  }
  const out = {
    at: new Date().toISOString(),
    pages: PAGES,
    bulk: BULK,
    budgetPerSecond: budget,
    pollRatePerSecond: round(rate, 2),
    pollRateDuringBulk: round(pollDuringBulk, 2),
    bulkSeconds: round((bulkTo - bulkFrom) / 1000),
    bulkRequestsPerSecond: round(bulkRate),
    bulkMaxInFlight: maxInFlight,
    heapStartMb: heapStart.map((h) => round(h)),
    heapEndMb: heapEnd.map((h) => round(h)),
    rssMb: rss.map((s) => round(s.mb)),
    checks,
  };
  fs.writeFileSync('bench/load-results.json', JSON.stringify(out, null, 2) + '\n');
  log('wrote bench/load-results.json');
} catch (e) {
  console.error('[load]', e);
  await debugPage?.screenshot({ path: 'bench/load-failure.png' }).catch(() => {});
  checks.push({ what: 'run', ok: false, figure: String(e) });
} finally {
  await cleanup();
}
const failed = checks.filter((c) => !c.ok);
log(failed.length ? `${failed.length} check(s) failed` : 'all checks held');
process.exit(failed.length ? 1 : 0);
