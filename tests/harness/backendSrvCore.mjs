// A re-statement of Grafana's BackendSrv.fetch (without @grafana/runtime, so plain Node scripts can import it;
// tests/harness/backendSrv.mjs adds installBackendSrv), so code in src/api runs unchanged outside Grafana (jest, the
// browser host) against the harness proxy. Uses only fetch, URL and rxjs so it can be bundled for a browser.
// Sources (github.com/grafana/grafana, v12):
// - public/app/core/services/backend_srv.ts: fetch/internalFetch, parseRequestOptions, getFromFetchStream,
//   handleStreamResponse, processRequestError, handleStreamCancellation
// - public/app/core/utils/fetch.ts: parseInitFromOptions, parseHeaders, parseBody, parseResponseBody,
//   serializeParams, parseUrlFromOptions, isContentTypeApplicationJson
// Left out: the fetch queue (concurrency limit), the 401 → loginPing/token rotation retry (the data source proxy
// never answers 401: it rewrites an upstream 401 to 400), alerts and the inspector stream.
import { Observable, Subject, lastValueFrom } from 'rxjs';
import { catchError, filter, map, takeUntil, throwIfEmpty } from 'rxjs/operators';

const CANCEL_ALL_REQUESTS_REQUEST_ID = 'cancel_all_requests_request_id';
const HTTP_REQUEST_CANCELED = -1;

/** @param {string} url */
const isLocalUrl = (url) => !/^https?:\/\//i.test(url);

/**
 * fetch.ts parseHeaders: POST/PUT/PATCH get content-type application/json unless set; every request gets
 * accept `application/json, text/plain, *\/*` unless set.
 * @param {{ method?: string, headers?: Record<string, unknown> }} options
 */
export function parseHeaders(options) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(options.headers ?? {})) {
    if (v !== undefined) {
      headers.set(k, String(v));
    }
  }
  const method = options.method ? options.method.toLowerCase() : '';
  if ((method === 'post' || method === 'put' || method === 'patch') && !headers.get('content-type')) {
    headers.set('content-type', 'application/json');
  }
  if (!headers.get('accept')) {
    headers.set('accept', 'application/json, text/plain, */*');
  }
  return headers;
}

/** fetch.ts isContentTypeApplicationJson: exactly application/json (case-insensitive). @param {Headers} headers */
export function isContentTypeApplicationJson(headers) {
  const contentType = headers.get('content-type');
  return !!contentType && contentType.toLowerCase() === 'application/json';
}

/**
 * fetch.ts parseBody: no data or a string is sent as is; otherwise JSON when content-type is application/json,
 * else form-encoded.
 * @param {{ data?: unknown }} options
 * @param {boolean} isAppJson
 */
export function parseBody(options, isAppJson) {
  if (!options.data || typeof options.data === 'string') {
    return /** @type {string | undefined} */ (options.data);
  }
  return isAppJson
    ? JSON.stringify(options.data)
    : new URLSearchParams(/** @type {Record<string, string>} */ (options.data));
}

/**
 * fetch.ts parseInitFromOptions.
 * @param {{ method?: string, headers?: Record<string, unknown>, data?: unknown, credentials?: RequestCredentials,
 *           withCredentials?: boolean }} options
 * @returns {RequestInit}
 */
export function parseInitFromOptions(options) {
  const headers = parseHeaders(options);
  const body = parseBody(options, isContentTypeApplicationJson(headers));
  const credentials = options.credentials ?? (options.withCredentials ? 'include' : 'same-origin');
  return { method: options.method, headers, body, credentials };
}

/** fetch.ts serializeParams. @param {Record<string, unknown>} data */
export function serializeParams(data) {
  return Object.keys(data)
    .map((key) => {
      const value = data[key];
      if (Array.isArray(value)) {
        return value.map((v) => `${encodeURIComponent(key)}=${encodeURIComponent(v)}`).join('&');
      }
      return `${encodeURIComponent(key)}=${encodeURIComponent(/** @type {string} */ (value))}`;
    })
    .join('&');
}

/**
 * fetch.ts parseUrlFromOptions: drops undefined and empty params.
 * @param {{ url: string, params?: Record<string, unknown> }} options
 */
export function parseUrlFromOptions(options) {
  /** @type {Record<string, unknown>} */
  const clean = {};
  for (const [k, v] of Object.entries(options.params ?? {})) {
    const empty = v === undefined || (v !== null && typeof v === 'object' && 'length' in v && v.length === 0);
    if (!empty && !(typeof v === 'string' && v.length === 0)) {
      clean[k] = v;
    }
  }
  const serialized = serializeParams(clean);
  return options.params && serialized.length ? `${options.url}?${serialized}` : options.url;
}

/**
 * fetch.ts parseResponseBody: by responseType, else text parsed as JSON when it parses.
 * @param {Response} response
 * @param {string | undefined} responseType
 */
