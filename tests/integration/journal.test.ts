/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Restart-as-new from a journal entry on a chosen deployment, resume on another deployment, "Retry now", and the
// journal timeline's data (issue 16 items 2 and 5), against a real restate-server 1.7.12 and the real SDK test
// service (`timeline` served by two deployments), through the re-stated Grafana data source proxy with the routes
// of src/datasource/plugin.json and the Go backend, which forwards invocation actions for an Editor.
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { startTestService, registerDeployment, type TestService } from '../harness/testService.mjs';
import { startGrafanaProxy, type Role } from '../harness/grafanaProxy.mjs';
import { installBackendSrv } from '../harness/backendSrv.mjs';
import { sleep } from '../harness/ports.mjs';
import {
  getInvocation,
  getJournal,
  getJournalEvents,
  restartAsNew,
  restartPoints,
  resumeInvocation,
  runAction,
} from '../../src/api/invocations';
import { runSql } from '../../src/api/sql';
import { layoutTimeline } from '../../src/pages/Invocations/timelineLayout';

const UID = 'restate';
let restate: RestateServer;
let main: TestService;
let v1: TestService;
let v2: TestService | undefined;
let proxy: { url: string; close: () => Promise<void> };
let role: Role = 'Editor';
let dp1: string;
let tripId: string;

async function ingress(path: string, body: unknown) {
  const res = await fetch(`${restate.ingressUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), id: res.headers.get('x-restate-id') ?? undefined };
}

async function send(path: string, body: unknown) {
  const r = await ingress(`${path}/send`, body);
  expect(r.status).toBe(202);
  return JSON.parse(r.text).invocationId as string;
}

async function row(id: string) {
  const [r] = await runSql(
    UID,
    `SELECT status, completion_result, retry_count, pinned_deployment_id, last_attempt_deployment_id, last_failure FROM sys_invocation WHERE id = '${id}'`
  );
  return r ?? {};
}

async function waitFor<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await sleep(150);
    last = await probe();
  }
  return last;
}

beforeAll(async () => {
  restate = await startRestate({ env: { RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT: '1s' } });
  main = await startTestService();
  v1 = await startTestService({ services: ['timeline'] });
  await registerDeployment(restate.adminUrl, main.url);
  dp1 = (await registerDeployment(restate.adminUrl, v1.url)).id;
  proxy = await startGrafanaProxy({
    dataSources: [
      {
        uid: UID,
        type: 'restatedev-restate-datasource',
        url: '',
        jsonData: { adminUrl: restate.adminUrl, ingressUrl: restate.ingressUrl },
        secureJsonData: { token: 'test-token' },
      },
    ],
    role: () => role,
  });
  installBackendSrv(proxy.url);
  // A call, a 300 ms sleep, an awakeable resolved 300 ms later, a 3 KB run result, one failed attempt.
  const trip = await ingress('timeline/trip', { sleepMs: 300, awakeMs: 300, bigBytes: 3000, failures: 1 });
  expect(trip.status).toBe(200);
  tripId = trip.id!;
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await v2?.stop();
  await v1?.stop();
  await main?.stop();
  await restate?.stop();
});

describe('the journal as a timeline', () => {
  it('links each command to its completion and lays the waits out on the time axis', async () => {
    const [d, journal, events] = await Promise.all([
      getInvocation(UID, tripId),
      getJournal(UID, tripId),
      getJournalEvents(UID, tripId),
    ]);
    expect(journal.map((e) => `${e.category}: ${e.type}`)).toEqual([
      'Command: Input',
      'Command: Call',
      'Notification: CallInvocationId',
      'Notification: Call',
      'Command: Sleep',
      'Notification: Sleep',
      'Command: OneWayCall',
      'Notification: CallInvocationId',
      'Notification: Signal',
      'Command: Run',
      'Notification: Run',
      'Command: Output',
    ]);
    expect(journal[1].details[0]).toMatchObject({ label: 'target', value: 'greeter/greet' });
    expect(events).toEqual([expect.objectContaining({ type: 'TransientError', afterIndex: 10 })]);

    const layout = layoutTimeline(journal, events, {
      now: Date.now(),
      createdAt: d!.createdAt,
      completedAt: d!.completedAt,
    });
    const at = (i: number) => layout.rows.find((r) => r.entry?.index === i)!;
    expect(at(1).completedBy).toBe(3);
    expect(at(4)).toMatchObject({ completedBy: 5 });
    expect(at(4).durationMs).toBeGreaterThanOrEqual(290);
    // The awakeable: the wait from the one-way call that resolves it 300 ms later.
    expect(at(8).durationMs).toBeGreaterThanOrEqual(250);
    expect(layout.failedAttempts).toBe(1);
    expect(layout.t1).toBe(d!.completedAt);
    const big = journal[10].payloads![0].payload;
    expect(big).toMatchObject({ kind: 'text' });
    expect(big.bytes).toBeGreaterThan(3000);
  });
});

describe('restart as new from a journal entry, on a chosen deployment', () => {
  it('keeps the journal up to the entry and runs on the chosen deployment, then links the new id', async () => {
    const journal = await getJournal(UID, tripId);
    expect(restartPoints(journal).every((p) => p.allowed)).toBe(true);

    const r = await restartAsNew(UID, tripId, { from: 5, deployment: { kind: 'id', id: dp1 } });
    expect(r).toMatchObject({ ok: true, newInvocationId: expect.stringMatching(/^inv_/) });
    const newId = r.newInvocationId!;
    await waitFor(
      'the restarted invocation to complete',
      () => row(newId),
      (x) => x.status === 'completed'
    );
    expect(await getInvocation(UID, newId)).toMatchObject({
      restartedFrom: tripId,
      invokedBy: 'restart_as_new',
      pinnedDeployment: dp1,
      completionResult: 'success',
    });
    // The copied prefix (input, call and its result, the sleep and its wake-up), then the rest ran again.
    const copied = await getJournal(UID, newId);
    expect(copied.slice(0, 6).map((e) => e.type)).toEqual(journal.slice(0, 6).map((e) => e.type));
    expect(copied.at(-1)?.type).toBe('Output');
  });

  it('refuses a prefix with a command that never completed, and the plugin says which entries are allowed', async () => {
    const id = await send('greeter/slow', { seconds: 600 });
    await waitFor(
      'the sleeper to suspend',
      () => row(id),
      (x) => x.status === 'suspended'
    );
    expect(await runAction(UID, id, 'kill')).toMatchObject({ ok: true });
    await waitFor(
      'the kill',
      () => row(id),
      (x) => x.status === 'completed'
    );
    const journal = await getJournal(UID, id);
    const points = restartPoints(journal);
    const sleepAt = journal.find((e) => e.type === 'Sleep')!.index;
    expect(points.find((p) => p.index === sleepAt)).toMatchObject({
      allowed: false,
      reason: `#${sleepAt} Sleep never completed`,
    });
    expect(points[0].allowed).toBe(true);

    const refused = await restartAsNew(UID, id, { from: sleepAt, deployment: { kind: 'latest' } });
    expect(refused).toMatchObject({
      ok: false,
      status: 400,
      error: expect.stringMatching(new RegExp(`journal up to entry ${sleepAt} holds a command that never completed`)),
    });
    // From the beginning it works (the input is retained).
    expect(await restartAsNew(UID, id, { from: 0 })).toMatchObject({ ok: true });
  });

  it('explains a deployment that does not exist', async () => {
    const r = await restartAsNew(UID, tripId, {
      from: 3,
      deployment: { kind: 'id', id: 'dp_10000000000000000000000' },
    });
    expect(r).toMatchObject({
      ok: false,
      status: 400,
      error: expect.stringMatching(/chosen deployment does not exist/),
    });
  });
});

