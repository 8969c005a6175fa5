import { lastValueFrom, of, throwError } from 'rxjs';
import {
  dateTime,
  FieldType,
  LoadingState,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import {
  setBackendSrv,
  setTemplateSrv,
  type BackendSrv,
  type BackendSrvRequest,
  type TemplateSrv,
} from '@grafana/runtime';
import { DEFAULT_SQL, RestateDataSource } from './datasource';
import type { RestateJsonData, RestateQuery } from '../model/datasource';
import { sysInvocationRows } from '../api/__fixtures__/restateResponses';
import { grafanaOk } from '../test/grafanaFetch';
import { sqlAnswer } from '../test/sqlAnswer';

// DataSourceWithBackend reaches BackendSrv inside @grafana/runtime, so the stand-in is installed, not mocked in.
const fetch = jest.fn();
setBackendSrv({ fetch } as unknown as BackendSrv);

const ds = new RestateDataSource({
  uid: 'restate-dev',
  name: 'Restate dev',
  type: 'restatedev-restate-datasource',
  jsonData: { adminUrl: 'http://localhost:9070', ingressUrl: 'http://localhost:8080' },
} as DataSourceInstanceSettings<RestateJsonData>);

const from = dateTime('2026-11-22T22:00:00Z');
const to = dateTime('2026-11-22T23:00:00Z');
function request(targets: RestateQuery[]): DataQueryRequest<RestateQuery> {
  return {
    requestId: 'Q7',
    targets,
    range: { from, to, raw: { from: 'now-1h', to: 'now' } },
    scopedVars: {},
  } as unknown as DataQueryRequest<RestateQuery>;
}
const sentSql = () =>
  fetch.mock.calls.flatMap(([r]: [BackendSrvRequest]) => r.data.queries.map((q: RestateQuery) => q.sql));

beforeEach(() => {
  fetch.mockReset();
  // Template variables: $service is a multi-value variable with two values.
  setTemplateSrv({
    replace: (sql: string, _scoped: unknown, format: (v: unknown, variable: unknown) => string) =>
      sql.replace(/\$service\b/g, () => String(format(['greeter', 'counter'], { multi: true }))),
  } as unknown as TemplateSrv);
});

describe('RestateDataSource.query', () => {
  it('sends the visible queries to the backend with variables applied and macros left for the server', async () => {
    fetch.mockReturnValue(
      of(grafanaOk(sqlAnswer(sysInvocationRows)))
    );
    const res = await lastValueFrom(
      ds.query(
        request([
          {
            refId: 'A',
            sql: 'SELECT * FROM sys_invocation WHERE target_service_name IN ($service) AND $__timeFilter(created_at)',
          },
          { refId: 'B', sql: 'SELECT 1', hide: true },
          { refId: 'C', sql: '   ' },
        ])
      )
    );
    expect(sentSql()).toEqual([
      "SELECT * FROM sys_invocation WHERE target_service_name IN ('greeter','counter') AND $__timeFilter(created_at)",
    ]);
    const sent = fetch.mock.calls[0][0] as BackendSrvRequest;
    expect(sent.url).toBe('/api/ds/query?ds_type=restatedev-restate-datasource&requestId=Q7');
    expect(sent.data).toMatchObject({ from: String(from.valueOf()), to: String(to.valueOf()) });
    expect(sent.data.queries[0].datasource).toEqual({ uid: 'restate-dev', type: 'restatedev-restate-datasource' });
    expect(res.errors).toBeUndefined();
    expect(res.data).toHaveLength(1);
    const frame = res.data[0];
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(3);
    expect(frame.fields.find((f: { name: string }) => f.name === 'created_at').type).toBe(FieldType.time);
  });

  it("reports each failed query with the backend's words and keeps the frames that worked", async () => {
    const body = {
      results: {
        A: sqlAnswer([{ n: 1 }]).results.A,
        B: { status: 400, error: "Restate rejected the SQL: Error parsing timestamp from 'garbage'" },
      },
    };
    fetch.mockReturnValue(
      throwError(() => ({ status: 400, statusText: 'Bad Request', data: body, config: { url: '' } }))
    );
    const res = await lastValueFrom(
      ds.query(
        request([
          { refId: 'A', sql: 'SELECT 1 AS n' },
          { refId: 'B', sql: "SELECT id FROM sys_invocation WHERE created_at >= 'garbage'" },
        ])
      )
    );
    expect(res.state).toBe(LoadingState.Error);
    expect(res.data.map((f) => f.refId)).toEqual(['A']);
    expect(res.errors).toEqual([
      expect.objectContaining({
        refId: 'B',
        message: "Restate rejected the SQL: Error parsing timestamp from 'garbage'",
      }),
    ]);
  });

  it('sends nothing when every query is empty or hidden', async () => {
    const res = await lastValueFrom(
      ds.query(
        request([
          { refId: 'A', sql: ' ' },
          { refId: 'B', sql: 'SELECT 1', hide: true },
        ])
      )
    );
    expect(res.data).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('RestateDataSource.applyTemplateVariables', () => {
  it('leaves $__interval and $__interval_ms for the backend, which writes them as SQL', () => {
    // A template service that replaces every scoped variable, as Grafana's does.
    setTemplateSrv({
      replace: (sql: string, scoped: Record<string, { value: unknown }>) =>
        sql.replace(/\$(\w+)/g, (m, name) => (scoped?.[name] ? String(scoped[name].value) : m)),
    } as unknown as TemplateSrv);
    const q = ds.applyTemplateVariables(
      { refId: 'A', sql: "SELECT date_bin($__interval, created_at) AS t, $__interval_ms AS ms, '$env' AS env" },
      { __interval: { value: '1m' }, __interval_ms: { value: 60000 }, env: { value: 'prod' } }
    );
    expect(q.sql).toBe("SELECT date_bin($__interval, created_at) AS t, $__interval_ms AS ms, 'prod' AS env");
  });
});

describe('RestateDataSource, editor and variables support', () => {
  it('starts new queries with recent invocations in the time range, skips empty and hidden ones', () => {
    expect(ds.getDefaultQuery()).toEqual({ sql: DEFAULT_SQL });
    expect(DEFAULT_SQL).toMatch(/FROM sys_invocation\nWHERE \$__timeFilter\(created_at\)/);
    expect(ds.filterQuery({ refId: 'A', sql: 'SELECT 1' })).toBe(true);
    expect(ds.filterQuery({ refId: 'A', sql: ' \n' })).toBe(false);
    expect(ds.filterQuery({ refId: 'A', sql: 'SELECT 1', hide: true })).toBe(false);
  });

  it('metricFindQuery: the first column (or __value/__text) becomes the variable options', async () => {
    fetch.mockReturnValueOnce(
      of(grafanaOk(sqlAnswer([{ name: 'greeter' }, { name: 'counter' }])))
    );
    await expect(ds.metricFindQuery('SELECT name FROM sys_service')).resolves.toEqual([
      { text: 'greeter', value: 'greeter' },
      { text: 'counter', value: 'counter' },
    ]);
    fetch.mockReturnValueOnce(
      of(grafanaOk(sqlAnswer([{ __text: 'Greeter', __value: 'greeter' }])))
    );
    await expect(ds.metricFindQuery({ refId: 'v', sql: 'SELECT ...' })).resolves.toEqual([
      { text: 'Greeter', value: 'greeter' },
    ]);
    await expect(ds.metricFindQuery('')).resolves.toEqual([]);
  });

  it("testDatasource is the backend's health check: success, a warning for its notes, or the error", async () => {
    const health = (body: unknown, status = 200) =>
      status < 400
        ? of(grafanaOk(body, status))
        : throwError(() => ({ status, statusText: 'Bad Request', data: body, config: { url: '' } }));
    fetch.mockReturnValueOnce(health({ status: 'OK', message: 'Connected to Restate 1.7.12, admin API v2–v4' }));
    await expect(ds.testDatasource()).resolves.toEqual({
      status: 'success',
      message: 'Connected to Restate 1.7.12, admin API v2–v4',
    });
    expect(fetch.mock.calls[0][0]).toMatchObject({ method: 'GET', url: '/api/datasources/uid/restate-dev/health' });

    fetch.mockReturnValueOnce(
      health({
        status: 'OK',
        message: 'Connected to Restate 1.7.12, admin API v2–v4.',
        details: {
          severity: 'warning',
          message: 'The ingress URL is not set: invoking handlers from Grafana will not work.',
        },
      })
    );
    await expect(ds.testDatasource()).resolves.toEqual({
      status: 'warning',
      message: 'Connected to Restate 1.7.12, admin API v2–v4.',
      details: { message: 'The ingress URL is not set: invoking handlers from Grafana will not work.' },
    });

    fetch.mockReturnValueOnce(
      health({ status: 'ERROR', message: 'Restate rejected the bearer token (401 Unauthorized, GET /health).' }, 400)
    );
    await expect(ds.testDatasource()).resolves.toEqual({
      status: 'error',
      message: 'Restate rejected the bearer token (401 Unauthorized, GET /health).',
    });
  });
});
