import { fromTimeRange, parseListState, refreshMs, toFilters, toTimeRange, writeListState } from './urlState';

describe('invocations list state in the URL', () => {
  it('reads filters, sort, paging and refresh, ignoring what it does not know', () => {
    const s = parseListState(
      new URLSearchParams(
        'status=running,bogus,failed&service=greeter&key=k1&sort=retry_count:asc&page=3&size=100&refresh=1m'
      )
    );
    expect(s).toMatchObject({
      statuses: ['running', 'failed'],
      service: 'greeter',
      key: 'k1',
      sort: { column: 'retry_count', direction: 'asc' },
      page: 3,
      pageSize: 100,
      refresh: '1m',
    });
    const bad = parseListState(new URLSearchParams('sort=id;DROP:asc&page=-2&size=7'));
    expect(bad).toMatchObject({
      sort: { column: 'created_at', direction: 'desc' },
      page: 1,
      pageSize: 50,
      refresh: '30s',
    });
  });

  it('writes only what differs from the defaults and keeps the cluster', () => {
    const current = new URLSearchParams('cluster=prod&page=4');
    const next = writeListState(current, {
      ...parseListState(current),
      statuses: ['paused'],
      page: 1,
      from: 'now-1h',
      to: 'now',
    });
    expect(next.toString()).toBe('cluster=prod&status=paused&from=now-1h&to=now');
  });

  it('holds the id prefix and the creating invocation, and hands them to the API', () => {
    const caller = 'inv_1foAirY4KKzi5w1cQdPLsT28pYt7IF7Wia';
    const s = parseListState(new URLSearchParams(`cluster=prod&id=inv_1ab&createdBy=${caller}`));
    expect(s).toMatchObject({ id: 'inv_1ab', createdBy: caller });
    expect(toFilters(s)).toMatchObject({ id: 'inv_1ab', createdBy: caller });
    expect(writeListState(new URLSearchParams('cluster=prod'), { ...s, createdBy: '' }).toString()).toBe(
      'cluster=prod&id=inv_1ab'
    );
  });

  it('round-trips a text filter with quotes and spaces', () => {
    const next = writeListState(new URLSearchParams(), {
      ...parseListState(new URLSearchParams()),
      key: "o'brien & co",
    });
    expect(parseListState(next).key).toBe("o'brien & co");
  });

  it('resolves a relative time range at each load and keeps an absolute one', () => {
    const now = Date.now();
    const f = toFilters(parseListState(new URLSearchParams('from=now-1h&to=now')));
    expect(f.createdTo! - f.createdFrom!).toBeGreaterThanOrEqual(3_600_000 - 1000);
    expect(Math.abs(f.createdTo! - now)).toBeLessThan(60_000);
    const abs = toTimeRange('1795388400000', '1795392000000');
    expect(fromTimeRange(abs)).toEqual({ from: '1795388400000', to: '1795392000000' });
    expect(toFilters(parseListState(new URLSearchParams())).createdFrom).toBeUndefined();
  });

  it('turns refresh intervals into milliseconds, off when empty', () => {
    expect(refreshMs('10s')).toBe(10_000);
    expect(refreshMs('5m')).toBe(300_000);
    expect(refreshMs('')).toBe(0);
  });
});
