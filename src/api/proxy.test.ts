import { of, throwError } from 'rxjs';
import type { BackendSrvRequest } from '@grafana/runtime';
import { proxyUrl, restateFetch } from './proxy';
import { RestateApiError } from './errors';
import { version, breakingChange } from './__fixtures__/restateResponses';
import { fetchError, fetchResponse, proxyAuthFailed } from '../test/grafanaFetch';

const fetch = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch }),
}));

beforeEach(() => fetch.mockReset());

describe('proxyUrl', () => {
  it("addresses Grafana's data source proxy by uid, with the route path", () => {
    expect(proxyUrl('abc', 'admin/version')).toBe('/api/datasources/proxy/uid/abc/admin/version');
    expect(proxyUrl('a/b c', '/admin/query')).toBe('/api/datasources/proxy/uid/a%2Fb%20c/admin/query');
  });
});

describe('restateFetch', () => {
  it('GETs through the proxy without a body or content type, and returns the data', async () => {
    fetch.mockReturnValue(of(fetchResponse(version)));
    await expect(restateFetch('ds1', 'admin/version', { requestId: 'r1' })).resolves.toEqual(version.body);
    const sent: BackendSrvRequest = fetch.mock.calls[0][0];
    expect(sent).toMatchObject({
      url: '/api/datasources/proxy/uid/ds1/admin/version',
      method: 'GET',
      requestId: 'r1',
      showErrorAlert: false,
      showSuccessAlert: false,
    });
    expect(sent.data).toBeUndefined();
    expect(sent.headers).toBeUndefined();
  });

  it('sends a body as JSON with the caller headers and params, never an Authorization header', async () => {
    fetch.mockReturnValue(of(fetchResponse({ ...version, body: { rows: [] } })));
    await restateFetch('ds1', 'admin/query', {
      method: 'POST',
      body: { query: 'SELECT 1' },
      headers: { Accept: 'application/json' },
      params: { force: true },
    });
    const sent: BackendSrvRequest = fetch.mock.calls[0][0];
    expect(sent).toMatchObject({ method: 'POST', data: { query: 'SELECT 1' }, params: { force: true } });
    expect(sent.headers).toEqual({ 'Content-Type': 'application/json', Accept: 'application/json' });
  });

  it('maps a FetchError to a RestateApiError with the request (method and path, nothing else)', async () => {
    fetch.mockReturnValue(throwError(() => fetchError(breakingChange)));
    const e = await restateFetch('ds1', 'admin/deployments', { method: 'POST', body: {} }).catch((x) => x);
    expect(e).toBeInstanceOf(RestateApiError);
    expect(e).toMatchObject({
      kind: 'restate',
      status: 409,
      restateCode: 'META0006',
      request: { method: 'POST', path: 'admin/deployments' },
    });

    fetch.mockReturnValue(throwError(() => fetchError(proxyAuthFailed)));
    await expect(restateFetch('ds1', 'admin/version')).rejects.toMatchObject({ kind: 'auth', status: 400 });
  });

  it('maps anything else thrown (no HTTP status) to a network error', async () => {
    fetch.mockReturnValue(throwError(() => new TypeError('Failed to fetch')));
    await expect(restateFetch('ds1', 'admin/health')).rejects.toMatchObject({
      kind: 'network',
      status: 0,
      message: 'Failed to fetch',
    });
  });
});
