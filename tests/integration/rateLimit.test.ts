/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Issue #19 item 1: 429 with Retry-After, 5xx and text/plain errors on every path the plugin takes to Restate: the
// data source's real Go backend (SQL through /api/ds/query, resources), the re-stated Grafana data source proxy
// (named reads) and the bulk runner, whose invocation actions go through the backend so Retry-After reaches it. A recording proxy in front of a real restate-server's
// admin API answers in Restate's place while `fault` is set, and forwards otherwise.
import { startCluster } from '../harness/cluster.mjs';
import { startFaultProxy } from '../harness/faultProxy.mjs';
import { freePorts } from '../harness/ports.mjs';
import { listDeployments } from '../../src/api/deployments';
import { runAction, startBulk } from '../../src/api/invocations';
import { restateFetch } from '../../src/api/proxy';
import { runSql } from '../../src/api/sql';
import { nextDelay } from '../../src/hooks/query';

const UID = 'restate';
let fault: { status: number; headers?: Record<string, string>; body?: string; only?: RegExp } | undefined;
let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
let stopCluster: (() => Promise<void>) | undefined;
let ingressUrl: string;

beforeAll(async () => {
  const ports = await freePorts(3);
  proxy = await startFaultProxy({
    target: `http://127.0.0.1:${ports[0]}`,
    onRequest: ({ path }) => (fault && (!fault.only || fault.only.test(path)) ? { answer: { ...fault } } : undefined),
  });
  const cluster = await startCluster({
    uid: UID,
    role: () => 'Editor',
    restate: { ports },
    jsonData: { adminUrl: proxy.url },
  });
  stopCluster = cluster.stop;
  ingressUrl = cluster.restate.ingressUrl;
}, 120_000);

afterAll(async () => {
  await stopCluster?.();
  await proxy?.close();
});

afterEach(() => (fault = undefined));

const limited = (seconds: string) => ({
  status: 429,
  headers: { 'Retry-After': seconds, 'content-type': 'text/plain' },
  body: 'Too many requests',
});

describe('429 with Retry-After', () => {
  it('SQL through the backend: the wait reaches the plugin and polling waits at least that long', async () => {
    fault = limited('7');
    const e = await runSql(UID, 'SELECT 1').catch((x) => x);
    expect(e).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 7 });
    expect(e.message).toBe('Restate is rate-limiting: retry after 7 s.');
    // A 5 s poll after one error would wait 10 s; a Retry-After of 60 s makes it 60.
    fault = limited('60');
    const long = await runSql(UID, 'SELECT 1').catch((x) => x);
    expect(nextDelay(5000, 1, long, 300_000)).toBe(60_000);
  });

  it('an HTTP date as Retry-After works too', async () => {
    fault = limited(new Date(Date.now() + 20_000).toUTCString());
    const e = await runSql(UID, 'SELECT 1').catch((x) => x);
    expect(e.retryAfterSeconds).toBeGreaterThanOrEqual(18);
    expect(e.retryAfterSeconds).toBeLessThanOrEqual(21);
  });

  it('a backend resource (deployments, stripped of secrets): the wait is in the body', async () => {
    fault = limited('12');
    await expect(listDeployments(UID)).rejects.toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 12 });
  });

  it('the data source proxy: rate-limited, but the header never reaches the plugin (FetchError has no headers)', async () => {
    // Grafana's proxy (httputil.ReverseProxy) passes Retry-After to the browser; BackendSrv's FetchError drops every
    // header. The plugin then backs off by doubling (hooks/query.ts, bulk.ts) instead of guessing.
    fault = limited('9');
    const e = await restateFetch(UID, 'admin/version').catch((x) => x);
    expect(e).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: undefined });
    expect(nextDelay(5000, 3, e, 300_000)).toBe(40_000);
  });

  it('a bulk action: the refused id waits out the Retry-After and is sent again, nothing counted as failed', async () => {
    const res = await fetch(`${ingressUrl}/greeter/slow/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 600 }),
    });
    const { invocationId } = (await res.json()) as { invocationId: string };
    fault = { ...limited('2'), only: /\/kill$/ };
    // One action alone: the backend read the header and the page gets the wait.
    expect(await runAction(UID, invocationId, 'kill')).toMatchObject({ ok: false, status: 429, retryAfterSeconds: 2 });
    const waits: number[] = [];
    const waitedMs: number[] = [];
    const run = startBulk([invocationId], 'kill', (id) => runAction(UID, id, 'kill'), {
      // Without Retry-After the runner would wait 200 ms, then 400 ms.
      backoff: { initialMs: 200, maxMs: 1000 },
      onProgress: (p) => {
        if (p.waitingUntil !== undefined && waits.length < 3 && !waits.includes(p.waitingUntil)) {
          waits.push(p.waitingUntil);
          waitedMs.push(p.waitingUntil - Date.now());
          if (waits.length === 2) {
            fault = undefined; // the limit lifts after two refusals
          }
        }
      },
    });
    const outcome = await run.done;
    expect(outcome.failed).toEqual([]);
    expect(outcome.results).toEqual([expect.objectContaining({ id: invocationId, ok: true })]);
    expect(run.progress().rateLimited).toBe(2);
    // Each wait is Restate's 2 s (less the moment since the refusal), not the 200/400 ms back-off.
    expect(waitedMs.every((ms) => ms > 1500 && ms <= 2000)).toBe(true);
    const kills = proxy.log.filter((e) => e.path === `/invocations/${invocationId}/kill`);
    expect(kills.map((k) => k.status)).toEqual([429, 429, 429, 200]);
  });
});

describe('5xx and text/plain errors', () => {
  it("Restate's text/plain 500 through the proxy: its words, kind restate", async () => {
    fault = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'internal error: partition store closed' };
    await expect(restateFetch(UID, 'admin/version')).rejects.toMatchObject({
      kind: 'restate',
      status: 500,
      message: 'internal error: partition store closed',
    });
  });

  it('a 503 (no partition leader) through the backend: its words, and it is a transient failure for the bulk runner', async () => {
    fault = {
      status: 503,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Partition 3 has no leader', restate_code: null }),
    };
    const e = await runSql(UID, 'SELECT 1').catch((x) => x);
    expect(e.status).toBe(503);
    expect(e.message).toMatch(/503.*Partition 3 has no leader/);
    const action = await runAction(UID, 'inv_1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'cancel');
    expect(action).toMatchObject({ ok: false, status: 503, unreachable: true });
  });

  it('an HTML 502 page from a load balancer in front of Restate: not shown as markup, said as unreachable', async () => {
    fault = {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    };
    const e = await restateFetch<string>(UID, 'admin/version').catch((x) => x);
    expect(e).toMatchObject({ kind: 'unreachable', status: 502 });
    expect(e.message).not.toMatch(/<html>/);
    const sql = await runSql(UID, 'SELECT 1').catch((x) => x);
    expect(sql.status).toBe(502);
  });
});
