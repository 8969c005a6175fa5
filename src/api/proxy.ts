import { getBackendSrv, isFetchError, type FetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { RestateApiError, toRestateApiError } from './errors';

/**
 * The plugin reaches Restate only through Grafana's server, so the bearer token stays there: the data
 * source proxy for calls without secrets (`path` starts with a route prefix of src/datasource/plugin.json:
 * `admin/...` or `ingress/...`), the Go backend's resources for the rest (below) and `/api/ds/query` for
 * SQL (sql.ts).
 */
export function proxyUrl(clusterUid: string, path: string): string {
  return `/api/datasources/proxy/uid/${encodeURIComponent(clusterUid)}/${path.replace(/^\/+/, '')}`;
}

export interface ProxyRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string | number | boolean>;
  /** Grafana cancels an earlier in-flight request with the same id (used by polling and typing). */
  requestId?: string;
}

/**
 * The plugin's Go backend resources (`CallResource`): reads that carry secrets (deployments with their extra
 * headers, Kafka clusters, subscriptions) come back with the values stripped, and deployment writes, which
 * echo headers, are checked for the Admin role on the server.
 */
export function resourceUrl(clusterUid: string, path: string): string {
  return `/api/datasources/uid/${encodeURIComponent(clusterUid)}/resources/${path.replace(/^\/+/, '')}`;
}

/** A call through Grafana's proxy: `path` starts with `admin/` or `ingress/` (the routes of plugin.json). */
export function restateFetch<T>(clusterUid: string, path: string, req: ProxyRequest = {}): Promise<T> {
  return grafanaFetch<T>(proxyUrl(clusterUid, path), path, req);
}

/** A call of the data source's backend resources, e.g. `deployments` or `deployments/<id>`. */
export function resourceFetch<T>(clusterUid: string, path: string, req: ProxyRequest = {}): Promise<T> {
  return grafanaFetch<T>(resourceUrl(clusterUid, path), path, req);
}

/**
 * One request to Grafana's HTTP API, every failure turned into a RestateApiError naming `path`. `explain`
 * may read a failed response's body first (e.g. `/api/ds/query`'s per-query errors).
 */
export async function grafanaFetch<T>(
  url: string,
  path: string,
  req: ProxyRequest = {},
  explain?: (e: FetchError) => RestateApiError | undefined
): Promise<T> {
  const method = req.method ?? 'GET';
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<T>({
        url,
        method,
        data: req.body,
        headers: req.body !== undefined ? { 'Content-Type': 'application/json', ...req.headers } : req.headers,
        params: req.params,
        requestId: req.requestId,
        // We explain errors in place; Grafana's global toast would repeat them without context.
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    return res.data;
  } catch (e) {
    if (e instanceof RestateApiError) {
      throw e;
    }
    if (isFetchError(e)) {
      const explained = explain?.(e);
      if (explained) {
        throw explained;
      }
      // Grafana's FetchError carries no headers, so a Retry-After is known only when the backend put it in the
      // body (retryAfterSeconds, read by toRestateApiError); through the proxy it is lost.
      throw toRestateApiError({ status: e.status, statusText: e.statusText, data: e.data }, { method, path });
    }
    throw toRestateApiError({ status: 0, data: e instanceof Error ? e.message : String(e) }, { method, path });
  }
}
