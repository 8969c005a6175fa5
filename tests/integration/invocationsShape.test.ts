/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// The invocations page's fast shape (issue #18): the page's ids picked from sys_invocation_status, the rows read
// from the sys_invocation view for those ids only, must give exactly the rows the view alone gives (same rows,
// same order, same columns), for every filter and sort it is used with, against a real restate-server 1.7.12 and
// the real SDK test service, through the re-stated Grafana and the data source's backend.
import type { RestateServer } from '../harness/restate.mjs';
import { startCluster } from '../harness/cluster.mjs';
import { sleep } from '../harness/ports.mjs';
import {
  buildListQuery,
  buildViewListQuery,
  picksFromStatusTable,
  runAction,
  STATUS_FILTERS,
  SORT_COLUMNS,
  type InvocationFilters,
  type InvocationSort,
  type Page,
} from '../../src/api/invocations';
import { runSql } from '../../src/api/sql';

const UID = 'restate';
let restate: RestateServer;
let stopCluster: (() => Promise<void>) | undefined;
let startedAt = 0;
const inv: Record<string, string> = {};

async function send(path: string, body: unknown, query = '') {
  const res = await fetch(`${restate.ingressUrl}/${path}/send${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return (await res.json()).invocationId as string;
}

async function statusOf(id: string) {
  const [row] = await runSql(UID, `SELECT status FROM sys_invocation WHERE id = '${id}'`);
  return String(row?.status ?? 'gone');
}

async function waitStatus(id: string, expected: RegExp, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await statusOf(id);
  while (!expected.test(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${id} to be ${expected}; last: ${last}`);
    }
    await sleep(200);
    last = await statusOf(id);
  }
}

beforeAll(async () => {
  ({ restate, stop: stopCluster } = await startCluster({
    uid: UID,
    role: () => 'Editor',
    restate: { env: { RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT: '1s' } },
  }));
  startedAt = Date.now() - 1000;
  // Enough completed invocations for several pages, a mix of services, objects and outcomes ...
  const sent: Array<Promise<string>> = [];
  for (let i = 0; i < 40; i++) {
    sent.push(send('greeter/greet', `user-${i}`));
    if (i % 4 === 0) {
      sent.push(send('greeter/fail', {}));
    }
    if (i % 3 === 0) {
      sent.push(send(`counter/key-${i % 5}/add`, i));
    }
  }
  await Promise.all(sent);
  // ... and one of every status that is not completed (none left backing off: its retries would change its row
  // between the two reads; the view alone answers that filter anyway).
  inv.running = await send('greeter/busy', { seconds: 600 });
  inv.suspended = await send('greeter/slow', { seconds: 600 });
  inv.paused = await send('greeter/flaky', { failures: 100000 });
  inv.scheduled = await send('greeter/greet', 'later', '?delay=1h');
  inv.holder = await send('counter/q/slowAdd', { seconds: 600, delta: 1 });
  await waitStatus(inv.holder, /running|suspended/);
  inv.pending = await send('counter/q/slowAdd', { seconds: 600, delta: 1 });
  await waitStatus(inv.suspended, /suspended/);
  await waitStatus(inv.paused, /backing-off/);
  expect(await runAction(UID, inv.paused, 'pause')).toMatchObject({ ok: true });
  await waitStatus(inv.paused, /paused/);
  await waitStatus(inv.pending, /pending/);
  // every greet, fail and add has completed
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await runSql(UID, "SELECT COUNT(*) AS n FROM sys_invocation WHERE status = 'completed'");
    if (Number(row.n) >= 40 + 10 + 14) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(`only ${row.n} completed invocations`);
    }
    await sleep(200);
  }
}, 120_000);

afterAll(async () => {
  await stopCluster?.();
});

const stable = (rows: Array<Record<string, unknown>>) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));

/** Both shapes, asked one right after the other; the scene is still (the busy ones wait for 10 minutes). */
async function bothShapes(f: InvocationFilters, sort: InvocationSort, page: Page) {
  const fast = buildListQuery(f, sort, page);
  const view = buildViewListQuery(f, sort, page);
  return { fast, view, fastRows: stable(await runSql(UID, fast)), viewRows: stable(await runSql(UID, view)) };
}

describe('the list read through sys_invocation_status gives the rows of the view alone', () => {
  it('newest first, every page, and oldest first', async () => {
    const [{ n }] = await runSql(UID, 'SELECT COUNT(*) AS n FROM sys_invocation');
    expect(Number(n)).toBeGreaterThan(50);
    for (const sort of [
      { column: 'created_at', direction: 'desc' },
      { column: 'created_at', direction: 'asc' },
    ] as const) {
      const seen: unknown[] = [];
      for (let offset = 0; offset <= Number(n); offset += 25) {
        const r = await bothShapes({}, sort, { offset, limit: 25 });
        expect(r.fast).toContain('FROM sys_invocation_status');
        expect(r.fastRows.length).toBe(Math.min(25, Number(n) - offset));
        expect(r.fastRows).toEqual(r.viewRows);
        seen.push(...r.fastRows.map((row) => row.id));
      }
      expect(new Set(seen).size).toBe(Number(n));
    }
  });

  it('under each status it can answer, and the view alone for the others', async () => {
    for (const s of STATUS_FILTERS) {
      const r = await bothShapes(
        { statuses: [s] },
        { column: 'created_at', direction: 'desc' },
        { offset: 0, limit: 50 }
      );
      expect(r.fast.includes('sys_invocation_status')).toBe(!['ready', 'running', 'backing-off'].includes(s));
      expect(r.fastRows).toEqual(r.viewRows);
      const expected = { running: 1, suspended: 2, 'backing-off': 0, paused: 1, scheduled: 1, pending: 1, ready: 0 };
      if (s in expected) {
        expect([s, r.fastRows.length]).toEqual([s, expected[s as keyof typeof expected]]);
      }
    }
    const several = await bothShapes(
      { statuses: ['pending', 'suspended', 'failed'] },
      { column: 'modified_at', direction: 'desc' },
      { offset: 0, limit: 50 }
    );
    expect(several.fast).toContain('sys_invocation_status');
    expect(several.fastRows.length).toBe(1 + 2 + 10);
    expect(several.fastRows).toEqual(several.viewRows);
  });

  it('under the other filters and sorts', async () => {
    const filters: InvocationFilters[] = [
      { service: 'counter' },
      { service: 'counter', key: 'q' },
      { service: 'greeter', handler: 'fail', statuses: ['failed'] },
      { createdFrom: startedAt, createdTo: Date.now() + 60_000 },
      { id: inv.paused.slice(0, 8) },
      { id: inv.paused },
    ];
    for (const f of filters) {
      for (const column of SORT_COLUMNS) {
        const sort: InvocationSort = { column, direction: 'desc' };
        const r = await bothShapes(f, sort, { offset: 0, limit: 10 });
        expect(r.fast.includes('sys_invocation_status')).toBe(picksFromStatusTable(f, sort));
        expect([JSON.stringify(f), column, r.fastRows]).toEqual([JSON.stringify(f), column, r.viewRows]);
      }
    }
    expect(
      (await bothShapes({ id: inv.paused }, { column: 'target', direction: 'asc' }, { offset: 0, limit: 5 })).fastRows
    ).toEqual([expect.objectContaining({ id: inv.paused, status: 'paused', retry_count: expect.any(Number) })]);
  });
});
