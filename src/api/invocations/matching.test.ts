import { of } from 'rxjs';
import { setBackendSrv, type BackendSrv } from '@grafana/runtime';
import { actionStatusCondition, applicableCount, buildMatchingIdsQuery, resolveMatchingIds } from './matching';
import { buildCountsQuery, buildListQuery, DEFAULT_SORT, filterConditions, validateFilters } from './queries';
import type { StatusCounts } from './rows';

const ID = 'inv_1foAirY4KKzi5w1cQdPLsT28pYt7IF7Wia';
const PAGE = { offset: 0, limit: 50 };

describe('search by id prefix and by the invocation that created them', () => {
  it('uses an equality for a whole id and a prefix search for its beginning', () => {
    expect(filterConditions({ id: ID })).toEqual([`id = '${ID}'`]);
    expect(filterConditions({ id: 'inv_1foAir' })).toEqual([`starts_with(id, 'inv_1foAir')`]);
    expect(filterConditions({ id: '  inv_1f  ' })).toEqual([`starts_with(id, 'inv_1f')`]);
  });

  it('filters by invoked_by_id, with the other filters', () => {
    expect(filterConditions({ createdBy: ID, service: 'greeter', key: 'k', idempotencyKey: 'i' })).toEqual([
      `invoked_by_id = '${ID}'`,
      `target_service_name = 'greeter'`,
      `target_service_key = 'k'`,
      `idempotency_key = 'i'`,
    ]);
    expect(buildListQuery({ createdBy: ID, id: 'inv_1x' }, DEFAULT_SORT, PAGE)).toContain(
      `WHERE starts_with(id, 'inv_1x') AND invoked_by_id = '${ID}' ORDER BY`
    );
    expect(buildCountsQuery({ createdBy: ID })).toContain(`WHERE invoked_by_id = '${ID}' GROUP BY`);
  });

  it('explains a malformed prefix or caller id before anything is sent', () => {
    expect(validateFilters({ id: 'inv_' })).toEqual({ id: expect.stringMatching(/its beginning/) });
    expect(validateFilters({ id: "inv_1' OR '1'='1" })).toEqual({ id: expect.stringMatching(/inv_/) });
    expect(validateFilters({ id: 'xyz' })).toEqual({ id: expect.stringMatching(/An invocation id looks like/) });
    expect(validateFilters({ createdBy: 'inv_1foAir' })).toEqual({
      createdBy: expect.stringMatching(/whole id of the calling invocation/),
    });
    expect(validateFilters({ id: 'inv_1', createdBy: ID })).toEqual({});
    expect(() => buildListQuery({ createdBy: "x' OR 1=1 --" }, DEFAULT_SORT, PAGE)).toThrow(/calling invocation/);
  });
});

describe('the ids of all matching', () => {
  it('selects ids only, with the list’s filter and the statuses the action applies to, one over the cap', () => {
    expect(buildMatchingIdsQuery({ service: 'greeter', statuses: ['suspended', 'succeeded'] }, 'cancel', 100)).toBe(
      "SELECT id FROM sys_invocation WHERE target_service_name = 'greeter'" +
        " AND (status = 'suspended' OR (status = 'completed' AND completion_result = 'success'))" +
        " AND status IN ('pending', 'scheduled', 'ready', 'running', 'backing-off', 'suspended', 'paused')" +
        ' ORDER BY id LIMIT 101'
    );
    expect(buildMatchingIdsQuery({}, 'purge')).toBe(
      "SELECT id FROM sys_invocation WHERE status = 'completed' ORDER BY id LIMIT 10001"
    );
    expect(actionStatusCondition('pause')).toBe("status IN ('running', 'backing-off', 'suspended')");
    expect(() => buildMatchingIdsQuery({ id: 'nope' }, 'kill')).toThrow(/invocation id/);
  });

  it('counts how many of the matching each action applies to', () => {
    const counts: StatusCounts = {
      pending: 1,
      scheduled: 2,
      ready: 0,
      running: 3,
      'backing-off': 4,
      suspended: 5,
      paused: 6,
      succeeded: 7,
      failed: 8,
    };
    expect(applicableCount(counts, [], 'cancel')).toBe(21);
    expect(applicableCount(counts, [], 'purge')).toBe(15);
    expect(applicableCount(counts, ['failed', 'paused'], 'purge')).toBe(8);
    expect(applicableCount(counts, ['failed', 'paused'], 'resume')).toBe(6);
    expect(applicableCount(counts, ['scheduled'], 'pause')).toBe(0);
  });

  it('resolves through the backend, saying when the cap cut the set', async () => {
    const frame = (ids: string[]) => ({
      data: {
        results: {
          A: {
            status: 200,
            frames: [{ schema: { fields: [{ name: 'id', type: 'string' }] }, data: { values: [ids] } }],
          },
        },
      },
    });
    const fetch = jest
      .fn()
      .mockReturnValueOnce(of(frame(['inv_a', 'inv_b', 'inv_c'])))
      .mockReturnValueOnce(of(frame(['inv_a'])));
    setBackendSrv({ fetch } as unknown as BackendSrv);
    expect(await resolveMatchingIds('ds', { service: 'greeter' }, 'kill', { cap: 2 })).toMatchObject({
      ids: ['inv_a', 'inv_b'],
      capped: true,
      cap: 2,
    });
    const body = fetch.mock.calls[0][0].data;
    expect(body.queries[0]).toMatchObject({ maxRows: 3, sql: expect.stringMatching(/^SELECT id FROM .* LIMIT 3$/) });
    expect(await resolveMatchingIds('ds', {}, 'kill', { cap: 2 })).toMatchObject({ ids: ['inv_a'], capped: false });
  });
});
