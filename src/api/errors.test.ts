import { isRestateApiError, parseRetryAfter, RestateApiError, toRestateApiError } from './errors';
import {
  badJson,
  breakingChange,
  deleteWithoutForce,
  deploymentUnreachable,
  missingUri,
  sqlError,
  unknownService,
} from './__fixtures__/restateResponses';
import {
  fetchError,
  proxyAuthFailed,
  proxyBadGateway,
  proxyGatewayTimeout,
  proxyRouteDenied,
} from '../test/grafanaFetch';

const req = { method: 'GET', path: 'admin/version' };
const fromRecorded = (rec: Parameters<typeof fetchError>[0], retryAfter?: string) => {
  const e = fetchError(rec);
  return toRestateApiError({ status: e.status, statusText: e.statusText, data: e.data, retryAfter }, req);
};

describe('toRestateApiError, from recorded Restate answers as Grafana delivers them', () => {
  it('JSON error with a Restate code: kind restate, message and code kept', () => {
    const e = fromRecorded(breakingChange);
    expect(e).toBeInstanceOf(RestateApiError);
    expect(e).toMatchObject({ kind: 'restate', status: 409, restateCode: 'META0006', request: req });
    expect(e.message).toMatch(/changing the service type/);
  });

  it("Restate's 500 META0003 (it could not reach a deployment) is Restate's error, not an unreachable Restate", () => {
    expect(fromRecorded(deploymentUnreachable)).toMatchObject({
      kind: 'restate',
      status: 500,
      restateCode: 'META0003',
    });
  });

  it('text/plain 400 and 422 bodies become the message', () => {
    expect(fromRecorded(badJson)).toMatchObject({ kind: 'restate', status: 400, message: badJson.body });
    expect(fromRecorded(missingUri)).toMatchObject({ kind: 'restate', status: 422, message: missingUri.body });
  });

  it('an empty body falls back to the status text; `restate_code: null` gives no code', () => {
    expect(fromRecorded(deleteWithoutForce)).toMatchObject({
      kind: 'restate',
      status: 501,
      message: 'Not Implemented',
    });
    // Without Grafana's wrapping, an empty text body still yields a message.
    expect(toRestateApiError({ status: 501, statusText: 'Not Implemented', data: '' }).message).toBe(
      '501 Not Implemented'
    );
    const unknown = fromRecorded(unknownService);
    expect(unknown).toMatchObject({
      kind: 'restate',
      status: 404,
      message: "The requested service 'nope' does not exist",
    });
    expect(unknown.restateCode).toBeUndefined();
    expect(fromRecorded(sqlError).message).toMatch(/^Datafusion error: .*Error parsing timestamp from 'garbage'/s);
  });
});

describe("toRestateApiError, from Grafana's data source proxy", () => {
  it('400 "Authentication to data source failed" (an upstream 401) is a rejected token', () => {
    const e = fromRecorded(proxyAuthFailed);
    expect(e).toMatchObject({ kind: 'auth', status: 400 });
    expect(e.message).toMatch(/rejected the bearer token \(401\)/);
  });

  it('a 400 with another message stays a Restate error', () => {
    expect(fromRecorded({ ...proxyAuthFailed, body: 'Bad request body' })).toMatchObject({ kind: 'restate' });
  });

  it('403 "plugin proxy route access denied" is a role problem, any other 401/403 a token problem', () => {
    const denied = fromRecorded(proxyRouteDenied);
    expect(denied).toMatchObject({ kind: 'denied', status: 403 });
    expect(denied.message).toMatch(/for your role/);
    // Restate Cloud refusing a token: 403 from upstream passes the proxy unchanged.
    const cloud = fromRecorded({ status: 403, statusText: 'Forbidden', body: 'forbidden' });
    expect(cloud).toMatchObject({ kind: 'auth', status: 403 });
    expect(cloud.message).toMatch(/Restate said: forbidden/);
  });

  it('502 and 504 with empty bodies: Grafana could not reach Restate', () => {
    const bad = fromRecorded(proxyBadGateway);
    expect(bad).toMatchObject({ kind: 'unreachable', status: 502 });
    expect(bad.message).toMatch(/from the Grafana server/);
    expect(fromRecorded(proxyGatewayTimeout)).toMatchObject({ kind: 'unreachable', status: 504 });
    expect(fromRecorded(proxyGatewayTimeout).message).toMatch(/timed out/);
  });

  it('429 carries Retry-After in seconds when known', () => {
    const e = fromRecorded({ status: 429, statusText: 'Too Many Requests', body: '' }, '7');
    expect(e).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 7 });
    expect(e.message).toMatch(/retry in 7s/);
    expect(fromRecorded({ status: 429, statusText: 'Too Many Requests', body: '' }).retryAfterSeconds).toBeUndefined();
  });

  it('429 from the backend: the wait it read from Retry-After is in the body (the browser gets no headers)', () => {
    // pkg/plugin/resources.go: {message, retryAfterSeconds}; pkg/plugin/query.go: "… retry after N s."
    const resource = fromRecorded({
      status: 429,
      statusText: 'Too Many Requests',
      contentType: 'application/json',
      body: JSON.stringify({ message: 'Restate is rate-limiting: retry after 17 s.', retryAfterSeconds: 17 }),
    });
    expect(resource).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 17 });
    expect(resource.message).toMatch(/retry in 17s/);
    const text = fromRecorded({
      status: 429,
      statusText: 'Too Many Requests',
      contentType: 'application/json',
      body: JSON.stringify({ message: 'Restate is rate-limiting: retry after 5 s.' }),
    });
    expect(text.retryAfterSeconds).toBe(5);
    // A header that did reach the plugin wins; words without a number give none.
    expect(
      fromRecorded(
        { status: 429, statusText: 'Too Many Requests', contentType: 'application/json', body: '{"retryAfterSeconds":9}' },
        '3'
      ).retryAfterSeconds
    ).toBe(3);
    expect(
      fromRecorded({
        status: 429,
        statusText: 'Too Many Requests',
        contentType: 'application/json',
        body: JSON.stringify({ message: 'Restate is rate-limiting: retry in a minute.' }),
      }).retryAfterSeconds
    ).toBeUndefined();
  });

  it('status 0: the browser could not reach Grafana', () => {
    expect(toRestateApiError({ status: 0, data: 'Failed to fetch' })).toMatchObject({
      kind: 'network',
      message: 'Failed to fetch',
    });
    expect(toRestateApiError({ status: 0 }).message).toBe('Grafana could not be reached.');
  });

  it('status -1 is Grafana cancelling a request a newer one replaced, flagged so callers can drop it', () => {
    // BackendSrv handleStreamCancellation's error: {type: 'cancelled', cancelled: true, data: null, status: -1}
    const e = toRestateApiError({ status: -1, statusText: 'Request was aborted', data: null });
    expect(e).toMatchObject({ kind: 'network', status: -1, cancelled: true });
    expect(fromRecorded(badJson).cancelled).toBe(false);
  });

  it('isRestateApiError tells our errors from others', () => {
    expect(isRestateApiError(fromRecorded(badJson))).toBe(true);
    expect(isRestateApiError(new Error('x'))).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-11-22T23:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Sun, 22 Nov 2026 23:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sun, 22 Nov 2026 22:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
