import { of, throwError } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import {
  buildCountsQuery,
  buildDetailQuery,
  buildInboxQuery,
  buildJournalQuery,
  buildListQuery,
  buildStateQuery,
  DEFAULT_SORT,
  explainActionError,
  filterConditions,
  getInboxPosition,
  isInvocationId,
  isoDurationMs,
  matchingTotal,
  picksFromStatusTable,
  runAction,
  runBulkAction,
  toCounts,
  toDetail,
  toJournalEntry,
  toJournalEvent,
  toSummary,
  validateFilters,
  actionApplies,
} from './invocations';
import { sqlString } from './sqlLiteral';
import { RestateApiError } from './errors';
import * as sql from './__fixtures__/sql/samples';
import { sqlAnswer } from '../test/sqlAnswer';
import * as actions from './__fixtures__/invocations/actions';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
}));

const ID = 'inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7';

describe('SQL values', () => {
  it('quotes string literals by doubling single quotes, so a value cannot end the literal', () => {
    expect(sqlString("o'brien")).toBe("'o''brien'");
    expect(sqlString("x' OR 1=1 --")).toBe("'x'' OR 1=1 --'");
    expect(() => sqlString('a\u0000b')).toThrow(/NUL/);
  });

  it('accepts only well-formed invocation ids', () => {
    expect(isInvocationId(ID)).toBe(true);
    expect(isInvocationId("inv_1'; DROP")).toBe(false);
    expect(isInvocationId('xyz')).toBe(false);
  });

  it('refuses to build a query with a malformed id or deployment, naming the field', () => {
    expect(validateFilters({ id: 'xyz', deployment: 'nope' })).toEqual({
      id: expect.stringMatching(/inv_/),
      deployment: expect.stringMatching(/dp_/),
    });
    expect(() => buildListQuery({ id: "inv_x' OR '1'='1" }, DEFAULT_SORT, { offset: 0, limit: 50 })).toThrow(
      /invocation id/
    );
    expect(() => buildDetailQuery("inv_' OR 1=1")).toThrow(RestateApiError);
  });
});

