import { of } from 'rxjs';
import { FieldType } from '@grafana/data';
import type { BackendSrvRequest } from '@grafana/runtime';
import { columnsOf, fieldTypeOf, rowsToFrame, runSql } from './sql';
import { sysDeploymentRows, sysInvocationRows, sysServiceRows } from './__fixtures__/restateResponses';
import { fetchResponse } from '../test/grafanaFetch';

const fetch = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch }),
}));

const field = (frame: ReturnType<typeof rowsToFrame>, name: string) => frame.fields.find((f) => f.name === name)!;

describe('runSql', () => {
  it('POSTs {query} to admin/query with Accept exactly application/json (else Restate answers Arrow)', async () => {
    fetch.mockReturnValue(
      of(fetchResponse({ request: '', status: 200, statusText: 'OK', body: { rows: sysServiceRows } }))
    );
    await expect(runSql('ds1', 'SELECT * FROM sys_service', { requestId: 'Q1_A' })).resolves.toEqual(sysServiceRows);
    const sent: BackendSrvRequest = fetch.mock.calls[0][0];
    expect(sent).toMatchObject({
      url: '/api/datasources/proxy/uid/ds1/admin/query',
      method: 'POST',
      data: { query: 'SELECT * FROM sys_service' },
      requestId: 'Q1_A',
    });
    expect(sent.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json' });
  });

  it('gives no rows for an answer without rows', async () => {
    fetch.mockReturnValue(of(fetchResponse({ request: '', status: 200, statusText: 'OK', body: {} })));
    await expect(runSql('ds1', 'SELECT 1 WHERE false')).resolves.toEqual([]);
  });
});

describe('rowsToFrame, from recorded /query answers', () => {
  it('restores the columns Restate omits when NULL, in first-seen order, with nulls in their rows', () => {
    const frame = rowsToFrame(sysInvocationRows, { refId: 'A' });
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(3);
    const names = frame.fields.map((f) => f.name);
    // completion_failure first appears in row 2, restarted_from in row 3; idempotency_key is missing in row 3.
    expect(names).toEqual(columnsOf(sysInvocationRows));
    expect(names).toEqual(expect.arrayContaining(['completion_failure', 'restarted_from', 'idempotency_key']));
    expect(names.indexOf('completion_failure')).toBeGreaterThan(names.indexOf('completion_result'));
    expect(field(frame, 'completion_failure').values).toEqual([null, '[418] this always fails', expect.any(String)]);
    expect(field(frame, 'restarted_from').values[0]).toBeNull();
    expect(field(frame, 'idempotency_key').values[2]).toBeNull();
    for (const f of frame.fields) {
      expect(f.values).toHaveLength(3);
    }
  });

  it('types fields: timestamps as time (epoch ms), numbers as numbers, booleans, strings, lists as other', () => {
    const inv = rowsToFrame(sysInvocationRows);
    expect(field(inv, 'created_at').type).toBe(FieldType.time);
    expect(field(inv, 'created_at').values[0]).toBe(Date.parse('2026-11-22T23:00:42.094Z'));
    expect(field(inv, 'journal_size').type).toBe(FieldType.number);
    expect(field(inv, 'status').type).toBe(FieldType.string);
    // Durations come as ISO-8601 strings (PT86400S): text, not time.
    expect(field(inv, 'completion_retention').type).toBe(FieldType.string);

    const svc = rowsToFrame(sysServiceRows);
    expect(field(svc, 'public').type).toBe(FieldType.boolean);
    expect(field(svc, 'revision').values).toEqual([2, 2]);

    const dep = rowsToFrame(sysDeploymentRows);
    expect(field(dep, 'services').type).toBe(FieldType.other);
    expect(field(dep, 'services').values[0]).toEqual(['greeter', 'counter']);
  });

  it('keeps known columns first, even when every row omits them, and handles no rows', () => {
    const frame = rowsToFrame([{ b: 1 }], { columns: ['a', 'b'] });
    expect(frame.fields.map((f) => [f.name, f.type, f.values])).toEqual([
      ['a', FieldType.string, [null]],
      ['b', FieldType.number, [1]],
    ]);
    expect(rowsToFrame([]).fields).toEqual([]);
    expect(fieldTypeOf([null, undefined])).toBe(FieldType.string);
    expect(fieldTypeOf([1, 'x'])).toBe(FieldType.other);
  });
});
