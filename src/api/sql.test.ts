import { of, throwError } from 'rxjs';
import { FieldType } from '@grafana/data';
import type { BackendSrvRequest } from '@grafana/runtime';
import { frameToRows, headOfFrame, querySql, runSql } from './sql';
import { isRestateApiError } from './errors';
import { sysDeploymentRows, sysInvocationRows, sysServiceRows } from './__fixtures__/restateResponses';
import { grafanaOk } from '../test/grafanaFetch';
import { frameOfRows, sqlAnswer, sqlFailure } from '../test/sqlAnswer';

const fetch = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch }),
}));

const ok = (body: unknown) => of(grafanaOk(body));

describe('querySql', () => {
  beforeEach(() => fetch.mockReset());

  it("a 429 keeps the backend's Retry-After (from its words), so polling waits at least that long", async () => {
    const answer = sqlFailure('Restate is rate-limiting: retry after 30 s.', 429);
    fetch.mockReturnValue(throwError(() => ({ status: 400, statusText: 'Bad Request', data: answer, config: { url: '' } })));
    await expect(querySql('ds1', 'SELECT 1')).rejects.toMatchObject({
      kind: 'rate-limited',
      status: 429,
      retryAfterSeconds: 30,
      message: 'Restate is rate-limiting: retry after 30 s.',
    });
    fetch.mockReturnValue(
      throwError(() => ({
        status: 400,
        data: sqlFailure('Restate is rate-limiting: retry in a minute.', 429),
        config: { url: '' },
      }))
    );
    await expect(querySql('ds1', 'SELECT 1')).rejects.toMatchObject({ kind: 'rate-limited', retryAfterSeconds: undefined });
  });

  it("POSTs the SQL as query A of the cluster's data source to /api/ds/query, with the time range", async () => {
    fetch.mockReturnValue(ok(sqlAnswer(sysServiceRows)));
    const frame = await querySql('ds1', 'SELECT * FROM sys_service', {
      requestId: 'Q1_A',
      range: { from: 1000, to: 2000 },
      maxRows: 5,
    });
    const sent: BackendSrvRequest = fetch.mock.calls[0][0];
    expect(sent).toMatchObject({
      url: '/api/ds/query',
      method: 'POST',
      requestId: 'Q1_A',
      data: {
        queries: [
          {
            refId: 'A',
            datasource: { uid: 'ds1', type: 'restatedev-restate-datasource' },
            sql: 'SELECT * FROM sys_service',
            format: 'table',
            maxRows: 5,
          },
        ],
        from: '1000',
        to: '2000',
      },
    });
    expect(frame.length).toBe(2);
    expect(frame.fields.find((f) => f.name === 'public')?.type).toBe(FieldType.boolean);
  });

  it('defaults the range to the last hour and sends no maxRows unless asked', async () => {
    fetch.mockReturnValue(ok(sqlAnswer([])));
    const before = Date.now();
    await querySql('ds1', 'SELECT 1');
    const { data } = fetch.mock.calls[0][0] as { data: { from: string; to: string; queries: object[] } };
    expect(Number(data.to)).toBeGreaterThanOrEqual(before);
    expect(Number(data.to) - Number(data.from)).toBe(3600_000);
    expect(data.queries[0]).not.toHaveProperty('maxRows');
  });

  it("keeps the backend's words for a failed query (Grafana answers 400 with the error in the body)", async () => {
    fetch.mockReturnValue(
      throwError(() => ({
        status: 400,
        statusText: 'Bad Request',
        data: sqlFailure("Restate rejected the SQL: table 'nope' not found"),
        config: { url: '' },
      }))
    );
    const err = await querySql('ds1', 'SELECT * FROM nope').catch((e) => e);
    expect(isRestateApiError(err)).toBe(true);
    expect(err).toMatchObject({
      kind: 'restate',
      status: 400,
      message: "Restate rejected the SQL: table 'nope' not found",
    });
  });

  it("types a rejected token or an unreachable Restate by the query's status", async () => {
    fetch.mockReturnValue(
      throwError(() => ({ status: 400, data: sqlFailure('Restate refused the token', 401), config: { url: '' } }))
    );
    await expect(querySql('ds1', 'SELECT 1')).rejects.toMatchObject({ kind: 'auth', status: 401 });
    fetch.mockReturnValue(
      throwError(() => ({ status: 400, data: sqlFailure('Cannot reach Restate', 502), config: { url: '' } }))
    );
    await expect(querySql('ds1', 'SELECT 1')).rejects.toMatchObject({
      kind: 'unreachable',
      message: 'Cannot reach Restate',
    });
  });

  it('explains a failure of Grafana itself like any other call (no per-query body)', async () => {
    fetch.mockReturnValue(
      throwError(() => ({ status: 403, data: { message: 'plugin proxy route access denied' }, config: { url: '' } }))
    );
    await expect(querySql('ds1', 'SELECT 1')).rejects.toMatchObject({ kind: 'denied' });
  });

  it('gives an empty frame when the answer has none', async () => {
    fetch.mockReturnValue(ok({ results: { A: { status: 200 } } }));
    await expect(querySql('ds1', 'SELECT 1 WHERE false')).resolves.toMatchObject({ length: 0, fields: [] });
  });
});

describe('runSql and frameToRows', () => {
  it("gives back Restate's own JSON rows: timestamps as ISO strings, NULL columns left out", async () => {
    for (const rows of [sysInvocationRows, sysServiceRows, sysDeploymentRows]) {
      fetch.mockReturnValue(ok(sqlAnswer(rows)));
      await expect(runSql('ds1', 'SELECT …')).resolves.toEqual(rows);
    }
  });

  it('leaves out nulls and keeps numbers, booleans and lists', () => {
    const frame = frameOfRows([
      { a: 1, b: true, c: ['x'] },
      { a: null, b: false },
    ]);
    expect(frameToRows(frame)).toEqual([{ a: 1, b: true, c: ['x'] }, { b: false }]);
  });
});

describe('headOfFrame', () => {
  it('keeps the first n rows of every field', () => {
    const frame = frameOfRows([{ a: 1 }, { a: 2 }, { a: 3 }]);
    const head = headOfFrame(frame, 2);
    expect(head.length).toBe(2);
    expect(head.fields[0].values).toEqual([1, 2]);
    expect(headOfFrame(frame, 5)).toBe(frame);
  });
});
