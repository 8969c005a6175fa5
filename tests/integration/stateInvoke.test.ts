/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Object state (SQL over `state`, POST /services/{service}/state with the version check) and invoking handlers
// through the ingress route, against a real restate-server 1.7.12 and the SDK test service, reached only the
// way the plugin reaches them in Grafana: src/api over the BackendSrv re-statement, through the proxy
// re-statement with the routes of src/datasource/plugin.json and the real Go backend for SQL.
import type { RestateServer } from '../harness/restate.mjs';
import { startCluster } from '../harness/cluster.mjs';
import type { Role } from '../harness/grafanaProxy.mjs';
import { getObjectState, listStateKeys, setObjectState } from '../../src/api/objectState';
import { explainInvokeError, getHandlerRequests, invokeHandler } from '../../src/api/invoke';
import { resourceFetch, restateFetch } from '../../src/api/proxy';
import { runSql } from '../../src/api/sql';
import { isRestateApiError, type RestateApiError } from '../../src/api/errors';
import { stateVersion, utf8 } from '../../src/model/stateValue';

const DS = 'restate';
let restate: RestateServer;
let stopCluster: (() => Promise<void>) | undefined;
let role: Role = 'Editor';

beforeAll(async () => {
  ({ restate, stop: stopCluster } = await startCluster({
    uid: DS,
    role: () => role,
    restate: { clusterName: 'it-state' },
    jsonData: { clusterName: 'it-state' },
  }));
}, 900_000);

afterAll(async () => {
  await stopCluster?.();
});

beforeEach(() => {
  role = 'Editor';
});

