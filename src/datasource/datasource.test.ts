import { of, throwError } from 'rxjs';
import {
  dateTime,
  FieldType,
  LoadingState,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import { setTemplateSrv, type BackendSrvRequest, type TemplateSrv } from '@grafana/runtime';
import { DEFAULT_SQL, RestateDataSource } from './datasource';
import type { RestateJsonData, RestateQuery } from '../model/datasource';
import { sysInvocationRows, version, sqlError } from '../api/__fixtures__/restateResponses';
import { fetchError, fetchResponse } from '../test/grafanaFetch';

const fetch = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch }),
}));

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
const sentSql = () => fetch.mock.calls.map(([r]: [BackendSrvRequest]) => r.data.query);

beforeEach(() => {
  fetch.mockReset();
  // Template variables: $service is a multi-value variable with two values.
  setTemplateSrv({
    replace: (sql: string, _scoped: unknown, format: (v: unknown, variable: unknown) => string) =>
      sql.replace(/\$service\b/g, () => String(format(['greeter', 'counter'], { multi: true }))),
  } as unknown as TemplateSrv);
});

describe('RestateDataSource.query', () => {
  it('runs each visible query with variables and time macros expanded, one cancellable request per refId', async () => {
    fetch.mockReturnValue(
      of(fetchResponse({ request: '', status: 200, statusText: 'OK', body: { rows: sysInvocationRows } }))
    );
    const res = await ds.query(
      request([
        {
          refId: 'A',
          sql: 'SELECT * FROM sys_invocation WHERE target_service_name IN ($service) AND $__timeFilter(created_at)',
        },
        { refId: 'B', sql: 'SELECT 1', hide: true },
        { refId: 'C', sql: '   ' },
      ])
    );
    expect(sentSql()).toEqual([
      "SELECT * FROM sys_invocation WHERE target_service_name IN ('greeter','counter') AND (created_at >= '2026-11-22T22:00:00.000Z' AND created_at <= '2026-11-22T23:00:00.000Z')",
    ]);
    expect(fetch.mock.calls[0][0]).toMatchObject({
      url: '/api/datasources/proxy/uid/restate-dev/admin/query',
      requestId: 'Q7_A',
    });
    expect(res.state).toBe(LoadingState.Done);
    expect(res.errors).toBeUndefined();
    expect(res.data).toHaveLength(1);
    const frame = res.data[0];
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(3);
    expect(frame.meta.executedQueryString).toBe(sentSql()[0]);
    expect(frame.fields.find((f: { name: string }) => f.name === 'created_at').type).toBe(FieldType.time);
  });

  it('reports errors per query (Restate, macro) and still returns the frames that worked', async () => {
    fetch.mockImplementation((r: BackendSrvRequest) =>
      r.data.query.includes('garbage')
        ? throwError(() => fetchError(sqlError))
        : of(fetchResponse({ request: '', status: 200, statusText: 'OK', body: { rows: [{ n: 1 }] } }))
    );
    const res = await ds.query(
      request([
        { refId: 'A', sql: 'SELECT 1 AS n' },
        { refId: 'B', sql: "SELECT id FROM sys_invocation WHERE created_at >= 'garbage'" },
        { refId: 'C', sql: 'SELECT id FROM sys_invocation WHERE $__timeFilter' },
      ])
    );
    expect(res.state).toBe(LoadingState.Error);
    expect(res.data.map((f) => f.refId)).toEqual(['A']);
    expect(res.errors).toEqual([
      {
        refId: 'B',
        status: 500,
        message: expect.stringMatching(/^Datafusion error: .*Error parsing timestamp from 'garbage'/s),
      },
      {
        refId: 'C',
        status: undefined,
        message: '$__timeFilter needs a column in parentheses, e.g. $__timeFilter(created_at).',
      },
    ]);
    // The broken macro never reached Restate.
    expect(sentSql()).toHaveLength(2);
  });

  it('drops a query that Grafana cancelled because a newer run replaced it (no error shown)', async () => {
    // BackendSrv handleStreamCancellation's error (public/app/core/services/backend_srv.ts).
    fetch.mockReturnValue(
      throwError(() => ({
        type: 'cancelled',
        cancelled: true,
        data: null,
        status: -1,
        statusText: 'Request was aborted',
      }))
    );
    const res = await ds.query(request([{ refId: 'A', sql: 'SELECT 1' }]));
    expect(res).toEqual({ data: [], state: LoadingState.Done });
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
      of(
        fetchResponse({
          request: '',
          status: 200,
          statusText: 'OK',
          body: { rows: [{ name: 'greeter' }, { name: 'counter' }] },
        })
      )
    );
    await expect(ds.metricFindQuery('SELECT name FROM sys_service')).resolves.toEqual([
      { text: 'greeter', value: 'greeter' },
      { text: 'counter', value: 'counter' },
    ]);
    fetch.mockReturnValueOnce(
      of(
        fetchResponse({
          request: '',
          status: 200,
          statusText: 'OK',
          body: { rows: [{ __text: 'Greeter', __value: 'greeter' }] },
        })
      )
    );
    await expect(ds.metricFindQuery({ refId: 'v', sql: 'SELECT ...' })).resolves.toEqual([
      { text: 'Greeter', value: 'greeter' },
    ]);
    await expect(ds.metricFindQuery('')).resolves.toEqual([]);
  });

  it('testDatasource runs the connection check with this data source', async () => {
    fetch.mockImplementation((r: BackendSrvRequest) =>
      of(
        fetchResponse(
          r.url.endsWith('/admin/version') ? version : { request: '', status: 200, statusText: 'OK', body: '' }
        )
      )
    );
    await expect(ds.testDatasource()).resolves.toEqual({
      status: 'success',
      message: 'Connected to Restate 1.7.12, admin API v2–v4',
      details: undefined,
    });
    expect(fetch.mock.calls.map(([r]) => r.url)).toEqual([
      '/api/datasources/proxy/uid/restate-dev/admin/health',
      '/api/datasources/proxy/uid/restate-dev/admin/version',
    ]);
  });
});
