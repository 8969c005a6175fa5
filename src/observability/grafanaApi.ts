import { config } from '@grafana/runtime';
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