/** Straight to Restate's ingress (test set-up, not the plugin). */
async function ingress(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${restate.ingressUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(`${path}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

/** Polls `read` until `done` holds (state changes are applied asynchronously by Restate). */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) {
      return v;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const texts = async (key: string) =>
  Object.fromEntries((await getObjectState(DS, 'counter', key)).entries.map((e) => [e.key, e.decoded.text]));

async function apiError(p: Promise<unknown>): Promise<RestateApiError> {
  const e = await p.then(
    () => undefined,
    (x) => x
  );
  expect(isRestateApiError(e)).toBe(true);
  return e as RestateApiError;
}

describe('object state', () => {
  it('reads state by SQL with the version Restate computes, and sets it through the Editor route', async () => {
    await ingress('counter/st-set/add', 5);
    const before = await getObjectState(DS, 'counter', 'st-set');
    expect(before.entries.map((e) => [e.key, e.decoded.kind, e.decoded.text])).toEqual([['count', 'json', '5']]);

    const o = await setObjectState(DS, 'counter', 'st-set', { count: utf8('41'), note: utf8('hello') }, before.version);
    expect(o.outcome).toBe('applied');
    expect(await texts('st-set')).toEqual({ count: '41', note: 'hello' });
    // The handler sees the new state.
    expect(await ingress('counter/st-set/add', 1)).toBe(42);
  });

  it('refuses a stale version: nothing is sent, and Restate itself drops a change at an old version', async () => {
    await ingress('counter/st-stale/add', 1);
    const loaded = await getObjectState(DS, 'counter', 'st-stale');
    await ingress('counter/st-stale/add', 1); // someone else changes it: count is now 2

    const o = await setObjectState(DS, 'counter', 'st-stale', { count: utf8('100') }, loaded.version);
    expect(o).toMatchObject({ outcome: 'conflict', sent: false });
    expect(o.state.entries[0].decoded.text).toBe('2');

    // What Restate does with a stale version when the check above is raced: it answers 202 and drops the change.
    await restateFetch(DS, 'admin/services/counter/state', {
      method: 'POST',
      body: { object_key: 'st-stale', version: loaded.version, new_state: { count: Array.from(utf8('100')) } },
    });
    // A change at the version of count = 2, sent after it, is applied: so the stale one before it was not (had it
    // been, the state would have read 100 and this one's version would no longer have matched).
    await restateFetch(DS, 'admin/services/counter/state', {
      method: 'POST',
      body: { object_key: 'st-stale', version: o.state.version, new_state: { count: Array.from(utf8('7')) } },
    });
    const after = await until(
      () => texts('st-stale'),
      (t) => t.count !== '2'
    );
    expect(after).toEqual({ count: '7' });
  });

  it('clears the state, and the keys browser lists keys by prefix, paged, with their size', async () => {
    for (const k of ['kb-a', 'kb-b', 'kb-c', 'other-kb']) {
      await ingress(`counter/${k}/add`, 3);
    }
    const page1 = await listStateKeys(DS, 'counter', { prefix: 'kb-', offset: 0, limit: 2 });
    expect(page1).toEqual({
      keys: [
        { key: 'kb-a', entries: 1, bytes: 1 },
        { key: 'kb-b', entries: 1, bytes: 1 },
      ],
      total: 3,
    });
    const page2 = await listStateKeys(DS, 'counter', { prefix: 'kb-', offset: 2, limit: 2 });
    expect(page2.keys.map((k) => k.key)).toEqual(['kb-c']);
    // A prefix is a prefix, not a pattern: SQL wildcards and quotes match themselves.
    expect((await listStateKeys(DS, 'counter', { prefix: "kb%'", offset: 0, limit: 10 })).total).toBe(0);

    const b = await getObjectState(DS, 'counter', 'kb-b');
    await expect(setObjectState(DS, 'counter', 'kb-b', {}, b.version)).resolves.toMatchObject({ outcome: 'applied' });
    expect((await getObjectState(DS, 'counter', 'kb-b')).entries).toEqual([]);
    expect(
      (await listStateKeys(DS, 'counter', { prefix: 'kb-', offset: 0, limit: 10 })).keys.map((k) => k.key)
    ).toEqual(['kb-a', 'kb-c']);
  });

  it('keeps binary values as bytes: shown as binary, and kept byte for byte when another entry changes', async () => {
    const empty = await getObjectState(DS, 'counter', 'st-bin');
    expect(empty.version).toBe(stateVersion([]));
    const blob = Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0xff);
    await expect(
      setObjectState(DS, 'counter', 'st-bin', { blob, count: utf8('1') }, empty.version)
    ).resolves.toMatchObject({
      outcome: 'applied',
    });
    const s = await getObjectState(DS, 'counter', 'st-bin');
    const read = s.entries.find((e) => e.key === 'blob')!;
    expect(read.decoded).toMatchObject({ kind: 'binary', size: 6, hexPreview: 'de ad be ef 00 ff' });
    const o = await setObjectState(DS, 'counter', 'st-bin', { blob: read.bytes, count: utf8('2') }, s.version);
    expect(o.outcome).toBe('applied');
    expect(
      Array.from((await getObjectState(DS, 'counter', 'st-bin')).entries.find((e) => e.key === 'blob')!.bytes)
    ).toEqual(Array.from(blob));
  });

  it('says "not applied yet" while an invocation holds the object, and Restate applies it once the object is free', async () => {
    await ingress('counter/st-busy/add', 1);
    const holder = (await ingress('counter/st-busy/slowAdd/send', { seconds: 600, delta: 1 })) as {
      invocationId: string;
    };
    await until(
      () => runSql(DS, `SELECT invocation_id FROM sys_keyed_service_status WHERE service_key = 'st-busy'`),
      (r) => r.length === 1
    );
    const loaded = await getObjectState(DS, 'counter', 'st-busy');
    const o = await setObjectState(DS, 'counter', 'st-busy', { count: utf8('50') }, loaded.version, {
      timeoutMs: 1500,
    });
    expect(o.outcome).toBe('pending');
    await resourceFetch(DS, `invocations/${holder.invocationId}/kill`, { method: 'PATCH' });
    expect(
      await until(
        () => texts('st-busy'),
        (t) => t.count === '50'
      )
    ).toEqual({ count: '50' });
  });

  it('a Viewer is refused by the proxy and the state stays as it was', async () => {
    await ingress('counter/st-viewer/add', 9);
    const s = await getObjectState(DS, 'counter', 'st-viewer');
    role = 'Viewer';
    // Viewers still read it (SQL).
    expect((await getObjectState(DS, 'counter', 'st-viewer')).version).toBe(s.version);
    const e = await apiError(setObjectState(DS, 'counter', 'st-viewer', {}, s.version));
    expect(e).toMatchObject({ kind: 'denied', status: 403 });
    role = 'Editor';
    expect(await texts('st-viewer')).toEqual({ count: '9' });
  });

  it('the POST route reaches nothing but the state of a service', async () => {
    // Restate has no other POST under /services/: the rest answer 405, and climbing out is cleaned away by the proxy.
    const other = await apiError(restateFetch(DS, 'admin/services/counter', { method: 'POST', body: {} }));
    expect(other.status).toBe(405);
    const handlers = await apiError(restateFetch(DS, 'admin/services/counter/handlers', { method: 'POST', body: {} }));
    expect(handlers.status).toBe(405);
    const climb = await apiError(restateFetch(DS, 'admin/services/../deployments', { method: 'POST', body: {} }));
    expect(climb.status).toBe(502); // unrouted: reaches nothing
    // A plain service keeps no state, and Restate says so.
    const plain = await apiError(
      restateFetch(DS, 'admin/services/greeter/state', { method: 'POST', body: { object_key: 'x', new_state: {} } })
    );
    expect(plain).toMatchObject({ status: 400, message: 'Cannot modify state for service type Service' });
  });
});

describe('invoking a handler', () => {
  it('reads each handler request schema from the service OpenAPI document', async () => {
    const reqs = await getHandlerRequests(DS, 'greeter');
    expect(reqs.find((r) => r.handler === 'welcome')?.schema).toMatchObject({
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, times: { type: 'integer' }, formal: { type: 'boolean' } },
    });
    expect((await getHandlerRequests(DS, 'counter')).map((r) => r.handler)).toEqual(['add', 'get', 'slowAdd']);
  });

  it('calls with a key and an idempotency key: the answer and the invocation id; the same key returns the same invocation', async () => {
    const req = {
      service: 'counter',
      handler: 'add',
      key: 'inv-call',
      body: '4',
      send: false,
      idempotencyKey: 'idem-1',
    };
    const first = await invokeHandler(DS, req);
    expect(first).toMatchObject({ mode: 'call', status: 200, output: 4, invocationId: expect.stringMatching(/^inv_/) });
    const again = await invokeHandler(DS, req);
    expect(again).toMatchObject({ output: 4, invocationId: first.invocationId });
    const rows = await runSql(
      DS,
      `SELECT target, idempotency_key FROM sys_invocation WHERE id = '${first.invocationId}'`
    );
    expect(rows).toEqual([{ target: 'counter/inv-call/add', idempotency_key: 'idem-1' }]);
  });

  it('passes extra headers to the handler', async () => {
    const r = await invokeHandler(DS, {
      service: 'greeter',
      handler: 'welcome',
      body: JSON.stringify({ name: 'Ada', times: 2 }),
      send: false,
      headers: { 'x-greeting': 'Hello' },
    });
    expect(r).toMatchObject({ mode: 'call', output: 'Hello, Ada! Hello, Ada!' });
  });

  it('sends with a delay: the invocation is scheduled, and its id comes back at once', async () => {
    const before = Date.now();
    const r = await invokeHandler(DS, {
      service: 'counter',
      handler: 'add',
      key: 'inv-send',
      body: '1',
      send: true,
      delay: '1h',
      idempotencyKey: 'idem-send',
    });
    expect(r).toMatchObject({
      mode: 'send',
      status: 202,
      sendStatus: 'Accepted',
      invocationId: expect.stringMatching(/^inv_/),
    });
    if (r.mode !== 'send') {
      throw new Error('not a send');
    }
    const at = Date.parse(r.executionTime!);
    expect(at).toBeGreaterThanOrEqual(before + 3_590_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 3_610_000);
    const [row] = await until(
      () => runSql(DS, `SELECT status FROM sys_invocation WHERE id = '${r.invocationId}'`),
      (x) => x.length === 1
    );
    expect(row.status).toBe('scheduled');
    // The same idempotency key: no second invocation.
    const again = await invokeHandler(DS, {
      service: 'counter',
      handler: 'add',
      key: 'inv-send',
      body: '1',
      send: true,
      idempotencyKey: 'idem-send',
    });
    expect(again).toMatchObject({ sendStatus: 'PreviouslyAccepted', invocationId: r.invocationId });
  });

  it('explains the errors: unknown handler, a terminal error, a delay Restate cannot read', async () => {
    const nf = await apiError(invokeHandler(DS, { service: 'greeter', handler: 'nope', body: '{}', send: false }));
    expect(explainInvokeError(nf).title).toBe('Restate does not know this handler');
    expect(explainInvokeError(nf).detail).toMatch(/handler 'nope' was not found/);

    const failed = await apiError(invokeHandler(DS, { service: 'greeter', handler: 'fail', body: '{}', send: false }));
    expect(explainInvokeError(failed)).toMatchObject({
      title: 'The handler failed (418)',
      detail: 'this always fails',
    });

    const delay = await apiError(
      invokeHandler(DS, { service: 'greeter', handler: 'greet', send: true, delay: 'soon' })
    );
    expect(delay.status).toBe(400);
    expect(explainInvokeError(delay).detail).toMatch(/bad delay query parameter/);
  });

  it('a Viewer is refused by the proxy and nothing is invoked', async () => {
    role = 'Viewer';
    const e = await apiError(
      invokeHandler(DS, { service: 'counter', handler: 'add', key: 'inv-viewer', body: '1', send: false })
    );
    expect(explainInvokeError(e).title).toBe('Your role does not allow invoking handlers');
    role = 'Editor';
    expect(await runSql(DS, `SELECT id FROM sys_invocation WHERE target_service_key = 'inv-viewer'`)).toEqual([]);
  });
});
