import greeterOpenApi from './__fixtures__/openapi/greeter.json';
import counterOpenApi from './__fixtures__/openapi/counter.json';
import { handlerRequests } from '../model/invokeForm';
import { installFakeBackend } from '../test/backendSrv';
import { explainInvokeError, getHandlerRequests, invokeHandler } from './invoke';
import { RestateApiError } from './errors';

const UID = 'restate-dev';
const proxy = (p: string) => `/api/datasources/proxy/uid/${UID}/${p}`;

describe('invokeHandler', () => {
  it('calls through the ingress route with the body as typed, the idempotency key and extra headers, and reads x-restate-id', async () => {
    const backend = installFakeBackend((req) =>
      req.url === proxy('ingress/counter/k%201/add')
        ? { data: 7, headers: { 'x-restate-id': 'inv_1abc', 'content-type': 'application/json' } }
        : undefined
    );
    const r = await invokeHandler(UID, {
      service: 'counter',
      handler: 'add',
      key: 'k 1',
      body: '2',
      send: false,
      idempotencyKey: 'once',
      headers: { 'x-tenant': 'acme' },
    });
    expect(r).toEqual({
      mode: 'call',
      status: 200,
      invocationId: 'inv_1abc',
      output: 7,
      contentType: 'application/json',
    });
    const [req] = backend.requests;
    expect(req).toMatchObject({
      method: 'POST',
      data: '2',
      headers: { 'Content-Type': 'application/json', 'idempotency-key': 'once', 'x-tenant': 'acme' },
    });
    expect(req.params).toBeUndefined();
  });

  it('sends with a delay and returns the new invocation', async () => {
    const backend = installFakeBackend((req) =>
      req.url === proxy('ingress/greeter/greet/send')
        ? { status: 202, data: { invocationId: 'inv_1xyz', status: 'Accepted', executionTime: '2026-01-01T00:00:10Z' } }
        : undefined
    );
    await expect(
      invokeHandler(UID, { service: 'greeter', handler: 'greet', send: true, delay: '10s' })
    ).resolves.toEqual({
      mode: 'send',
      status: 202,
      invocationId: 'inv_1xyz',
      sendStatus: 'Accepted',
      executionTime: '2026-01-01T00:00:10Z',
    });
    expect(backend.requests[0]).toMatchObject({ params: { delay: '10s' }, data: undefined });
    expect(backend.requests[0].headers).toEqual({});
  });

  it('explains a rate limit: through the proxy its Retry-After is not seen, so no wait is promised', async () => {
    installFakeBackend(() => ({
      status: 429,
      data: { message: 'too many requests' },
      headers: { 'Retry-After': '30' },
    }));
    const e = await invokeHandler(UID, { service: 'greeter', handler: 'greet', send: false }).catch((x) => x);
    expect(e).toBeInstanceOf(RestateApiError);
    expect(explainInvokeError(e)).toMatchObject({
      title: 'Rate limited',
      hint: 'Try again in a few seconds; the limit resets by itself.',
    });
    expect(explainInvokeError(e).detail).toMatch(/Nothing was invoked/);
  });

  it('explains the ingress errors and a handler failure in words', async () => {
    installFakeBackend(() => ({
      status: 404,
      data: {
        code: 404,
        message: "the service 'greeter' exists, but the handler 'nope' was not found",
        source: 'ingress',
      },
    }));
    const nf = await invokeHandler(UID, { service: 'greeter', handler: 'nope', send: false }).catch((x) => x);
    expect(explainInvokeError(nf)).toMatchObject({ title: 'Restate does not know this handler' });
    expect(explainInvokeError(nf).detail).toMatch(/handler 'nope' was not found/);

    installFakeBackend(() => ({
      status: 418,
      data: { code: 418, message: 'this always fails', source: 'invocation' },
    }));
    const failed = await invokeHandler(UID, { service: 'greeter', handler: 'fail', send: false }).catch((x) => x);
    expect(explainInvokeError(failed)).toMatchObject({
      title: 'The handler failed (418)',
      detail: 'this always fails',
    });

    installFakeBackend(() => ({ status: 403, data: { message: 'plugin proxy route access denied' } }));
    const denied = await invokeHandler(UID, { service: 'greeter', handler: 'greet', send: false }).catch((x) => x);
    expect(explainInvokeError(denied)).toMatchObject({
      title: 'Your role does not allow invoking handlers',
      hint: 'Invoking needs the Editor role.',
    });
  });
});

describe('getHandlerRequests', () => {
  it('reads the service OpenAPI document through the admin read route', async () => {
    const backend = installFakeBackend((req) =>
      req.url === proxy('admin/services/greeter/openapi') ? { data: greeterOpenApi } : undefined
    );
    const reqs = await getHandlerRequests(UID, 'greeter');
    expect(reqs.find((r) => r.handler === 'welcome')?.schema?.required).toEqual(['name']);
    expect(backend.requests[0].method).toBe('GET');
  });
});

// Both documents were recorded from restate-server 1.7.12 with the SDK test service (tests/fixtures/service).
describe('handlerRequests (GET /services/{service}/openapi)', () => {
  it('finds one request per handler, with the declared JSON schema resolved', () => {
    const reqs = handlerRequests(greeterOpenApi);
    expect(reqs.map((r) => r.handler)).toEqual(['busy', 'fail', 'flaky', 'greet', 'slow', 'welcome']);
    const welcome = reqs.find((r) => r.handler === 'welcome')!;
    expect(welcome.schema).toEqual({
      type: 'object',
      properties: {
        formal: { type: 'boolean' },
        name: { type: 'string', description: 'Who to welcome' },
        times: { type: 'integer', description: 'How many times (1 by default)' },
      },
      required: ['name'],
    });
    expect(welcome).toMatchObject({ contentType: 'application/json', bodyRequired: false, noInput: false });
    // Restate's generic "Call … and wait for response" is no documentation.
    expect(welcome.documentation).toBeUndefined();
    expect(reqs.find((r) => r.handler === 'greet')!.schema).toBeUndefined();
  });

  it('reads virtual object handlers too, and survives an empty or odd document', () => {
    expect(handlerRequests(counterOpenApi).map((r) => r.handler)).toEqual(['add', 'get', 'slowAdd']);
    expect(handlerRequests(undefined)).toEqual([]);
    expect(handlerRequests({ paths: { '/x': { get: { operationId: 'x' } } } })).toEqual([]);
    // a reference cycle is cut
    const cyclic = {
      paths: {
        '/restate/call/s/h': {
          post: {
            operationId: 'h',
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } },
          },
        },
      },
      components: { schemas: { A: { type: 'object', properties: { a: { $ref: '#/components/schemas/A' } } } } },
    };
    expect(handlerRequests(cyclic)[0].schema).toEqual({ type: 'object', properties: { a: {} } });
  });
});
