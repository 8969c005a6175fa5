/** @jest-environment ./tests/harness/jestEnvironment.cjs */
// Deployments and services (issue 4) against a real restate-server 1.7.12 and real SDK services
// (tests/fixtures/service and the breaking tests/fixtures/service-v2), reached only through the
// re-stated Grafana stand-in (tests/harness/grafanaProxy.mjs: the proxy routes of src/datasource/plugin.json, and the
// data source's real Go backend in a plugin host for deployments) and src/api over the re-stated BackendSrv.
import http from 'node:http';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { startTestService, type TestService } from '../harness/testService.mjs';
import { startGrafanaProxy, type Role } from '../harness/grafanaProxy.mjs';
import { installBackendSrv } from '../harness/backendSrv.mjs';
import { freePort, listenOnLoopback, sleep } from '../harness/ports.mjs';
import {
  getDeployment,
  headerNames,
  listDeployments,
  pinnedInvocationCounts,
  registerDeployment,
  removeDeployment,
  serviceRevisionUse,
  updateDeployment,
  endpointOf,
  type RegisterInput,
} from '../../src/api/deployments';
import { diffServices, listHandlers, listServices, modifyService, getService } from '../../src/api/services';
import { explainError } from '../../src/api/explain';
import { resourceFetch } from '../../src/api/proxy';
import { isRestateApiError } from '../../src/api/errors';
import { validateLambdaArn, validateUri } from '../../src/pages/Deployments/validation';
import { validateDuration } from '../../src/pages/Services/duration';

interface Recorded {
  method: string;
  url: string;
  body: string;
}

/**
 * Sits between the proxy and one upstream and records each request (method, url, body) before passing it
 * on, so a test sees exactly what reached Restate's admin API; with no upstream it answers 500 itself
 * (used as the AWS endpoint, so Restate never calls AWS).
 */
async function startRecorder(
  upstream?: string
): Promise<{ url: string; requests: Recorded[]; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', url: req.url ?? '', body: body.toString('utf8') });
      if (!upstream) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"test endpoint: no AWS here"}');
        return;
      }
      const target = new URL(req.url ?? '/', upstream);
      const headers = { ...req.headers, host: target.host };
      const out = http.request(target, { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      out.end(body);
    });
  });
  return { ...(await listenOnLoopback(server)), requests };
}

const DS = 'restate';
const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

let restate: RestateServer;
let v1: TestService;
let v2: TestService;
let admin: Awaited<ReturnType<typeof startRecorder>>;
let aws: Awaited<ReturnType<typeof startRecorder>>;
let proxy: { url: string; close: () => Promise<void> };
let role: Role = 'Admin';

/** What Restate itself holds (read directly, not through Grafana): the values the browser never sees. */
async function headersInRestate(id: string): Promise<Record<string, string> | undefined> {
  const res = await fetch(`${restate.adminUrl}/deployments/${id}`);
  return (await res.json()).additional_headers;
}

function http1(uri: string, headers: Record<string, string> = {}, opts: Partial<RegisterInput> = {}): RegisterInput {
  return { target: { kind: 'http', uri, useHttp11: false }, headers, force: false, breaking: false, ...opts };
}

/** The JSON bodies of the admin requests recorded since `from` that match method and path. */
function bodiesSent(from: number, method: string, pathPrefix: string): unknown[] {
  return admin.requests
    .slice(from)
    .filter((r) => r.method === method && r.url.startsWith(pathPrefix))
    .map((r) => JSON.parse(r.body));
}

async function expectApiError(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err) => err
  );
  expect(isRestateApiError(e)).toBe(true);
  return e;
}

