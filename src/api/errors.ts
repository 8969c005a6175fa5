/**
 * Every failure of a call to Restate, as one typed error the UI can explain.
 *
 * Where it comes from decides what the user must fix, so `kind` says it:
 * - `restate`: Restate answered with an error (JSON `{message, restate_code}` or a text/plain body);
 * - `auth`: Restate refused the token. Grafana's data source proxy turns an upstream 401 into
 *   400 "Authentication to data source failed" (pkg/api/pluginproxy/ds_proxy.go, HandleRequest, modifyResponse);
 * - `denied`: Grafana's proxy refused the route for the user's role (ds_proxy.go, validateRequest → 403
 *   "plugin proxy route access denied"), or the plugin's backend refused a call for it (403 "... needs the
 *   Admin role", "... needs at least the Editor role");
 * - `unreachable`: Grafana could not reach Restate (502/504 from the proxy's error handler);
 * - `rate-limited`: 429, with `retryAfterSeconds` when known;
 * - `network`: the browser could not reach Grafana at all.
 */
export type RestateErrorKind = 'restate' | 'auth' | 'denied' | 'unreachable' | 'rate-limited' | 'network';

export class RestateApiError extends Error {
  readonly kind: RestateErrorKind;
  readonly status: number;
  /** Restate's error code, e.g. META0003 (unreachable deployment), META0006 (breaking change). */
  readonly restateCode?: string;
  readonly retryAfterSeconds?: number;
  /**
   * Grafana cancelled the request because a newer one with the same requestId replaced it (BackendSrv
   * status -1). Nothing failed: callers drop it instead of showing it.
   */
  readonly cancelled: boolean;
  /** The request that failed, without headers (never the token). */
  readonly request?: { method: string; path: string };

  constructor(init: {
    kind: RestateErrorKind;
    status: number;
    message: string;
    restateCode?: string;
    retryAfterSeconds?: number;
    request?: { method: string; path: string };
    cancelled?: boolean;
  }) {
    super(init.message);
    this.name = 'RestateApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.restateCode = init.restateCode;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.request = init.request;
    this.cancelled = init.cancelled ?? false;
  }
}

export function isRestateApiError(e: unknown): e is RestateApiError {
  return e instanceof RestateApiError;
}

const PROXY_AUTH_FAILED = 'Authentication to data source failed';

/** Parses a Retry-After header value (seconds or an HTTP date) into seconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * A 429's wait when no header reached the browser (Grafana's FetchError carries no response headers): the
 * backend repeats Retry-After as `retryAfterSeconds` in a resource's JSON body, and says "retry after N s"
 * in an SQL query's error (pkg/plugin/errors.go rateLimitText).
 */
export function retryAfterFromBody(data: unknown): number | undefined {
  if (data && typeof data === 'object') {
    const n = (data as Record<string, unknown>).retryAfterSeconds;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) {
      return n;
    }
  }
  const text =
    typeof data === 'string'
      ? data
      : data && typeof data === 'object' && typeof (data as Record<string, unknown>).message === 'string'
        ? ((data as Record<string, unknown>).message as string)
        : '';
  const m = /retry after (\d+) s\b/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

function messageOf(data: unknown): { message?: string; restateCode?: string } {
  if (typeof data === 'string') {
    return { message: data.trim() || undefined };
  }
  if (data && typeof data === 'object') {
    const d = data as Record<string, unknown>;
    // Grafana's BackendSrv wraps a text body as {message, error: statusText, response}; an empty one leaves ''.
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    const message = text(d.message) ?? text(d.error);
    const restateCode = typeof d.restate_code === 'string' ? d.restate_code : undefined;
    return { message, restateCode };
  }
  return {};
}

/**
 * Turns a failed response (status + parsed body as Grafana's BackendSrv gives it: JSON object or text)
 * into a RestateApiError.
 */
export function toRestateApiError(
  res: { status: number; statusText?: string; data?: unknown; retryAfter?: string | null },
  request?: { method: string; path: string }
): RestateApiError {
  const { status } = res;
  const { message, restateCode } = messageOf(res.data);
  const base = { status, request, restateCode };

  // BackendSrv's cancellation (public/app/core/services/backend_srv.ts, handleStreamCancellation): status -1.
  if (status === -1) {
    return new RestateApiError({
      ...base,
      kind: 'network',
      cancelled: true,
      message: 'Cancelled: a newer request replaced this one.',
    });
  }
  if (status === 0 || status === undefined) {
    return new RestateApiError({
      ...base,
      status: 0,
      kind: 'network',
      message: message ?? 'Grafana could not be reached.',
    });
  }
  if (status === 400 && message === PROXY_AUTH_FAILED) {
    return new RestateApiError({
      ...base,
      kind: 'auth',
      message: 'Restate rejected the bearer token (401). Check the token in the data source settings.',
    });
  }
  // Grafana's proxy (ds_proxy.go validateRequest), or the plugin's backend checking a write's role.
  if (
    status === 403 &&
    /route access denied|not a valid target|needs? (at least )?the (viewer|editor|admin) role/i.test(message ?? '')
  ) {
    return new RestateApiError({
      ...base,
      kind: 'denied',
      message: `Grafana refused this request for your role (${message}). Ask a Grafana admin for a higher role.`,
    });
  }
  if (status === 401 || status === 403) {
    return new RestateApiError({
      ...base,
      kind: 'auth',
      message: `Restate rejected the bearer token (${status}). Check the token in the data source settings.${message ? ` Restate said: ${message}` : ''}`,
    });
  }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(res.retryAfter ?? undefined) ?? retryAfterFromBody(res.data);
    return new RestateApiError({
      ...base,
      kind: 'rate-limited',
      retryAfterSeconds,
      message: `Restate is rate-limiting requests${retryAfterSeconds !== undefined ? `; retry in ${retryAfterSeconds}s` : ''}.`,
    });
  }
  if ((status === 502 || status === 504) && restateCode === undefined) {
    return new RestateApiError({
      ...base,
      kind: 'unreachable',
      message:
        status === 504
          ? 'Grafana timed out waiting for Restate. Check that the URL points at a running Restate server reachable from the Grafana server.'
          : 'Grafana could not reach Restate (502 Bad Gateway). Check host, port and scheme, that the server is reachable from the Grafana server (not just your browser), and for https that its certificate is trusted.',
    });
  }
  return new RestateApiError({
    ...base,
    kind: 'restate',
    message: message ?? `${status} ${res.statusText ?? ''}`.trim(),
  });
}
