/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// No secret reaches a browser: for every role, every path of Grafana's API that the plugin uses (the proxy
// routes of src/datasource/plugin.json, the paths they do not route, and the backend's /api/ds/query, health
// and resources) is called against a real restate-server 1.7.12 whose deployment carries a secret header, through
// the Grafana stand-in (tests/harness/grafanaProxy.mjs, which hands backend paths to the real plugin package).
// Error answers are included: a Restate error that echoes the request must not echo a secret either.
import { randomBytes } from 'node:crypto';
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { startTestService, registerDeployment, type TestService } from '../harness/testService.mjs';
import { startGrafanaProxy, type ProxyExchange, type Role } from '../harness/grafanaProxy.mjs';

const UID = 'restate';
const TOKEN = `tok_${randomBytes(12).toString('hex')}`;
const HEADER_SECRET = `hdr_${randomBytes(12).toString('hex')}`;
const ROLES: Role[] = ['Viewer', 'Editor', 'Admin'];

let restate: RestateServer;
let service: TestService;
let proxy: { url: string; close: () => Promise<void> };
let deploymentId: string;
let role: Role = 'Viewer';
const exchanges: ProxyExchange[] = [];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${proxy.url}${path}`, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  restate = await startRestate();
  service = await startTestService();
  deploymentId = (
    await registerDeployment(restate.adminUrl, service.url, { additionalHeaders: { 'x-api-key': HEADER_SECRET } })
  ).id;
  // Restate itself answers with the value: the sweep below is meaningful only because the secret is there.
  const direct = await (await fetch(`${restate.adminUrl}/deployments/${deploymentId}`)).text();
  expect(direct).toContain(HEADER_SECRET);
  proxy = await startGrafanaProxy({
    dataSources: [
      {
        uid: UID,
        type: 'restatedev-restate-datasource',
        url: '',
        jsonData: { adminUrl: restate.adminUrl, ingressUrl: restate.ingressUrl },
        secureJsonData: { token: TOKEN },
      },
    ],
    role: () => role,
    onResponse: (x) => exchanges.push(x),
  });
}, 900_000);

afterAll(async () => {
  await proxy?.close();
  await service?.stop();
  await restate?.stop();
});

const proxyPath = (p: string) => `/api/datasources/proxy/uid/${UID}/${p}`;
const resource = (p: string) => `/api/datasources/uid/${UID}/resources/${p}`;
const sql = (query: string) => ({
  queries: [{ refId: 'A', datasource: { uid: UID }, sql: query }],
  from: 'now-1h',
  to: 'now',
});

test.each(ROLES)('%s: no answer of any path holds the token or a deployment header value', async (r) => {
  role = r;
  const before = exchanges.length;
  const calls: Array<[string, string, unknown?]> = [
    // Proxy reads.
    ['GET', proxyPath('admin/health')],
    ['GET', proxyPath('admin/version')],
    ['GET', proxyPath('admin/services')],
    ['GET', proxyPath('admin/services/greeter')],
    ['GET', proxyPath('admin/services/greeter/handlers')],
    ['GET', proxyPath('admin/services/greeter/openapi')],
    // What the proxy does not route (it used to forward every GET): each reaches nothing.
    ['GET', proxyPath('admin/deployments')],
    ['GET', proxyPath(`admin/deployments/${deploymentId}`)],
    ['GET', proxyPath('admin/')],
    ['GET', proxyPath('admin/services/../deployments')],
    ['POST', proxyPath('admin/query'), { query: 'SELECT * FROM sys_deployment' }],
    // Proxy writes (Editor and up; Restate's error answers included).
    ['PATCH', proxyPath('admin/services/nope'), { public: true }],
    ['PATCH', proxyPath('admin/invocations/inv_1nope/kill')],
    ['PATCH', resource('invocations/inv_1nope/kill')],
    ['POST', proxyPath('admin/services/counter/state'), { object_key: 'secrets-sweep', new_state: {} }],
    ['POST', proxyPath('ingress/greeter/greet'), { name: 'Ada' }],
    // The backend.
    ['GET', `/api/datasources/uid/${UID}/health`],
    ['GET', resource('deployments')],
    ['GET', resource(`deployments/${deploymentId}`)],
    ['GET', resource('deployments/dp_nope')],
    ['GET', resource('deployments/search?q=x-api-key&limit=5')],
    ['POST', resource('deployments/prune'), { ids: ['dp_nope'] }],
    ['GET', resource('kafka-clusters')],
    ['GET', resource('subscriptions')],
    ['POST', '/api/ds/query', sql('SELECT * FROM sys_deployment')],
    ['POST', '/api/ds/query', sql('SELECT * FROM sys_service')],
    ['POST', '/api/ds/query', sql('SELECT * FROM nope')],
    // Deployment writes through the backend (Admin): a dry run, a patch to the same value, and bodies Restate
    // refuses, whose error texts quote what they could not read.
    [
      'POST',
      resource('deployments'),
      { uri: service.url, dry_run: true, force: true, additional_headers: { 'x-api-key': HEADER_SECRET } },
    ],
    ['PATCH', resource(`deployments/${deploymentId}`), { additional_headers: { 'x-api-key': HEADER_SECRET } }],
    [
      'POST',
      resource('deployments'),
      { uri: service.url, additional_headers: { 'x-api-key': 42, [HEADER_SECRET]: [HEADER_SECRET] } },
    ],
    ['POST', resource('deployments'), `{"uri": "${HEADER_SECRET}`],
  ];
  const statuses: number[] = [];
  for (const [method, path, body] of calls) {
    statuses.push((await call(method, path, body)).status);
  }
  const mine = exchanges.slice(before);
  expect(mine).toHaveLength(calls.length);
  // Reads work for every role, and the sweep met successes and refusals alike.
  expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
  expect(statuses.filter((s) => s === 502).length).toBeGreaterThanOrEqual(5);
  if (r === 'Admin') {
    expect(statuses[calls.length - 4]).toBeLessThan(300);
    expect(statuses[calls.length - 3]).toBe(200);
  } else {
    expect(statuses.slice(-4)).toEqual([403, 403, 403, 403]);
  }
  const leaks = mine.filter(
    (x) =>
      x.body.includes(TOKEN) ||
      x.body.includes(HEADER_SECRET) ||
      JSON.stringify(x.headers).includes(TOKEN) ||
      JSON.stringify(x.headers).includes(HEADER_SECRET)
  );
  expect(leaks.map((x) => `${x.method} ${x.url} ${x.status}: ${x.body.slice(0, 200)}`)).toEqual([]);
  // And the header is still known by name where deployments are shown.
  expect(mine.find((x) => x.url === resource('deployments'))?.body).toContain('x-api-key');
});