beforeAll(async () => {
  aws = await startRecorder();
  restate = await startRestate({
    clusterName: 'it-deployments',
    // Lambda calls go to a local recorder, never to AWS: fake static credentials, no instance metadata lookups.
    env: {
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'eu-central-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  [v1, v2] = await Promise.all([
    startTestService(),
    startTestService({ servicePath: path.join(process.cwd(), 'tests', 'fixtures', 'service-v2', 'service.mjs') }),
  ]);
  admin = await startRecorder(restate.adminUrl);
  proxy = await startGrafanaProxy({
    dataSources: [
      {
        uid: DS,
        type: 'restatedev-restate-datasource',
        url: '',
        jsonData: { adminUrl: admin.url, ingressUrl: restate.ingressUrl, clusterName: 'it-deployments' },
        secureJsonData: { token: 'test-token' },
      },
    ],
    role: () => role,
  });
  installBackendSrv(proxy.url);
});

afterAll(async () => {
  await proxy?.close();
  await admin?.close();
  await Promise.all([v1?.stop(), v2?.stop()]);
  await restate?.stop();
  await aws?.close();
});

beforeEach(() => {
  role = 'Admin';
});

describe("deployments through the data source's backend resources", () => {
  let v1Id = '';

  it('previews an HTTP deployment with headers without registering it', async () => {
    const from = admin.requests.length;
    const preview = await registerDeployment(DS, http1(v1.url, { 'x-api-key': 'abc' }), { dryRun: true });
    expect(bodiesSent(from, 'POST', '/deployments')).toEqual([
      {
        uri: v1.url,
        use_http_11: false,
        additional_headers: { 'x-api-key': 'abc' },
        force: false,
        breaking: false,
        dry_run: true,
      },
    ]);
    const changes = diffServices(preview.services, await listServices(DS));
    expect(changes.map((c) => [c.name, c.isNew])).toEqual([
      ['counter', true],
      ['greeter', true],
      ['signup', true],
    ]);
    expect(await listDeployments(DS)).toEqual([]);
  });

  it('registers it, lists it with header names, and registering again is idempotent', async () => {
    const first = await registerDeployment(DS, http1(v1.url, { 'x-api-key': 'abc' }), { dryRun: false });
    v1Id = first.id;
    const [listed] = await listDeployments(DS);
    expect(listed.id).toBe(v1Id);
    expect(endpointOf(listed)).toMatchObject({ kind: 'http', uri: `${v1.url}/`, httpVersion: 'HTTP/2.0' });
    expect(headerNames(listed)).toEqual(['x-api-key']);
    expect(listed.sdk_version).toMatch(/^restate-sdk-typescript\//);

    const again = await registerDeployment(DS, http1(v1.url, { 'x-api-key': 'abc' }), { dryRun: false });
    expect(again.id).toBe(v1Id);
    expect(await listDeployments(DS)).toHaveLength(1);
    const services = await listServices(DS);
    expect(services.find((s) => s.name === 'greeter')).toMatchObject({
      revision: 1,
      deployment_id: v1Id,
      ty: 'Service',
    });
  });

  it('explains a URI Restate cannot reach, naming it and saying Restate must reach it', async () => {
    const port = await freePort();
    const e = await expectApiError(registerDeployment(DS, http1(`http://127.0.0.1:${port}`), { dryRun: true }));
    expect(e.restateCode).toBe('META0003');
    const ex = explainError(e, 'preview');
    expect(ex.title).toBe(`Restate could not reach http://127.0.0.1:${port}/`);
    expect(ex.detail).toMatch(/connection refused/);
    expect(ex.detail).toMatch(/not your browser/);
  });

  it('rejects a malformed URI before sending, and explains Restate’s 422 when one gets through', async () => {
    expect(validateUri('not a uri')).toMatch(/spaces/);
    const e = await expectApiError(registerDeployment(DS, http1('not a uri'), { dryRun: true }));
    expect(e.status).toBe(422);
    expect(explainError(e, 'preview').title).toBe('Restate did not accept the deployment address');
  });

  it('refuses a breaking change with META0006 and previews it with the breaking option', async () => {
    const e = await expectApiError(registerDeployment(DS, http1(v2.url), { dryRun: true }));
    expect(e.status).toBe(409);
    const ex = explainError(e, 'preview');
    expect(ex.title).toBe('Breaking change in service “greeter”');
    expect(ex.hint).toMatch(/Allow breaking changes/);

    const preview = await registerDeployment(DS, http1(v2.url, {}, { breaking: true }), { dryRun: true });
    const changes = diffServices(preview.services, await listServices(DS));
    expect(changes.find((c) => c.name === 'greeter')).toMatchObject({
      typeChangedFrom: 'Service',
      type: 'VirtualObject',
      currentRevision: 1,
      revision: 2,
      removedHandlers: ['busy', 'fail', 'fanout', 'flaky', 'slow', 'welcome'],
    });
    expect(changes.find((c) => c.name === 'counter')).toMatchObject({ removedHandlers: ['slowAdd'], revision: 2 });
    expect(await listDeployments(DS)).toHaveLength(1);
  });

  it('rotates extra headers in place: preview first, then apply; the service receives the new key', async () => {
    const v2Reg = await registerDeployment(DS, http1(v2.url, { 'x-api-key': 'old-key' }, { breaking: true }), {
      dryRun: false,
    });
    expect(v2.output()).toContain(`x-api-key sha256:${sha('old-key')}`);

    // The backend never hands a header value to the browser, not even the one just sent: names only.
    const preview = await updateDeployment(DS, v2Reg.id, { headers: { 'x-api-key': 'new-key' } }, { dryRun: true });
    expect(preview.additional_headers).toEqual({ 'x-api-key': '' });
    expect((await getDeployment(DS, v2Reg.id)).additional_headers).toEqual({ 'x-api-key': '' });
    expect(await headersInRestate(v2Reg.id)).toEqual({ 'x-api-key': 'old-key' });

    const updated = await updateDeployment(DS, v2Reg.id, { headers: { 'x-api-key': 'new-key' } }, { dryRun: false });
    expect(updated.id).toBe(v2Reg.id);
    expect(updated.additional_headers).toEqual({ 'x-api-key': '' });
    expect(await headersInRestate(v2Reg.id)).toEqual({ 'x-api-key': 'new-key' });
    expect(v2.output()).toContain(`x-api-key sha256:${sha('new-key')}`);

    // Moving it to an address nobody listens on is refused and explained; the deployment stays as it was.
    const port = await freePort();
    const e = await expectApiError(
      updateDeployment(
        DS,
        v2Reg.id,
        { target: { kind: 'http', uri: `http://127.0.0.1:${port}`, useHttp11: false } },
        { dryRun: true }
      )
    );
    expect(explainError(e, 'update').title).toBe(`Restate could not reach http://127.0.0.1:${port}/`);
    expect(endpointOf(await getDeployment(DS, v2Reg.id))).toMatchObject({ uri: `${v2.url}/` });
  });

  it('counts invocations pinned to a deployment and tells latest from superseded', async () => {
    // The signup workflow (only on v1) waits on a durable promise, so the invocation stays unfinished and
    // pinned to v1.
    const res = await fetch(`${restate.ingressUrl}/signup/pinned-1/run/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com' }),
    });
    expect(res.status).toBeLessThan(300);
    let pinned = new Map<string, number>();
    for (let i = 0; i < 100 && !pinned.get(v1Id); i++) {
      await sleep(100);
      pinned = await pinnedInvocationCounts(DS);
    }
    expect(pinned.get(v1Id)).toBe(1);
    expect((await pinnedInvocationCounts(DS, v1Id)).get(v1Id)).toBe(1);

    const services = await listServices(DS);
    const deployments = await listDeployments(DS);
    const v1Uses = serviceRevisionUse(
      deployments.find((d) => d.id === v1Id)!,
      services
    );
    expect(v1Uses.find((u) => u.name === 'greeter')).toMatchObject({ latest: false, revision: 1, latestRevision: 2 });
    expect(v1Uses.find((u) => u.name === 'signup')).toMatchObject({ latest: true });
  });

  it('edits service settings as an Editor, with durations validated the way Restate parses them', async () => {
    role = 'Editor';
    const updated = await modifyService(DS, 'signup', {
      public: false,
      journal_retention: '3h',
      idempotency_retention: '1h 30m',
      workflow_completion_retention: 'P2D',
      inactivity_timeout: '90s',
      abort_timeout: '5 minutes',
    });
    expect(updated).toMatchObject({
      public: false,
      journal_retention: '3h',
      idempotency_retention: '1h 30m',
      workflow_completion_retention: '2d',
      inactivity_timeout: '1m 30s',
      abort_timeout: '5m',
    });
    expect((await getService(DS, 'signup')).public).toBe(false);
    const handlers = await listHandlers(DS, 'signup');
    expect(handlers.map((h) => h.name).sort()).toEqual(['approve', 'run', 'status']);

    // The client-side check agrees with Restate on each of these.
    for (const d of [
      '1h',
      'PT1H30M',
      '2 weeks',
      '1.5h',
      '0',
      'banana',
      '-1h',
      '1mo',
      '30m 1h',
      '1H',
      '1,5h',
      '1h,30m',
      '10',
    ]) {
      const ours = validateDuration(d) === undefined;
      const theirs = await modifyService(DS, 'counter', { abort_timeout: d }).then(
        () => true,
        (e) => {
          expect(e.status).toBe(422);
          return false;
        }
      );
      expect([d, ours]).toEqual([d, theirs]);
    }
    const e = await expectApiError(modifyService(DS, 'counter', { journal_retention: 'banana' }));
    const ex = explainError(e, 'service-settings');
    expect(ex.title).toBe('Restate rejected the value of “journal_retention”');
    expect(ex.hint).toMatch(/1h 30m/);
  });

  it('lets each role do only what its proxy route allows', async () => {
    role = 'Viewer';
    expect((await listDeployments(DS)).length).toBe(2);
    expect((await listServices(DS)).length).toBe(3);
    const viewerPatch = await expectApiError(modifyService(DS, 'counter', { public: true }));
    expect(viewerPatch.kind).toBe('denied');
    expect(explainError(viewerPatch, 'service-settings').title).toBe('Your role does not allow this');
    const viewerRegister = await expectApiError(registerDeployment(DS, http1(v1.url), { dryRun: true }));
    expect(viewerRegister.kind).toBe('denied');

    role = 'Editor';
    const from = admin.requests.length;
    expect((await expectApiError(registerDeployment(DS, http1(v1.url), { dryRun: true }))).kind).toBe('denied');
    expect((await expectApiError(updateDeployment(DS, v1Id, { headers: {} }, { dryRun: true }))).kind).toBe('denied');
    expect((await expectApiError(removeDeployment(DS, v1Id))).kind).toBe('denied');
    // Denied requests never reach Restate.
    expect(admin.requests.slice(from)).toEqual([]);
    await expect(modifyService(DS, 'counter', { public: true })).resolves.toMatchObject({ public: true });
  });

  it('validates Lambda ARNs and sends Restate the exact Lambda body; the AWS failure is explained', async () => {
    expect(validateLambdaArn('arn:aws:lambda:eu-central-1:123456789012:function:greeter')).toMatch(/version or alias/);
    // What validation prevents, Restate refuses too.
    const unqualified = await expectApiError(
      registerDeployment(
        DS,
        {
          target: { kind: 'lambda', arn: 'arn:aws:lambda:eu-central-1:123456789012:function:greeter' },
          headers: {},
          force: false,
          breaking: false,
        },
        { dryRun: true }
      )
    );
    expect(explainError(unqualified, 'preview').title).toBe('Restate rejected the field “arn”');

    const arn = 'arn:aws:lambda:eu-central-1:123456789012:function:greeter:live';
    const role = 'arn:aws:iam::123456789012:role/restate-invoker';
    expect(validateLambdaArn(arn)).toBeUndefined();
    const from = admin.requests.length;
    const awsFrom = aws.requests.length;
    const e = await expectApiError(
      registerDeployment(
        DS,
        {
          target: { kind: 'lambda', arn, assumeRoleArn: role },
          headers: { 'x-api-key': 'k' },
          force: false,
          breaking: false,
        },
        { dryRun: true }
      )
    );
    expect(bodiesSent(from, 'POST', '/deployments')).toEqual([
      {
        arn,
        assume_role_arn: role,
        additional_headers: { 'x-api-key': 'k' },
        force: false,
        breaking: false,
        dry_run: true,
      },
    ]);
    expect(e.restateCode).toBe('META0003');
    const ex = explainError(e, 'preview');
    expect(ex.title).toBe(`Restate could not reach ${arn}`);
    expect(ex.detail).toMatch(/Lambda function with its AWS credentials/);
    expect(ex.hint).toMatch(/trust policy/);
    // Restate went to the local stand-in for AWS, never to AWS itself: first STS, to assume the role.
    const assume = new URLSearchParams(aws.requests[awsFrom].body);
    expect([assume.get('Action'), assume.get('RoleArn')]).toEqual(['AssumeRole', role]);

    // Without a role it invokes the function (qualifier included) with its own credentials.
    const invokeFrom = aws.requests.length;
    await expectApiError(
      registerDeployment(
        DS,
        { target: { kind: 'lambda', arn }, headers: {}, force: false, breaking: false },
        { dryRun: true }
      )
    );
    expect(aws.requests[invokeFrom]).toMatchObject({
      method: 'POST',
      url: expect.stringMatching(/^\/2015-03-31\/functions\/.*greeter.*\/invocations/),
    });
  });

  it('removes a deployment: 501 without force, forced removal with and without pinned invocations', async () => {
    const noForce = await expectApiError(resourceFetch(DS, `deployments/${v1Id}`, { method: 'DELETE' }));
    expect(noForce.status).toBe(501);
    expect(explainError(noForce, 'remove').title).toBe('Restate only supports forced removal');

    const v2Id = (await listDeployments(DS)).find((d) => d.id !== v1Id)!.id;
    expect((await pinnedInvocationCounts(DS, v2Id)).get(v2Id) ?? 0).toBe(0);
    const from = admin.requests.length;
    await removeDeployment(DS, v2Id);
    expect(admin.requests.slice(from).map((r) => `${r.method} ${r.url}`)).toEqual([
      `DELETE /deployments/${v2Id}?force=true`,
    ]);

    expect((await pinnedInvocationCounts(DS, v1Id)).get(v1Id)).toBe(1);
    await removeDeployment(DS, v1Id);
    expect((await listDeployments(DS)).map((d) => d.id)).toEqual([]);
    const gone = await expectApiError(getDeployment(DS, v1Id));
    expect(explainError(gone, 'update').title).toBe('The deployment does not exist');
  });
});
