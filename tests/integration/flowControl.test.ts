/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Flow control (issue 17 item 3) against a real restate-server 1.7.12 started with virtual queues on
// (`experimental-enable-vqueues`, off by default in 1.7.12), through the Grafana stand-in (the proxy routes of
// src/datasource/plugin.json, and the real Go backend for SQL) and src/api over the re-stated BackendSrv.
import type { RestateServer } from '../harness/restate.mjs';
import { startCluster } from '../harness/cluster.mjs';
import type { Role } from '../harness/grafanaProxy.mjs';
import { sleep } from '../harness/ports.mjs';
import {
  deleteRule,
  listRules,
  listVQueueEntries,
  listVQueues,
  preconditionFailure,
  setVQueuePaused,
  upsertRule,
  vqueuesEnabled,
  type Rule,
} from '../../src/api/flowControl';
import { getVersion } from '../../src/api/cluster';
import { isRestateApiError } from '../../src/api/errors';

const UID = 'restate';
let restate: RestateServer;
let stopCluster: (() => Promise<void>) | undefined;
let role: Role = 'Admin';

/** Polls `probe` until it returns a value (not undefined), or fails with the last value seen. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(100);
  }
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

const rule = (pattern: string) => listRules(UID).then((rules) => rules.find((r) => r.pattern === pattern));

beforeAll(async () => {
  ({ restate, stop: stopCluster } = await startCluster({
    uid: UID,
    role: () => role,
    restate: { env: { RESTATE_EXPERIMENTAL_ENABLE_VQUEUES: 'true' }, clusterName: 'flow-control' },
    token: 't',
  }));
}, 900_000);

afterAll(async () => {
  await stopCluster?.();
});

beforeEach(() => {
  role = 'Admin';
});

test('the server reports virtual queues on', async () => {
  expect(vqueuesEnabled(await getVersion(UID))).toBe(true);
});

test('an Admin creates a rule; a second create of the same pattern is refused, not overwritten', async () => {
  const created = await upsertRule(UID, {
    pattern: 'tenant-a/*',
    concurrency: 3,
    description: 'cap A',
    disabled: false,
  });
  expect(created).toMatchObject({
    pattern: 'tenant-a/*',
    limits: { concurrency: 3 },
    description: 'cap A',
    disabled: false,
  });
  const listed = await until('the rule in sys_rules', () => rule('tenant-a/*'));
  expect(listed).toEqual<Rule>({
    pattern: 'tenant-a/*',
    concurrency: 3,
    description: 'cap A',
    disabled: false,
    version: created.version,
    lastModified: expect.any(String),
  });

  const again = await refusal(
    upsertRule(UID, { pattern: 'tenant-a/*', concurrency: 9, description: '', disabled: false })
  );
  expect(preconditionFailure(again)).toEqual({ kind: 'exists', pattern: 'tenant-a/*', actual: created.version });
  expect((await rule('tenant-a/*'))?.concurrency).toBe(3);
});

test('an edit at a stale version is refused with the current version; at the current one it applies', async () => {
  const created = await upsertRule(UID, { pattern: 'tenant-b', concurrency: 5, description: '', disabled: false });
  // Someone else changes it first.
  const theirs = await upsertRule(
    UID,
    { pattern: 'tenant-b', concurrency: 6, description: 'theirs', disabled: false },
    created.version
  );
  expect(theirs.version).toBeGreaterThan(created.version);

  const stale = await refusal(
    upsertRule(UID, { pattern: 'tenant-b', concurrency: 1, description: 'mine', disabled: true }, created.version)
  );
  expect(isRestateApiError(stale) && stale.status).toBe(409);
  expect(preconditionFailure(stale)).toEqual({ kind: 'changed', pattern: 'tenant-b', actual: theirs.version });
  expect(
    await until('their change', () => rule('tenant-b').then((r) => (r?.description === 'theirs' ? r : undefined)))
  ).toMatchObject({
    concurrency: 6,
  });

  const mine = await upsertRule(UID, { pattern: 'tenant-b', description: 'mine', disabled: true }, theirs.version);
  expect(mine).toMatchObject({ limits: {}, description: 'mine', disabled: true });
  expect(
    await until('my change', () => rule('tenant-b').then((r) => (r?.description === 'mine' ? r : undefined)))
  ).toMatchObject({ concurrency: undefined, disabled: true, version: mine.version });
});

test('a delete at a stale version is refused; at the current one the rule is gone', async () => {
  const created = await upsertRule(UID, {
    pattern: 'tenant-c/orders/*',
    concurrency: 2,
    description: '',
    disabled: false,
  });
  const changed = await upsertRule(
    UID,
    { pattern: 'tenant-c/orders/*', concurrency: 4, description: '', disabled: false },
    created.version
  );
  const stale = await refusal(deleteRule(UID, 'tenant-c/orders/*', created.version));
  expect(preconditionFailure(stale)).toEqual({
    kind: 'changed',
    pattern: 'tenant-c/orders/*',
    actual: changed.version,
  });
  expect(await rule('tenant-c/orders/*')).toBeDefined();

  await deleteRule(UID, 'tenant-c/orders/*', changed.version);
  await until('the rule gone', () => rule('tenant-c/orders/*').then((r) => (r ? undefined : true)));
});

test.each<Role>(['Viewer', 'Editor'])(
  'a %s reads rules but cannot change them (proxy route reqRole Admin)',
  async (r) => {
    const created = await upsertRule(UID, {
      pattern: `only-admin-${r}`,
      concurrency: 1,
      description: '',
      disabled: false,
    });
    role = r;
    expect((await rule(`only-admin-${r}`))?.version).toBe(created.version);
    for (const attempt of [
      upsertRule(UID, { pattern: `by-${r}`, concurrency: 1, description: '', disabled: false }),
      upsertRule(
        UID,
        { pattern: `only-admin-${r}`, concurrency: 9, description: '', disabled: false },
        created.version
      ),
      deleteRule(UID, `only-admin-${r}`, created.version),
    ]) {
      const e = await refusal(attempt);
      expect(isRestateApiError(e) && [e.kind, e.status]).toEqual(['denied', 403]);
    }
    role = 'Admin';
    expect(await rule(`by-${r}`)).toBeUndefined();
    expect(await rule(`only-admin-${r}`)).toMatchObject({ concurrency: 1, version: created.version });
  }
);

test('virtual queues: listed with their entries; an Editor pauses and resumes one, a Viewer cannot', async () => {
  // A durable sleep keeps the counter key's queue holding a running entry.
  const res = await fetch(`${restate.ingressUrl}/counter/fc-key/slowAdd/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(1),
  });
  expect(res.status).toBe(202);
  const { invocationId } = (await res.json()) as { invocationId: string };
  const queue = await until('the queue of counter/fc-key', () =>
    listVQueues(UID, { service: 'counter' }).then((qs) => qs.find((q) => q.lockName === 'counter/fc-key'))
  );
  expect(queue).toMatchObject({ serviceName: 'counter', paused: false });
  expect(queue.id).toMatch(/^vq_/);
  const entries = await listVQueueEntries(UID, queue.id);
  expect(entries.map((e) => e.entryId)).toContain(invocationId);

  role = 'Viewer';
  const denied = await refusal(setVQueuePaused(UID, queue.id, true));
  expect(isRestateApiError(denied) && [denied.kind, denied.status]).toEqual(['denied', 403]);

  role = 'Editor';
  await setVQueuePaused(UID, queue.id, true);
  await until('the queue paused', () =>
    listVQueues(UID, { pausedOnly: true }).then((qs) => qs.find((q) => q.id === queue.id))
  );
  await setVQueuePaused(UID, queue.id, false);
  await until('the queue resumed', () =>
    listVQueues(UID, { service: 'counter' }).then((qs) => qs.find((q) => q.id === queue.id && !q.paused))
  );
});

test('Restate refuses a malformed queue id; the api refuses one that is not an id before sending', async () => {
  role = 'Editor';
  const e = await refusal(setVQueuePaused(UID, 'vq_doesnotexist1234', true));
  expect(isRestateApiError(e) && e.status).toBe(400);
  await expect(setVQueuePaused(UID, '../limits/rules', true)).rejects.toThrow(/Not a virtual queue id/);
});