// Kafka (issue 17 item 4): a cluster with credentials and a subscription whose options carry one, configured
// straight on Restate (no broker needed), then every Kafka path of the plugin for each role, errors included.
const KAFKA_SECRET = `kfk_${randomBytes(12).toString('hex')}`;

test.each(ROLES)('%s: no Kafka answer holds a credential', async (r) => {
  const adminCall = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${restate.adminUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  const name = `secret-kafka-${r.toLowerCase()}`;
  const cluster = await adminCall('POST', '/kafka-clusters', {
    name,
    properties: { 'bootstrap.servers': '127.0.0.1:9', 'sasl.password': KAFKA_SECRET, 'x.custom.credential': KAFKA_SECRET },
  });
  expect(cluster.status).toBe(201);
  const sub = await adminCall('POST', '/subscriptions', {
    source: `kafka://${name}/orders`,
    sink: 'service://greeter/greet',
    options: { 'sasl.password': KAFKA_SECRET, 'ssl.key.password': KAFKA_SECRET },
  });
  expect(sub.status).toBe(201);
  const subId = (JSON.parse(sub.text) as { id: string }).id;
  // Restate itself answers with the secret somewhere, so the sweep below is meaningful.
  const directly = [
    await adminCall('GET', '/kafka-clusters'),
    await adminCall('GET', `/kafka-clusters/${name}`),
    await adminCall('GET', '/subscriptions'),
    await adminCall('GET', `/subscriptions/${subId}`),
  ];
  expect(directly.some((d) => d.text.includes(KAFKA_SECRET))).toBe(true);

  role = r;
  const before = exchanges.length;
  const calls: Array<[string, string, unknown?]> = [
    ['GET', resource('kafka-clusters')],
    ['GET', resource(`kafka-clusters/${name}`)],
    ['GET', resource('subscriptions')],
    ['GET', resource(`subscriptions/${subId}`)],
    ['GET', proxyPath('admin/kafka-clusters')],
    ['GET', proxyPath('admin/subscriptions')],
    ['POST', '/api/ds/query', sql('SELECT * FROM sys_service')],
    // Writes (Admin only): a creation Restate accepts echoes its options; refusals quote what they could not use.
    [
      'POST',
      resource('subscriptions'),
      { source: `kafka://${name}/audit`, sink: 'service://greeter/greet', options: { 'sasl.password': KAFKA_SECRET } },
    ],
    ['POST', resource('subscriptions'), { source: `kafka://${KAFKA_SECRET}/x`, sink: 'service://greeter/greet' }],
    ['POST', resource('subscriptions'), `{"source": "${KAFKA_SECRET}`],
  ];
  const statuses: number[] = [];
  for (const [method, path, body] of calls) {
    statuses.push((await call(method, path, body)).status);
  }
  expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
  expect(statuses.slice(4, 6)).toEqual([502, 502]);
  expect(statuses.slice(-3)).toEqual(r === 'Admin' ? [201, 400, 400] : [403, 403, 403]);
  const mine = exchanges.slice(before);
  expect(mine).toHaveLength(calls.length);
  const leaks = mine.filter((x) => x.body.includes(KAFKA_SECRET) || JSON.stringify(x.headers).includes(KAFKA_SECRET));
  expect(leaks.map((x) => `${x.method} ${x.url} ${x.status}: ${x.body.slice(0, 200)}`)).toEqual([]);
  // The names stay, so a user sees which credentials are set.
  expect(mine[0].body).toContain('sasl.password');
  expect(mine[3].body).toContain('ssl.key.password');
});

test.each(ROLES)('%s: the state route (POST admin/services/{service}/state) is for Editors and up', async (r) => {
  role = r;
  const res = await call('POST', proxyPath('admin/services/counter/state'), {
    object_key: `roles-${r}`,
    new_state: { count: [49] },
  });
  if (r === 'Viewer') {
    expect(res.status).toBe(403);
    expect(res.text).toContain('plugin proxy route access denied');
  } else {
    expect(res.status).toBe(202);
  }
});
