/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Issue #19 item 1: a real restate-server SIGKILLed while a bulk cancel runs, and restarted on the same ports with
// its data dir. The bulk runner (src/api/invocations/bulk.ts) goes through the data source's real Go backend to a
// recording proxy in front of Restate's admin API, which also makes Restate die right after applying one cancel,
// so that cancel's answer is lost. Proved: nothing counted as failed, nothing skipped, nothing done twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '../harness/cluster.mjs';
import { startFaultProxy, type FaultLogEntry } from '../harness/faultProxy.mjs';
import { freePorts, sleep } from '../harness/ports.mjs';
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { APPLIED_BEFORE_OUTAGE, runAction, startBulk, type BulkProgress } from '../../src/api/invocations';
import { runSql } from '../../src/api/sql';

const UID = 'restate';
const N = 60;
const KILL_AT = 20; // the 20th cancel reaches Restate, is applied, and its answer is lost with Restate

let dataDir: string;
let ports: number[];
let restate: RestateServer;
let restarted: RestateServer | undefined;
let fault: Awaited<ReturnType<typeof startFaultProxy>>;
let stopCluster: (() => Promise<void>) | undefined;
let killed: Promise<void> | undefined;
let lostId: string | undefined;

async function waitFor<T>(what: string, probe: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await sleep(100);
    last = await probe();
  }
  return last;
}

const cancelOf = (e: FaultLogEntry) => /^\/invocations\/([^/]+)\/cancel$/.exec(e.path)?.[1];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restate-bulk-outage-'));
  ports = await freePorts(3);
  const adminUrl = `http://127.0.0.1:${ports[0]}`;
  let cancels = 0;
  fault = await startFaultProxy({
    target: adminUrl,
    onRequest: ({ method, path: p }) => {
      if (method !== 'PATCH' || !/\/cancel$/.test(p) || ++cancels !== KILL_AT) {
        return undefined;
      }
      lostId = /^\/invocations\/([^/]+)\/cancel$/.exec(p)?.[1];
      return {
        loseAnswer: true,
        afterUpstream: () => {
          // Restate has applied this cancel (its answer is in hand): it dies now, before the answer leaves.
          process.kill(restate.pid, 'SIGKILL');
          killed = restate.stop();
          return killed;
        },
      };
    },
  });
  ({ restate, stop: stopCluster } = await startCluster({
    uid: UID,
    role: () => 'Editor',
    restate: { dataDir, ports, clusterName: 'bulk-outage' },
    jsonData: { adminUrl: fault.url },
  }));
}, 120_000);

afterAll(async () => {
  await stopCluster?.();
  await restarted?.stop();
  await fault?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('a bulk cancel survives Restate killed and restarted mid-run: each id cancelled once, none skipped', async () => {
  // N invocations sleeping durably for 10 minutes.
  const ids: string[] = [];
  for (let i = 0; i < N; i++) {
    const res = await fetch(`${restate.ingressUrl}/greeter/slow/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 600 }),
    });
    expect(res.status).toBe(202);
    ids.push(((await res.json()) as { invocationId: string }).invocationId);
  }
  const idList = ids.map((i) => `'${i}'`).join(', ');
  await waitFor(
    'all sleeping (running, or suspended after the inactivity timeout)',
    async () => (await runSql(UID, `SELECT status FROM sys_invocation WHERE id IN (${idList})`)).map((r) => r.status),
    (s) => s.length === N && s.every((v) => v === 'running' || v === 'suspended')
  );

  let last: BulkProgress | undefined;
  let sawOutage: BulkProgress | undefined;
  const bulk = startBulk(ids, 'cancel', (id) => runAction(UID, id, 'cancel'), {
    outageBackoff: { initialMs: 250, maxMs: 2000 },
    onProgress: (p) => {
      last = p;
      if (p.outage && p.outage.tries >= 2) {
        sawOutage ??= p;
      }
    },
  });

  // The run pauses on its own once Restate is gone; the probes keep finding it gone.
  await waitFor(
    'the run to see the outage',
    () => sawOutage,
    (p) => p !== undefined,
    30_000
  );
  await killed;
  expect(sawOutage).toMatchObject({ failed: 0 });
  expect(sawOutage!.done).toBeGreaterThanOrEqual(KILL_AT - 4);
  // The lost one is not done; the 3 others in flight with it may have been answered before Restate died.
  expect(sawOutage!.done).toBeLessThanOrEqual(KILL_AT + 2);
  expect(sawOutage!.outage!.inDoubt).toBeGreaterThanOrEqual(1);
  expect(bulk.progress().finished).toBe(false);

  // Restate comes back on the same ports with its data; the run goes on by itself.
  restarted = await startRestate({ dataDir, ports, clusterName: 'bulk-outage' });
  const outcome = await bulk.done;

  expect(outcome.failed).toEqual([]);
  expect(outcome.notSent).toEqual([]);
  expect(outcome.results.map((r) => r.id)).toEqual(ids);
  expect(last).toMatchObject({ done: N, failed: 0, outagesSurvived: 1 });

  // At the proxy in front of Restate: once an answer reached the runner, that id was never sent again.
  const cancels = fault.log.filter((e) => e.method === 'PATCH' && cancelOf(e));
  const perId = new Map<string, FaultLogEntry[]>();
  for (const e of cancels) {
    perId.set(cancelOf(e)!, [...(perId.get(cancelOf(e)!) ?? []), e]);
  }
  expect([...perId.keys()].sort()).toEqual([...ids].sort()); // none skipped
  // (A 503 from a Restate still starting its partitions is an answer that says nothing about the id: sent again.)
  const final = (e: FaultLogEntry) => e.delivered && e.status !== 503;
  for (const [id, sent] of perId) {
    const answers = sent.map((e) => (e.delivered ? e.status : (e.error ?? 'lost')));
    expect({ id, final: sent.filter(final).length, answers }).toEqual({ id, final: 1, answers });
    expect(final(sent.at(-1)!)).toBe(true); // nothing sent after the answer that counted
  }
  // The cancel Restate applied before dying: sent again once, and Restate's answer (202 while cancelling, 409 once
  // cancelled) counted as done.
  expect(lostId).toBeDefined();
  const lost = perId.get(lostId!)!;
  expect(lost[0]).toMatchObject({ status: 202, delivered: false });
  const lostResult = outcome.results.find((r) => r.id === lostId)!;
  expect(lostResult.ok).toBe(true);
  expect([undefined, APPLIED_BEFORE_OUTAGE]).toContain(lostResult.note);

  // Restate's own record: every one of them ended cancelled.
  const ended = await waitFor(
    'all cancelled',
    async () =>
      (await runSql(UID, `SELECT status, completion_failure FROM sys_invocation WHERE id IN (${idList})`)).map(
        (r) => `${r.status}:${r.completion_failure}`
      ),
    (s) => s.length === N && s.every((v) => v === 'completed:[409] Cancelled')
  );
  expect(ended).toHaveLength(N);
}, 180_000);