describe('list queries', () => {
  it('puts every filter in the WHERE clause as a pushdown-friendly equality', () => {
    const where = filterConditions({
      service: 'counter',
      handler: 'add',
      key: "o'key",
      deployment: 'dp_15XTIJJUiMFkIvG6dtWNy7f',
      idempotencyKey: 'my-key',
      id: ID,
      createdFrom: Date.UTC(2026, 10, 22, 23, 0, 0),
      createdTo: Date.UTC(2026, 10, 23, 0, 0, 0),
    });
    expect(where).toEqual([
      `id = '${ID}'`,
      "target_service_name = 'counter'",
      "target_handler_name = 'add'",
      "target_service_key = 'o''key'",
      "pinned_deployment_id = 'dp_15XTIJJUiMFkIvG6dtWNy7f'",
      "idempotency_key = 'my-key'",
      "created_at >= '2026-11-22T23:00:00.000Z'",
      "created_at < '2026-11-23T00:00:00.000Z'",
    ]);
  });

  it('splits completed invocations by outcome and ORs statuses together', () => {
    expect(filterConditions({ statuses: ['backing-off'] })).toEqual(["status = 'backing-off'"]);
    expect(filterConditions({ statuses: ['failed'] })).toEqual([
      "(status = 'completed' AND completion_result = 'failure')",
    ]);
    expect(filterConditions({ statuses: ['succeeded', 'failed'] })).toEqual(["status = 'completed'"]);
    expect(filterConditions({ statuses: ['running', 'paused', 'succeeded'] })).toEqual([
      "(status IN ('running', 'paused') OR (status = 'completed' AND completion_result = 'success'))",
    ]);
    expect(filterConditions({ statuses: ['running'] }, { withStatus: false })).toEqual([]);
  });

  it('sorts on the server with a stable tie-break and pages with LIMIT/OFFSET', () => {
    const q = buildListQuery(
      { service: 'greeter' },
      { column: 'retry_count', direction: 'desc' },
      { offset: 100, limit: 50 }
    );
    expect(q).toMatch(/^SELECT id, target, .* FROM sys_invocation WHERE target_service_name = 'greeter'/);
    expect(q).toMatch(/ORDER BY retry_count DESC NULLS LAST, id DESC LIMIT 50 OFFSET 100$/);
    expect(buildListQuery({}, { column: 'created_at', direction: 'asc' }, { offset: 0, limit: 25 })).toMatch(
      /ORDER BY created_at ASC NULLS LAST, id ASC LIMIT 25\) ORDER BY created_at ASC NULLS LAST, id ASC$/
    );
  });

  it('picks the page of ids from sys_invocation_status when it holds every filter and the sort', () => {
    expect(
      buildListQuery({ service: 'greeter', statuses: ['pending', 'failed'], createdFrom: 0 }, DEFAULT_SORT, {
        offset: 50,
        limit: 50,
      })
    ).toBe(
      'SELECT id, target, target_service_name, target_service_key, target_handler_name, target_service_ty, status, ' +
        'completion_result, created_at, modified_at, retry_count, next_retry_at, last_failure_error_code, ' +
        'substr(last_failure, 1, 160) AS last_failure, pinned_deployment_id, idempotency_key, journal_size, invoked_by_id ' +
        "FROM sys_invocation WHERE id IN (SELECT id FROM sys_invocation_status WHERE target_service_name = 'greeter' " +
        "AND created_at >= '1970-01-01T00:00:00.000Z' AND (status = 'inboxed' OR (status = 'completed' AND " +
        "completion_result = 'failure')) ORDER BY created_at DESC NULLS LAST, id DESC LIMIT 50 OFFSET 50) " +
        'ORDER BY created_at DESC NULLS LAST, id DESC'
    );
    expect(picksFromStatusTable({ statuses: ['suspended', 'paused', 'scheduled', 'succeeded'] }, DEFAULT_SORT)).toBe(
      true
    );
    for (const column of ['modified_at', 'target', 'journal_size'] as const) {
      expect(picksFromStatusTable({}, { column, direction: 'asc' })).toBe(true);
    }
  });

  it('reads the joined view alone for a status or sort only sys_invocation_state can tell', () => {
    for (const status of ['ready', 'running', 'backing-off'] as const) {
      expect(picksFromStatusTable({ statuses: ['suspended', status] }, DEFAULT_SORT)).toBe(false);
      expect(buildListQuery({ statuses: [status] }, DEFAULT_SORT, { offset: 0, limit: 50 })).toMatch(
        new RegExp(
          `FROM sys_invocation WHERE status = '${status}' ORDER BY created_at DESC NULLS LAST, id DESC LIMIT 50$`
        )
      );
    }
    for (const column of ['status', 'retry_count', 'next_retry_at'] as const) {
      expect(picksFromStatusTable({}, { column, direction: 'desc' })).toBe(false);
    }
  });

  it('never asks for more than a page, and never for an unbounded read', () => {
    expect(buildListQuery({}, DEFAULT_SORT, { offset: 0, limit: 100000 })).toMatch(/LIMIT 500\) ORDER BY/);
    expect(buildListQuery({}, DEFAULT_SORT, { offset: -5, limit: 0 })).toMatch(/LIMIT 1\) ORDER BY/);
    expect(buildListQuery({}, { column: 'retry_count', direction: 'desc' }, { offset: 0, limit: 100000 })).toMatch(
      /LIMIT 500$/
    );
  });

  it('refuses a sort column that is not known (no SQL from the URL)', () => {
    expect(() =>
      buildListQuery({}, { column: 'id; DROP' as never, direction: 'asc' }, { offset: 0, limit: 10 })
    ).toThrow(/sort/);
  });

  it('does not download the big failure text for the list', () => {
    expect(buildListQuery({}, DEFAULT_SORT, { offset: 0, limit: 10 })).toContain(
      'substr(last_failure, 1, 160) AS last_failure'
    );
  });

  it('counts by aggregation, with every filter but the status one', () => {
    expect(buildCountsQuery({ service: 'greeter', statuses: ['failed'] })).toBe(
      "SELECT status, completion_result, COUNT(*) AS count FROM sys_invocation WHERE target_service_name = 'greeter' GROUP BY status, completion_result"
    );
  });

  it('reads counts per status from Restate’s answer, completed split by outcome', () => {
    const counts = toCounts(sql.counts.rows);
    expect(counts).toMatchObject({
      pending: 1,
      suspended: 3,
      succeeded: 2,
      failed: 1,
      paused: 1,
      running: 1,
      scheduled: 1,
      'backing-off': 0,
    });
    expect(matchingTotal(counts)).toBe(10);
    expect(matchingTotal(counts, ['failed', 'paused'])).toBe(2);
  });

  it('turns rows with NULL-omitted columns into summaries', () => {
    const [ok, failed] = sql.sysInvocation.rows.map(toSummary);
    expect(ok).toMatchObject({
      service: 'greeter',
      handler: 'greet',
      status: 'completed',
      completionResult: 'success',
    });
    expect(ok.key).toBeUndefined();
    expect(failed.completionResult).toBe('failure');
    expect(ok.createdAt).toBe(Date.parse('2026-11-22T23:00:42.094Z'));
  });
});

