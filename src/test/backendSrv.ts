import { of, throwError } from 'rxjs';
import { setBackendSrv, config, type BackendSrvRequest } from '@grafana/runtime';
import { recorded } from '../api/__fixtures__/admin/recorded';
import { installDataSourceSrv } from './dataSourceSrv';
import { sqlAnswer, sqlOfQueryRequest } from './sqlAnswer';

/*
 * A stand-in for Grafana's BackendSrv (the one seam between the pages and Restate): it answers the
 * proxy URLs, backend resources and `/api/ds/query` (by SQL text) the pages call, and records every request. Errors are thrown the
 * way BackendSrv.fetch does: an observable error with {status, data} (public/app/core/services/backend_srv.ts,
 * `processRequestError`).
 */

/** A request as the fake saw it: BackendSrv's options, the method defaulted, and the SQL text of a query. */
export type Recorded = BackendSrvRequest & { method: string; sql?: string };

export type Answer = { status?: number; data: unknown; headers?: Record<string, string> };
export type Handler = (req: { url: string; method: string; sql?: string; data?: unknown }) => Answer | undefined;

/**
 * The one fake BackendSrv of the unit tests: `handler` answers each request (undefined: 404), every request
 * is recorded. Successes and errors arrive as BackendSrv.fetch delivers them.
 */
export function installFakeBackend(handler: Handler) {
  const requests: Recorded[] = [];
  const fetch = jest.fn((opts: BackendSrvRequest) => {
    const method = opts.method ?? 'GET';
    const sql = opts.url.startsWith('/api/ds/query') ? sqlOfQueryRequest(opts.data) : undefined;
    requests.push({ ...opts, method, sql });
    const a = handler({ url: opts.url, method, sql, data: opts.data });
    if (!a) {
      return throwError(() => ({
        status: 404,
        statusText: 'Not Found',
        data: { message: `unexpected ${method} ${opts.url}` },
        config: opts,
      }));
    }
    if ((a.status ?? 200) >= 400) {
      // Like Grafana's FetchError: no headers (public/app/core/services/backend_srv.ts drops them on errors).
      return throwError(() => ({ status: a.status, statusText: '', data: a.data, config: opts }));
    }
    return of({ data: a.data, status: a.status ?? 200, ok: true, headers: new Headers(a.headers ?? {}), config: opts });
  });
  setBackendSrv({ fetch } as never);
  return { requests, fetch, sqls: () => requests.filter((r) => r.sql).map((r) => r.sql!) };
}

/** Answers each request with the next recorded Restate response (api/__fixtures__/admin), in order. */
export function replayBackendSrv(...names: string[]) {
  const queue = [...names];
  return installFakeBackend((req) => {
    const name = queue.shift();
    if (!name) {
      throw new Error(`unexpected request ${req.method} ${req.url}`);
    }
    return recorded(name);
  });
}

export const CLUSTER = {
  uid: 'restate-dev',
  name: 'Restate dev',
  type: 'restatedev-restate-datasource',
  isDefault: true,
  jsonData: { clusterName: 'dev', adminUrl: 'http://restate:9070', ingressUrl: 'http://restate:8080' } as Record<
    string,
    unknown
  >,
};

export function installCluster(jsonData: Record<string, unknown> = {}) {
  const c = { ...CLUSTER, jsonData: { ...CLUSTER.jsonData, ...jsonData } };
  installDataSourceSrv({ list: [c], instanceSettings: () => c });
  return c;
}

export function setRole(orgRole: 'Viewer' | 'Editor' | 'Admin') {
  (config as unknown as { bootData: { user: Record<string, unknown> } }).bootData = {
    ...config.bootData,
    user: { ...config.bootData?.user, orgRole, isGrafanaAdmin: false },
  } as never;
}

/** Rows (as Restate's JSON `/query` gives them) as the backend answers `/api/ds/query`: query A's frame. */
export const rows = (r: Array<Record<string, unknown>>): Answer => ({ data: sqlAnswer(r) });

/** Installs an in-memory Grafana API (a fake with `fetch`, e.g. FakeGrafanaAlerting) as BackendSrv; returns it. */
export function installGrafanaFake<F extends { fetch: (req: BackendSrvRequest) => unknown }>(fake: F): F {
  setBackendSrv({ fetch: fake.fetch } as never);
  return fake;
}
