import { config, getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { callGrafana, type GrafanaApiHints, type GrafanaRequest } from '../api/grafanaHttp';

/**
 * Grafana's own data source HTTP API (not Restate's): read, create and update data sources by uid.
 * Docs: https://grafana.com/docs/grafana/latest/developers/http_api/data_source/
 */

/** A data source as `GET /api/datasources/uid/:uid` returns it. */
export interface GrafanaDataSource {
  id?: number;
  uid: string;
  orgId?: number;
  name: string;
  type: string;
  access: string;
  url: string;
  basicAuth?: boolean;
  basicAuthUser?: string;
  user?: string;
  database?: string;
  withCredentials?: boolean;
  isDefault?: boolean;
  jsonData: Record<string, unknown>;
  /** Which secure values are stored (never their values). */
  secureJsonFields?: Record<string, boolean>;
  version?: number;
  /** Provisioned from a file: Grafana refuses API updates. */
  readOnly?: boolean;
}

/**
 * The body of POST /api/datasources and PUT /api/datasources/uid/:uid: the readable fields less those Grafana owns,
 * plus secrets to store. `version` is optimistic locking: Grafana answers 409 when the stored version moved on.
 */
export type DataSourceWrite = Omit<GrafanaDataSource, 'id' | 'orgId' | 'secureJsonFields' | 'readOnly'> & {
  secureJsonData?: Record<string, string>;
};

const HINTS: GrafanaApiHints = {
  forbidden: 'Managing data sources needs the Admin role and a data source that is not provisioned from a file.',
  conflict: 'Another data source may already use this name, or someone changed it since the preview: preview again.',
};

async function call<T>(what: string, req: GrafanaRequest): Promise<T> {
  return (await callGrafana<T>(what, req, HINTS))!;
}

/** The data source with this uid, or undefined when there is none. */
export function getDataSourceByUid(uid: string): Promise<GrafanaDataSource | undefined> {
  return callGrafana<GrafanaDataSource>(
    `Reading data source ${uid}`,
    { url: `/api/datasources/uid/${encodeURIComponent(uid)}`, method: 'GET' },
    HINTS,
    'undefined'
  );
}

export async function createDataSource(body: DataSourceWrite): Promise<GrafanaDataSource> {
  const res = await call<{ datasource: GrafanaDataSource }>(`Creating data source ${body.name}`, {
    url: '/api/datasources',
    method: 'POST',
    data: body,
  });
  return res.datasource;
}

/** Replaces the data source's settings; secure values not sent are kept (Grafana `fillWithSecureJSONData`). */
export async function updateDataSource(uid: string, body: DataSourceWrite): Promise<GrafanaDataSource> {
  const res = await call<{ datasource: GrafanaDataSource }>(`Updating data source ${body.name}`, {
    url: `/api/datasources/uid/${encodeURIComponent(uid)}`,
    method: 'PUT',
    data: body,
  });
  return res.datasource;
}

/** Grafana's page for editing a data source (under Grafana's sub path, if it is served under one). */
export function dataSourceEditUrl(uid: string): string {
  return `${config.appSubUrl ?? ''}/connections/datasources/edit/${encodeURIComponent(uid)}`;
}

/**
 * What Grafana says of a data source a cluster links to (its Loki or Tempo):
 * - `up`: it answered Grafana;
 * - `down`: Grafana could not query it (Loki or Tempo stopped, wrong URL, refused auth);
 * - `missing`: Grafana has no data source with this uid (deleted, or the uid in the settings is wrong);
 * - `unknown`: no verdict (no permission, Grafana itself not answering).
 */
export interface LinkedHealth {
  state: 'up' | 'down' | 'missing' | 'unknown';
  /** Grafana's or the plugin's own words. */
  message: string;
}

type Checked = { status?: string; message?: string };

async function get(url: string): Promise<Checked> {
  const res = await lastValueFrom(
    getBackendSrv().fetch<Checked>({ url, method: 'GET', showErrorAlert: false, showSuccessAlert: false })
  );
  return typeof res.data === 'object' && res.data !== null ? res.data : {};
}

/** A failed check in words: Grafana's message, else its status. */
function failure(e: unknown): { status: number; body: Checked; message: string } | undefined {
  if (!isFetchError(e)) {
    return undefined;
  }
  const body = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Checked;
  return { status: e.status ?? 0, body, message: body.message || `HTTP ${e.status} ${e.statusText ?? ''}`.trim() };
}

/**
 * Loki: Grafana's health check, `GET /api/datasources/uid/:uid/health` (pkg/tsdb/loki/healthcheck.go runs
 * `vector(1)+vector(1)`; pkg/api/datasources.go answers 200 with status OK, 400 with status ERROR and the plugin's
 * words, and 500 "Unable to load datasource metadata" or 404 for a uid it does not have).
 * Tempo has no backend health check: like its "Save & test" (public/app/plugins/datasource/tempo), a GET of
 * Tempo's `/api/echo` through the data source proxy, which answers 404 "Unable to find datasource" for an unknown
 * uid and 502/504 when Tempo cannot be reached.
 * Both need `datasources:query`, which Viewers have, unlike reading the data source's settings.
 */
export async function checkLinkedDataSource(kind: 'loki' | 'tempo', uid: string): Promise<LinkedHealth> {
  const id = encodeURIComponent(uid);
  try {
    if (kind === 'loki') {
      return { state: 'up', message: (await get(`/api/datasources/uid/${id}/health`)).message ?? 'OK' };
    }
    await get(`/api/datasources/proxy/uid/${id}/api/echo`);
    return { state: 'up', message: 'Tempo answered.' };
  } catch (e) {
    const f = failure(e);
    if (!f) {
      return { state: 'unknown', message: e instanceof Error ? e.message : String(e) };
    }
    const missing =
      kind === 'loki'
        ? (f.status === 404 && /data ?source not found/i.test(f.message)) ||
          (f.status === 500 && /unable to load data ?source/i.test(f.message))
        : f.status === 404 && /unable to find data ?source/i.test(f.message);
    if (missing) {
      return { state: 'missing', message: f.message };
    }
    if (kind === 'loki' && f.status === 400 && f.body.status === 'ERROR') {
      return { state: 'down', message: f.message };
    }
    if (kind === 'tempo' && (f.status === 502 || f.status === 504)) {
      return {
        state: 'down',
        message: `Grafana could not reach Tempo at its URL (${f.status === 504 ? 'timed out' : 'no answer'}, HTTP ${f.status}).`,
      };
    }
    if (kind === 'tempo' && f.status >= 400 && f.status !== 401 && f.status !== 403) {
      return { state: 'down', message: `Tempo answered HTTP ${f.status}: ${f.message}` };
    }
    return { state: 'unknown', message: f.message };
  }
}