export async function parseResponseBody(response, responseType) {
  switch (responseType) {
    case 'arraybuffer':
      return response.arrayBuffer();
    case 'blob':
      return response.blob();
    case 'json':
      // "An empty string is not a valid JSON": Grafana answers {} for Content-Length 0
      if (response.headers.get('Content-Length') === '0') {
        return {};
      }
      return response.json();
    case 'text':
      return response.text();
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * backend_srv.ts processRequestError: `data` always becomes an object with a message.
 * @param {any} err
 */
function processRequestError(err) {
  err.data = err.data ?? { message: 'Unexpected error' };
  if (typeof err.data === 'string') {
    err.data = { message: err.data, error: err.statusText, response: err.data };
  }
  if (err.data && !err.data.message && typeof err.data.error === 'string') {
    err.data.message = err.data.error;
  }
  return err;
}

/**
 * A BackendSrv whose relative urls (`/api/...`) resolve against `baseUrl` (the harness proxy, or the page origin).
 * @param {string} baseUrl e.g. http://127.0.0.1:41234
 * @param {{ orgId?: number }} [opts]
 */
export function createBackendSrv(baseUrl, { orgId = 1 } = {}) {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  /** @type {Subject<string>} */
  const inFlightRequests = new Subject();

  /** parseRequestOptions. @param {any} options */
  const parseRequestOptions = (options) => {
    options = { ...options, headers: { ...(options.headers ?? {}) }, retry: options.retry ?? 0 };
    if (isLocalUrl(options.url)) {
      if (orgId) {
        options.headers['X-Grafana-Org-Id'] = orgId;
      }
      if (options.url.startsWith('/')) {
        options.url = options.url.substring(1);
      }
      // A caller's Authorization goes to the data source as X-DS-Authorization (ds_proxy.go director restores it).
      if (options.headers.Authorization) {
        options.headers['X-DS-Authorization'] = options.headers.Authorization;
        delete options.headers.Authorization;
      }
    }
    return options;
  };

  /**
   * @param {any} options BackendSrvRequest
   * @returns {Observable<any>} FetchResponse stream (one value)
   */
  const fetchObservable = (options) =>
    new Observable((subscriber) => {
      if (options.requestId) {
        inFlightRequests.next(options.requestId);
      }
      const opts = parseRequestOptions(options);
      const url = new URL(parseUrlFromOptions(opts), base).toString();
      const init = parseInitFromOptions(opts);
      const abort = new AbortController();
      const inner = new Observable((obs) => {
        fetch(url, { ...init, signal: abort.signal })
          .then(async (response) => {
            const { status, statusText, ok, headers, type, redirected } = response;
            const responseType = opts.responseType ?? (isContentTypeApplicationJson(headers) ? 'json' : undefined);
            const data = await parseResponseBody(response, responseType);
            obs.next({ status, statusText, ok, data, headers, url: response.url, type, redirected, config: opts });
            obs.complete();
          })
          .catch((e) => obs.error(e));
      }).pipe(
        // handleStreamResponse: a non-ok response becomes a FetchError {status, statusText, data, config}
        map((/** @type {any} */ response) => {
          if (!response.ok) {
            const { status, statusText, data } = response;
            throw { status, statusText, data, config: opts };
          }
          return response;
        }),
        // handleStreamError: every error (a network TypeError too) goes through processRequestError
        catchError((err) => {
          throw processRequestError(err);
        }),
        // handleStreamCancellation: a newer request with the same requestId (or cancel-all) ends this one
        takeUntil(
          inFlightRequests.pipe(
            filter((id) => (opts.requestId && id === opts.requestId) || id === CANCEL_ALL_REQUESTS_REQUEST_ID)
          )
        ),
        throwIfEmpty(() => ({
          type: 'cancelled',
          cancelled: true,
          data: null,
          status: HTTP_REQUEST_CANCELED,
          statusText: 'Request was aborted',
          config: opts,
        }))
      );
      const sub = inner.subscribe(subscriber);
      return () => {
        sub.unsubscribe();
        abort.abort();
      };
    });

  const srv = {
    /** @param {any} options */
    fetch: (options) => fetchObservable(options),
    /** @param {any} options */
    request: (options) => lastValueFrom(fetchObservable(options).pipe(map((r) => r.data))),
    /** @param {any} options */
    datasourceRequest: (options) => lastValueFrom(fetchObservable(options)),
    /** @param {string} url @param {any} [params] @param {string} [requestId] @param {any} [options] */
    get: (url, params, requestId, options) => srv.request({ ...options, method: 'GET', url, params, requestId }),
    /** @param {string} url @param {any} [data] @param {any} [options] */
    delete: (url, data, options) => srv.request({ ...options, method: 'DELETE', url, data }),
    /** @param {string} url @param {any} [data] @param {any} [options] */
    post: (url, data, options) => srv.request({ ...options, method: 'POST', url, data }),
    /** @param {string} url @param {any} [data] @param {any} [options] */
    patch: (url, data, options) => srv.request({ ...options, method: 'PATCH', url, data }),
    /** @param {string} url @param {any} [data] @param {any} [options] */
    put: (url, data, options) => srv.request({ ...options, method: 'PUT', url, data }),
    /** @param {string} requestId */
    resolveCancelerIfExists: (requestId) => inFlightRequests.next(requestId),
    cancelAllInFlightRequests: () => inFlightRequests.next(CANCEL_ALL_REQUESTS_REQUEST_ID),
  };
  return srv;
}