describe('detail, journal, state and inbox', () => {
  it('reads the failure, its error code and the retry schedule of a paused invocation', () => {
    const d = toDetail(sql.detailPaused.rows[0]);
    expect(d.status).toBe('paused');
    expect(d.lastFailureCode).toBe('RT0007');
    expect(d.lastFailure).toMatch(/^\[500 Internal\] flaky failure #6/);
    expect(d.retryCount).toBe(6);
    expect(d.lastAttemptDeployment).toMatch(/^dp_/);
  });

  it('reads retentions (ISO 8601 in the recorded rows) as milliseconds', () => {
    const d = toDetail(sql.sysInvocation.rows[0]);
    expect(sql.sysInvocation.rows[0].completion_retention).toBe('PT86400S');
    expect(d.completionRetentionMs).toBe(86_400_000);
    expect(d.journalRetentionMs).toBe(86_400_000);
    expect(isoDurationMs('PT0S')).toBe(0);
    expect(isoDurationMs('P1DT1H30M0.5S')).toBe(((24 + 1) * 60 + 30) * 60_000 + 500);
    for (const bad of ['P', 'PT', '1d', 'PT1.5H', '', null, 3600]) {
      expect({ bad, ms: isoDurationMs(bad) }).toEqual({ bad, ms: undefined });
    }
  });

  it('reads who restarted an invocation', () => {
    const d = toDetail(sql.sysInvocation.rows[2]);
    expect(d.invokedBy).toBe('restart_as_new');
    expect(d.restartedFrom).toBe('inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7');
    expect(d.completionFailure).toBe('[409] killed');
  });

  it('makes journal entries readable: input, state, output with its terminal failure', () => {
    const entries = sql.journalCounterAdd.rows.map(toJournalEntry);
    expect(entries.map((e) => e.type)).toEqual(['Input', 'GetEagerState', 'SetState', 'Output']);
    expect(entries[0].details).toContainEqual({ label: 'input', value: '5' });
    expect(entries[2].details).toEqual(
      expect.arrayContaining([
        { label: 'key', value: 'count' },
        { label: 'value', value: '5' },
      ])
    );
    expect(entries[3].result).toEqual({ ok: true, value: '5' });

    const failed = sql.journalFail.rows.map(toJournalEntry);
    expect(failed[1].result).toEqual({ ok: false, code: 418, message: 'this always fails' });
  });

  it('shows when a sleep wakes up and names a run', () => {
    const sleep = sql.journalSlow.rows.map(toJournalEntry)[1];
    expect(sleep.type).toBe('Sleep');
    expect(sleep.details[0]).toMatchObject({ label: 'wakes up' });
    expect(sleep.details[0].time).toBeGreaterThan(Date.parse('2026-11-22T00:00:00Z'));
    expect(sql.journalBusy.rows.map(toJournalEntry)[1]).toMatchObject({ type: 'Run', name: 'wait' });
  });

  it('reads retry and pause events with their error', () => {
    const [paused, retry] = sql.journalEventsFlaky.rows.map(toJournalEvent);
    expect(paused).toMatchObject({ type: 'Paused', errorCode: 500, docCode: 'RT0007', message: 'flaky failure #6' });
    expect(retry).toMatchObject({ type: 'TransientError', errorCode: 500, message: 'flaky failure #6' });
  });

  it('scopes journal, state and inbox queries to one invocation or object', () => {
    expect(buildJournalQuery(ID)).toMatch(new RegExp(`FROM sys_journal WHERE id = '${ID}' ORDER BY index LIMIT 1000$`));
    expect(buildStateQuery('counter', "a'b")).toBe(
      "SELECT key, value_utf8, value_length FROM state WHERE service_name = 'counter' AND service_key = 'a''b' ORDER BY key LIMIT 500"
    );
    expect(buildInboxQuery(ID, 'counter', 'k1')).toContain(
      "FROM sys_inbox WHERE service_name = 'counter' AND service_key = 'k1'"
    );
  });

  it('tells how many are ahead in the inbox and who holds the object', async () => {
    const fetch = jest
      .fn()
      .mockReturnValueOnce(of({ data: sqlAnswer(sql.inbox.rows) }))
      .mockReturnValueOnce(of({ data: sqlAnswer([{ invocation_id: 'inv_1foAirY4KKzi5w1cQdPLsT28pYt7IF7Wia' }]) }));
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    await expect(getInboxPosition('ds', 'inv_1foAirY4KKzi2j7fOKqKqQt3aWwIsvCsCD', 'counter', 'k1')).resolves.toEqual({
      length: 1,
      ahead: 0,
      holder: 'inv_1foAirY4KKzi5w1cQdPLsT28pYt7IF7Wia',
    });
    expect(fetch.mock.calls[0][0]).toMatchObject({ url: '/api/ds/query', method: 'POST' });
  });
});

describe('actions', () => {
  function answer(res: { status: number; body: unknown }) {
    const fetch = jest.fn(() =>
      res.status < 300
        ? of({ data: res.body ?? '' })
        : throwError(() => ({ status: res.status, statusText: '', data: res.body, config: {}, isHandled: false }))
    );
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    return fetch;
  }

  it('sends PATCH invocations/{id}/<action> to the backend (which forwards it to Restate for an Editor)', async () => {
    const fetch = answer(actions.cancel);
    await expect(runAction('ds', ID, 'cancel')).resolves.toEqual({
      id: ID,
      action: 'cancel',
      ok: true,
      newInvocationId: undefined,
    });
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/api/datasources/uid/ds/resources/invocations/${ID}/cancel`, method: 'PATCH' })
    );
  });

  it('returns the new id of restart-as-new', async () => {
    answer(actions.restartAsNew);
    await expect(runAction('ds', ID, 'restart-as-new')).resolves.toMatchObject({
      ok: true,
      newInvocationId: 'inv_1h5w7w8lJwNZ41Xpl3J8Gt2jiHh0opsxX3',
    });
  });

  it('explains 409 already completed for cancel and kill, with Restate’s words', async () => {
    answer(actions.cancelAgain);
    const r = await runAction('ds', ID, 'kill');
    expect(r.ok).toBe(false);
    expect(r.status).toBe(409);
    expect(r.error).toMatch(/already completed, so there is nothing to kill\. Purge it/);
    expect(r.error).toContain('was already completed');
  });

  it('explains 409 not completed for purge, and 404 unknown', async () => {
    answer(actions.purgeRunning);
    expect((await runAction('ds', ID, 'purge')).error).toMatch(/only completed invocations can be purged/);
    answer(actions.unknownCancel);
    expect((await runAction('ds', ID, 'cancel')).error).toMatch(/does not know this invocation/);
  });

  it('does not send a request for a malformed id', async () => {
    const fetch = answer(actions.malformedCancel);
    const r = await runAction('ds', 'xyz', 'cancel');
    expect(r).toMatchObject({ ok: false, status: 400 });
    expect(fetch).not.toHaveBeenCalled();
    expect(
      explainActionError(
        'cancel',
        new RestateApiError({ kind: 'restate', status: 400, message: actions.malformedCancel.body.message })
      )
    ).toMatch(/malformed/);
  });

  it('runs a bulk action on every id and reports each result in order', async () => {
    const ids = ['inv_1aaaaaaaaaaaaaaaaaaaa', 'inv_1bbbbbbbbbbbbbbbbbbbb', 'inv_1cccccccccccccccccccc'];
    const fetch = jest.fn((req: { url: string }) =>
      req.url.includes('bbbb')
        ? throwError(() => ({ status: 409, data: actions.killCompleted.body, config: {} }))
        : of({ data: '' })
    );
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    const seen: string[] = [];
    const results = await runBulkAction('ds', ids, 'kill', { concurrency: 2, onResult: (r) => seen.push(r.id) });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results.map((r) => r.id)).toEqual(ids);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('knows which actions apply to which status', () => {
    expect(actionApplies('purge', 'completed', 'failure')).toBe(true);
    expect(actionApplies('purge', 'running')).toBe(false);
    expect(actionApplies('resume', 'paused')).toBe(true);
    expect(actionApplies('cancel', 'completed', 'success')).toBe(false);
  });
});
