import type { BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { type Observable, of, throwError } from 'rxjs';
import type { RecordedResponse } from '../api/__fixtures__/restateResponses';

/*
 * What Grafana's BackendSrv.fetch delivers for a response, re-stated for unit tests that replace
 * getBackendSrv() (grafana/grafana public/app/core/utils/fetch.ts `parseResponseBody`: JSON only for a
 * content-type of exactly application/json, else text parsed as JSON when it parses;
 * public/app/core/services/backend_srv.ts `processRequestError`: a text body becomes
 * {message, error: statusText, response}, and an empty message takes the statusText).
 */

function parsedBody(rec: Pick<RecordedResponse, 'contentType' | 'body'>): unknown {
  if (typeof rec.body !== 'string') {
    return rec.body;
  }
  try {
    return JSON.parse(rec.body);
  } catch {
    return rec.body;
  }
}

export function fetchResponse<T>(rec: Omit<RecordedResponse, 'request'> & { request?: string }): FetchResponse<T> {
  return {
    data: parsedBody(rec) as T,
    status: rec.status,
    statusText: rec.statusText,
    ok: true,
    headers: new Headers(rec.contentType ? { 'content-type': rec.contentType } : {}),
    redirected: false,
    type: 'basic',
    url: '',
    config: { url: '' },
  };
}

export function fetchError(rec: Pick<RecordedResponse, 'status' | 'statusText' | 'contentType' | 'body'>): FetchError {
  let data = parsedBody(rec) as FetchError['data'];
  data = data ?? { message: 'Unexpected error' };
  if (typeof data === 'string') {
    data = { message: data, error: rec.statusText, response: data };
  }
  if (data && !data.message && typeof data.error === 'string') {
    data.message = data.error;
  }
  return { status: rec.status, statusText: rec.statusText, data, config: { url: '' } };
}

/*
 * Grafana's data source proxy answers, re-stated from grafana/grafana pkg/api/pluginproxy/ds_proxy.go:
 * `HandleRequest` modifyResponse turns an upstream 401 into 400 "Authentication to data source failed" (text);
 * `validateRequest` failing → 403 JsonApiErr {"message": "plugin proxy route access denied"};
 * pkg/util/proxyutil/reverse_proxy.go `errorHandler`: transport error → 502, timeout → 504, empty bodies.
 */
export const proxyAuthFailed = {
  status: 400,
  statusText: 'Bad Request',
  contentType: 'text/plain',
  body: 'Authentication to data source failed',
};
export const proxyRouteDenied = {
  status: 403,
  statusText: 'Forbidden',
  contentType: 'application/json',
  body: { message: 'plugin proxy route access denied' },
};
export const proxyBadGateway = { status: 502, statusText: 'Bad Gateway', body: '' };
export const proxyGatewayTimeout = { status: 504, statusText: 'Gateway Timeout', body: '' };

/** A successful answer of Grafana's own API (JSON), as BackendSrv.fetch delivers it. */
export function grafanaOk<T>(data: T, status = 200): FetchResponse<T> {
  return { ...fetchResponse<T>({ status, statusText: 'OK', contentType: 'application/json', body: '' }), data };
}

/** Grafana's own API refusing with its JSON `{message}` (an empty message: an empty body), as BackendSrv throws it. */
export function grafanaFailure(status: number, message: string): FetchError {
  return { status, statusText: message, data: (message ? { message } : '') as FetchError['data'], config: { url: '' } };
}

/** A `getBackendSrv().fetch` over a handler that answers or throws (a FetchError), recording every request. */
export function fetchFrom(
  handle: (req: BackendSrvRequest) => FetchResponse<unknown>,
  requests: BackendSrvRequest[]
): <T>(req: BackendSrvRequest) => Observable<FetchResponse<T>> {
  return <T>(req: BackendSrvRequest) => {
    requests.push(JSON.parse(JSON.stringify(req)));
    try {
      return of(handle(req) as FetchResponse<T>);
    } catch (e) {
      return throwError(() => e);
    }
  };
}