describe('retry now and resume on another deployment', () => {
  let stuckId: string;

  it('retries a backing-off invocation now: another attempt starts at once', async () => {
    stuckId = await send('timeline/stuck', {});
    const before = await waitFor(
      'backing off',
      () => row(stuckId),
      (x) => x.status === 'backing-off'
    );
    expect(before.retry_count).toBe(1);
    // The next retry is an hour away; Retry now starts it at once.
    expect(await resumeInvocation(UID, stuckId)).toEqual({ id: stuckId, action: 'resume', ok: true });
    const after = await waitFor(
      'the second attempt',
      () => row(stuckId),
      (x) => Number(x.retry_count) >= 2
    );
    expect(after.status).toBe('backing-off');
    expect(String(after.last_failure)).toMatch(/stuck attempt #2/);
  });

  it('cannot change the deployment of a backing-off invocation, and says what to do', async () => {
    const r = await resumeInvocation(UID, stuckId, { deployment: { kind: 'latest' } });
    expect(r).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/Pause it first/) });
  });

  it('is refused by the backend for a Viewer', async () => {
    role = 'Viewer';
    try {
      expect(await resumeInvocation(UID, stuckId)).toMatchObject({ ok: false, status: 403 });
      expect(await restartAsNew(UID, tripId, { from: 2, deployment: { kind: 'latest' } })).toMatchObject({
        ok: false,
        status: 403,
        error: expect.stringMatching(/refused this request for your role/),
      });
    } finally {
      role = 'Editor';
    }
  });

  it('resumes a paused invocation on another deployment', async () => {
    expect(await runAction(UID, stuckId, 'pause')).toMatchObject({ ok: true });
    const paused = await waitFor(
      'paused',
      () => row(stuckId),
      (x) => x.status === 'paused'
    );
    expect(paused.pinned_deployment_id).toBe(dp1);
    v2 = await startTestService({ services: ['timeline'] });
    const dp2 = (await registerDeployment(restate.adminUrl, v2.url)).id;

    expect(await resumeInvocation(UID, stuckId, { deployment: { kind: 'id', id: dp2 } })).toMatchObject({ ok: true });
    const moved = await waitFor(
      'an attempt on the new deployment',
      () => row(stuckId),
      (x) => x.last_attempt_deployment_id === dp2 && x.status === 'backing-off'
    );
    expect(moved.pinned_deployment_id).toBe(dp2);
    // The new process counts its own attempts: the failure names its port.
    expect(String(moved.last_failure)).toContain(`port ${new URL(v2.url).port}`);

    // And a restart from an entry on "latest" now runs on the new deployment.
    const r = await restartAsNew(UID, tripId, { from: 5, deployment: { kind: 'latest' } });
    expect(r.ok).toBe(true);
    await waitFor(
      'the restart to complete',
      () => row(r.newInvocationId!),
      (x) => x.status === 'completed'
    );
    expect((await row(r.newInvocationId!)).pinned_deployment_id).toBe(dp2);
  });
});
