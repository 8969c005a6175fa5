/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Kafka subscriptions (issue 17 item 4) against a real restate-server 1.7.12. Restate accepts a Kafka cluster
// and subscriptions to it without a broker (it only logs that it cannot connect), so creation and deletion run
// for real here; the cluster is configured straight on Restate's admin API (the plugin does not create clusters),
// pointing at a loopback port where nothing listens. Everything the plugin does goes through the Grafana
// stand-in and the real Go backend (resources), with src/api over the re-stated BackendSrv.
import { randomBytes } from 'node:crypto';
import type { RestateServer } from '../harness/restate.mjs';
import { startCluster } from '../harness/cluster.mjs';
import type { Role } from '../harness/grafanaProxy.mjs';
import { freePort } from '../harness/ports.mjs';
import { createSubscription, deleteSubscription, listKafkaClusters, listSubscriptions } from '../../src/api/kafka';
import { isRestateApiError } from '../../src/api/errors';
import { explainError } from '../../src/api/explain';

const UID = 'restate';
const SECRET = `pw_${randomBytes(8).toString('hex')}`;
let restate: RestateServer;
let stopCluster: (() => Promise<void>) | undefined;
let role: Role = 'Admin';

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${restate.adminUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

const direct = async () => ((await admin('GET', '/subscriptions')).json as { subscriptions: unknown[] }).subscriptions;

beforeAll(async () => {
  ({ restate, stop: stopCluster } = await startCluster({
    uid: UID,
    role: () => role,
    restate: { clusterName: 'kafka' },
    token: 't',
  }));
  const created = await admin('POST', '/kafka-clusters', {
    name: 'local-kafka',
    properties: {
      'bootstrap.servers': `127.0.0.1:${await freePort()}`,
      'sasl.username': 'svc',
      'sasl.password': SECRET,
    },
  });
  expect(created.status).toBe(201);
}, 900_000);

afterAll(async () => {
  await stopCluster?.();
});

beforeEach(() => {
  role = 'Admin';
});

test('clusters are listed with their credentials hidden', async () => {
  const [cluster] = await listKafkaClusters(UID);
  expect(cluster.name).toBe('local-kafka');
  expect(cluster.properties['bootstrap.servers']).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(cluster.properties['sasl.password']).toBe('');
  expect(cluster.properties['sasl.username']).toBe('');
  expect(JSON.stringify(cluster)).not.toContain(SECRET);
});

test.each([
  [
    { source: 'kafka://elsewhere/orders', sink: 'service://greeter/greet' },
    'Restate has no Kafka cluster "elsewhere". Configured clusters: local-kafka.',
  ],
  [
    { source: 'kafka://local-kafka/orders', sink: 'service://greeter/nope' },
    'The service "greeter" has no handler "nope". Its handlers: busy, fail, fanout, flaky, greet, slow, welcome.',
  ],
  [{ source: 'kafka://local-kafka/orders', sink: 'service://nobody/greet' }, 'Restate has no service "nobody"'],
  [{ source: 'orders', sink: 'service://greeter/greet' }, 'is not of the form kafka://<cluster>/<topic>'],
  [{ source: 'kafka://local-kafka/or ders', sink: 'service://greeter/greet' }, 'not a valid Kafka topic name'],
])('creation is refused in words and nothing is created: %j', async (req, words) => {
  const e = await refusal(createSubscription(UID, req));
  expect(isRestateApiError(e) && e.status).toBe(400);
  expect(explainError(e).detail).toContain(words);
  expect(await direct()).toEqual([]);
});

test('an Admin creates a subscription with options, sees it listed, and deletes it', async () => {
  const created = await createSubscription(UID, {
    source: 'kafka://local-kafka/orders',
    sink: 'service://counter/add',
    options: { 'auto.offset.reset': 'earliest' },
  });
  expect(created).toMatchObject({ source: 'kafka://local-kafka/orders', sink: 'service://counter/add' });
  expect(created.id).toMatch(/^sub_/);
  expect(created.options['auto.offset.reset']).toBe('earliest');
  // Restate names the consumer group after the subscription.
  expect(created.options['group.id']).toBe(created.id);
  expect((await listSubscriptions(UID)).map((s) => s.id)).toEqual([created.id]);

  await deleteSubscription(UID, created.id);
  expect(await listSubscriptions(UID)).toEqual([]);
  const again = await refusal(deleteSubscription(UID, created.id));
  expect(isRestateApiError(again) && again.status).toBe(404);
  expect(explainError(again).detail).toContain(`There is no subscription ${created.id}`);
});

test.each<Role>(['Viewer', 'Editor'])('a %s reads subscriptions but cannot create or delete one', async (r) => {
  const existing = await createSubscription(UID, {
    source: 'kafka://local-kafka/audit',
    sink: 'service://greeter/greet',
  });
  role = r;
  expect((await listSubscriptions(UID)).map((s) => s.id)).toEqual([existing.id]);
  const create = await refusal(
    createSubscription(UID, { source: 'kafka://local-kafka/x', sink: 'service://greeter/greet' })
  );
  const remove = await refusal(deleteSubscription(UID, existing.id));
  for (const e of [create, remove]) {
    expect(isRestateApiError(e) && [e.kind, e.status]).toEqual(['denied', 403]);
    expect(explainError(e).detail).toMatch(
      /needs the Admin role in this Grafana organization \(you have (Viewer|Editor)\)/
    );
  }
  role = 'Admin';
  expect((await direct()).length).toBe(1);
  await deleteSubscription(UID, existing.id);
});

test('a Kafka cluster with subscriptions cannot be removed out from under them (Restate refuses; the plugin offers no such call)', async () => {
  const sub = await createSubscription(UID, { source: 'kafka://local-kafka/keep', sink: 'service://greeter/greet' });
  const removal = await admin('DELETE', '/kafka-clusters/local-kafka');
  expect(removal.status).toBe(409);
  expect(removal.text).toContain(sub.id);
  await deleteSubscription(UID, sub.id);
});
