import type { BackendSrvRequest } from '@grafana/runtime';
import { fetchFrom, grafanaFailure, grafanaOk } from '../../test/grafanaFetch';
import { DATASOURCE_TYPE } from '../../model/datasource';
import type { DataSourceWrite, GrafanaDataSource } from '../grafanaApi';

/**
 * Grafana's data source HTTP API, held in memory for tests, as a `getBackendSrv().fetch`. Behaviour re-stated from
 * grafana/grafana pkg/api/datasources.go (`GetDataSourceByUID` 404 "Data source not found", `AddDataSource` 409 on a
 * name or uid in use, `UpdateDataSourceByUID` 403 "Cannot update read-only data source" for provisioned ones) and
 * pkg/services/datasources/service/datasource.go (`UpdateDataSource`: 409 when `version` is older than the stored
 * one, version + 1 on success; `fillWithSecureJSONData`: secure values not sent are kept).
 */
export interface StoredDataSource extends GrafanaDataSource {
  secureJsonData?: Record<string, string>;
}

/** A Restate data source as Grafana stores it (its settings copied), the one the set-ups link into. */
export function storedRestateDataSource(
  ds: { uid: string; name: string; jsonData: object },
  secureJsonData?: Record<string, string>
): StoredDataSource {
  return {
    uid: ds.uid,
    name: ds.name,
    type: DATASOURCE_TYPE,
    access: 'proxy',
    url: '',
    jsonData: { ...ds.jsonData },
    ...(secureJsonData ? { secureJsonData } : {}),
  };
}

export class FakeGrafanaDataSources {
  readonly store = new Map<string, StoredDataSource>();
  readonly requests: BackendSrvRequest[] = [];
  private nextId = 1;

  constructor(initial: StoredDataSource[] = []) {
    initial.forEach((d) => this.put(d));
  }

  put(d: StoredDataSource) {
    const secure = d.secureJsonData ?? {};
    this.store.set(d.uid, {
      id: this.nextId++,
      version: 1,
      ...d,
      secureJsonFields: Object.fromEntries(Object.keys(secure).map((k) => [k, true])),
    });
  }

  /** What GET returns: never the secure values. */
  view(uid: string): GrafanaDataSource | undefined {
    const d = this.store.get(uid);
    if (!d) {
      return undefined;
    }
    const { secureJsonData: _secret, ...rest } = d;
    return JSON.parse(JSON.stringify(rest));
  }

  fetch = fetchFrom((req) => this.handle(req), this.requests);

  private fail(status: number, message: string): never {
    throw grafanaFailure(status, message);
  }

  private ok(data: unknown) {
    return grafanaOk(data);
  }

  private handle(req: BackendSrvRequest) {
    const byUid = req.url.match(/^\/api\/datasources\/uid\/([^/]+)$/);
    const method = req.method ?? 'GET';
    if (byUid && method === 'GET') {
      const d = this.view(decodeURIComponent(byUid[1]));
      return d ? this.ok(d) : this.fail(404, 'Data source not found');
    }
    if (req.url === '/api/datasources' && method === 'POST') {
      const body = req.data as DataSourceWrite;
      if ([...this.store.values()].some((d) => d.name === body.name) || this.store.has(body.uid)) {
        this.fail(409, 'data source with the same name already exists');
      }
      this.put({ ...body, secureJsonData: body.secureJsonData });
      return this.ok({
        datasource: this.view(body.uid),
        id: this.store.get(body.uid)!.id,
        message: 'Datasource added',
      });
    }
    if (byUid && method === 'PUT') {
      const uid = decodeURIComponent(byUid[1]);
      const current = this.store.get(uid);
      if (!current) {
        return this.fail(404, 'Data source not found');
      }
      if (current.readOnly) {
        this.fail(403, 'Cannot update read-only data source');
      }
      const body = req.data as DataSourceWrite;
      if (body.version !== undefined && body.version < (current.version ?? 0)) {
        this.fail(409, 'Datasource has already been updated by someone else. Please reload and try again');
      }
      if ([...this.store.values()].some((d) => d.uid !== uid && d.name === body.name)) {
        this.fail(409, 'data source with the same name already exists');
      }
      const secureJsonData = { ...(current.secureJsonData ?? {}), ...(body.secureJsonData ?? {}) };
      const { secureJsonData: _s, version: _v, ...settings } = body;
      this.store.set(uid, {
        ...current,
        ...settings,
        secureJsonData,
        secureJsonFields: Object.fromEntries(Object.keys(secureJsonData).map((k) => [k, true])),
        version: (current.version ?? 0) + 1,
      });
      return this.ok({ datasource: this.view(uid), id: current.id, message: 'Datasource updated' });
    }
    return this.fail(404, `not found: ${method} ${req.url}`);
  }
}
