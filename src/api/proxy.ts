import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { RestateApiError, toRestateApiError } from './errors';

/**
 * The one way the plugin reaches Restate: Grafana's data source proxy, so the bearer token
 * stays on the server. `path` starts with a route prefix of src/datasource/plugin.json:
 * `admin/...` (admin API) or `ingress/...` (ingress).
 */
export function proxyUrl(datasourceUid: string, path: string): string {
  return `/api/datasources/proxy/uid/${encodeURIComponent(datasourceUid)}/${path.replace(/^\/+/, '')}`;
}

export interface ProxyRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string | number | boolean>;
  /** Grafana cancels an earlier in-flight request with the same id (used by polling and typing). */
  requestId?: string;
}

export async function restateFetch<T>(datasourceUid: string, path: string, req: ProxyRequest = {}): Promise<T> {
  const method = req.method ?? 'GET';
  const url = proxyUrl(datasourceUid, path);
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
      const retryAfter = (e as { headers?: Headers }).headers?.get?.('Retry-After');
      throw toRestateApiError({ status: e.status, statusText: e.statusText, data: e.data, retryAfter }, { method, path });
    }
    throw toRestateApiError({ status: 0, data: e instanceof Error ? e.message : String(e) }, { method, path });
  }
}
