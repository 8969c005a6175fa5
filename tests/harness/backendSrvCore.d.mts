// Generated from the JSDoc of backendSrvCore.mjs; regenerate with the command in tests/harness/README.md.
/**
 * fetch.ts parseHeaders: POST/PUT/PATCH get content-type application/json unless set; every request gets
 * accept `application/json, text/plain, *\/*` unless set.
 * @param {{ method?: string, headers?: Record<string, unknown> }} options
 */
export function parseHeaders(options: { method?: string; headers?: Record<string, unknown> }): Headers;
/** fetch.ts isContentTypeApplicationJson: exactly application/json (case-insensitive). @param {Headers} headers */
export function isContentTypeApplicationJson(headers: Headers): boolean;
/**
 * fetch.ts parseBody: no data or a string is sent as is; otherwise JSON when content-type is application/json,
 * else form-encoded.
 * @param {{ data?: unknown }} options
 * @param {boolean} isAppJson
 */
export function parseBody(
  options: {
    data?: unknown;
  },
  isAppJson: boolean
): string | URLSearchParams | undefined;
/**
 * fetch.ts parseInitFromOptions.
 * @param {{ method?: string, headers?: Record<string, unknown>, data?: unknown, credentials?: RequestCredentials,
 *           withCredentials?: boolean }} options
 * @returns {RequestInit}
 */
export function parseInitFromOptions(options: {
  method?: string;
  headers?: Record<string, unknown>;
  data?: unknown;
  credentials?: RequestCredentials;
  withCredentials?: boolean;
}): RequestInit;
/** fetch.ts serializeParams. @param {Record<string, unknown>} data */
export function serializeParams(data: Record<string, unknown>): string;
/**
 * fetch.ts parseUrlFromOptions: drops undefined and empty params.
 * @param {{ url: string, params?: Record<string, unknown> }} options
 */
export function parseUrlFromOptions(options: { url: string; params?: Record<string, unknown> }): string;
/**
 * fetch.ts parseResponseBody: by responseType, else text parsed as JSON when it parses.
 * @param {Response} response
 * @param {string | undefined} responseType
 */
export function parseResponseBody(response: Response, responseType: string | undefined): Promise<any>;
/**
 * A BackendSrv whose relative urls (`/api/...`) resolve against `baseUrl` (the harness proxy, or the page origin).
 * @param {string} baseUrl e.g. http://127.0.0.1:41234
 * @param {{ orgId?: number }} [opts]
 */
export function createBackendSrv(
  baseUrl: string,
  {
    orgId,
  }?: {
    orgId?: number;
  }
): {
  /** @param {any} options */
  fetch: (options: any) => Observable<any>;
  /** @param {any} options */
  request: (options: any) => Promise<any>;
  /** @param {any} options */
  datasourceRequest: (options: any) => Promise<any>;
  /** @param {string} url @param {any} [params] @param {string} [requestId] @param {any} [options] */
  get: (url: string, params?: any, requestId?: string, options?: any) => Promise<any>;
  /** @param {string} url @param {any} [data] @param {any} [options] */
  delete: (url: string, data?: any, options?: any) => Promise<any>;
  /** @param {string} url @param {any} [data] @param {any} [options] */
  post: (url: string, data?: any, options?: any) => Promise<any>;
  /** @param {string} url @param {any} [data] @param {any} [options] */
  patch: (url: string, data?: any, options?: any) => Promise<any>;
  /** @param {string} url @param {any} [data] @param {any} [options] */
  put: (url: string, data?: any, options?: any) => Promise<any>;
  /** @param {string} requestId */
  resolveCancelerIfExists: (requestId: string) => void;
  cancelAllInFlightRequests: () => void;
};
import { Observable } from 'rxjs';
