import { installFakeBackend, rows } from '../test/backendSrv';
import { stateVersion, toHex, utf8 } from '../model/stateValue';
import {
  buildObjectStateQuery,
  buildStateKeysCountQuery,
  buildStateKeysQuery,
  describeOutcome,
  getObjectState,
  listStateKeys,
  setObjectState,
  withChanges,
} from './objectState';

const UID = 'restate-dev';
const hexRow = (key: string, value: Uint8Array) => ({ key, value_hex: toHex(value) });

describe('state SQL', () => {
  it('lists keys with the prefix filter in SQL, paged, every value quoted', () => {
    expect(buildStateKeysQuery('counter', { prefix: "o'k", offset: 50, limit: 50 })).toBe(
      "SELECT service_key, COUNT(*) AS entries, SUM(value_length) AS bytes FROM state WHERE service_name = 'counter' " +
        "AND starts_with(service_key, 'o''k') GROUP BY service_key ORDER BY service_key LIMIT 50 OFFSET 50"
    );
    expect(buildStateKeysQuery('counter', { offset: -3, limit: 10_000 })).toMatch(
      /WHERE service_name = 'counter' GROUP BY .* LIMIT 500 OFFSET 0$/
    );
    expect(buildStateKeysCountQuery('counter', '%')).toBe(
      "SELECT COUNT(DISTINCT service_key) AS n FROM state WHERE service_name = 'counter' AND starts_with(service_key, '%')"
    );
    expect(buildObjectStateQuery('counter', "a'b")).toBe(
      "SELECT key, encode(value, 'hex') AS value_hex FROM state WHERE service_name = 'counter' AND service_key = 'a''b' ORDER BY key"
    );
    expect(() => buildObjectStateQuery('counter', 'a\u0000')).toThrow(/NUL/);
  });

  it('reads keys and their total', async () => {
    installFakeBackend((req) =>
      req.sql?.includes('COUNT(DISTINCT') ? rows([{ n: 51 }]) : rows([{ service_key: 'k1', entries: 2, bytes: 10 }])
    );
    await expect(listStateKeys(UID, 'counter', { offset: 0, limit: 50 })).resolves.toEqual({
      keys: [{ key: 'k1', entries: 2, bytes: 10 }],
      total: 51,
    });
  });

  it('reads an object state as bytes, decoded, with its version', async () => {
    installFakeBackend(() => rows([hexRow('count', utf8('5')), hexRow('blob', Uint8Array.of(0xff, 0))]));
    const s = await getObjectState(UID, 'counter', 'k1');
    expect(s.entries.map((e) => [e.key, e.decoded.kind])).toEqual([
      ['count', 'json'],
      ['blob', 'binary'],
    ]);
    expect(s.version).toBe(
      stateVersion([
        { key: 'count', value: utf8('5') },
        { key: 'blob', value: Uint8Array.of(0xff, 0) },
      ])
    );
  });
});

describe('setObjectState', () => {
  const v5 = stateVersion([{ key: 'count', value: utf8('5') }]);

  /** A cluster whose state is `reads[i]` at the i-th read (the last one repeats), recording the POSTs. */
  function cluster(reads: Array<Array<[string, string]>>) {
    let i = 0;
    const posts: unknown[] = [];
    const backend = installFakeBackend((req) => {
      if (req.url.includes('/api/ds/query')) {
        const r = reads[Math.min(i++, reads.length - 1)];
        return rows(r.map(([k, v]) => hexRow(k, utf8(v))));
      }
      if (req.method === 'POST' && req.url.endsWith('/admin/services/counter/state')) {
        posts.push(req.data);
        return { status: 202, data: '' };
      }
      return undefined;
    });
    return { posts, backend };
  }

  it('sends every entry as bytes with the version it was edited at, and waits until Restate applied it', async () => {
    const { posts, backend } = cluster([[['count', '5']], [['count', '5']], [['count', '7']]]);
    const o = await setObjectState(UID, 'counter', 'k1', { count: utf8('7') }, v5, { pollMs: 1 });
    expect(o.outcome).toBe('applied');
    expect(posts).toEqual([{ object_key: 'k1', version: v5, new_state: { count: [55] } }]);
    expect(backend.requests.find((r) => r.method === 'POST' && !r.sql)?.url).toBe(
      `/api/datasources/proxy/uid/${UID}/admin/services/counter/state`
    );
  });

  it('sends nothing when the state changed since it was loaded', async () => {
    const { posts } = cluster([[['count', '6']]]);
    const o = await setObjectState(UID, 'counter', 'k1', { count: utf8('7') }, v5, { pollMs: 1 });
    expect(o).toMatchObject({ outcome: 'conflict', sent: false });
    expect(o.state.entries[0].decoded.text).toBe('6');
    expect(posts).toEqual([]);
    expect(describeOutcome(o).detail).toMatch(/^Nothing was sent/);
  });

  it('reports a change Restate dropped because another one came first', async () => {
    const { posts } = cluster([[['count', '5']], [['count', '9']]]);
    const o = await setObjectState(UID, 'counter', 'k1', { count: utf8('7') }, v5, { pollMs: 1 });
    expect(o).toMatchObject({ outcome: 'conflict', sent: true });
    expect(posts).toHaveLength(1);
    expect(describeOutcome(o)).toMatchObject({ severity: 'error', title: 'The state changed since you opened it' });
    expect(describeOutcome(o).detail).toMatch(/Restate refused your change/);
  });

  it('says when an accepted change is not applied yet (the object is busy)', async () => {
    cluster([[['count', '5']]]);
    const o = await setObjectState(UID, 'counter', 'k1', { count: utf8('7') }, v5, { pollMs: 1, timeoutMs: 20 });
    expect(o.outcome).toBe('pending');
    expect(describeOutcome(o).severity).toBe('warning');
  });

  it('clears with an empty state', async () => {
    const { posts } = cluster([[['count', '5']], []]);
    await expect(setObjectState(UID, 'counter', 'k1', {}, v5, { pollMs: 1 })).resolves.toMatchObject({
      outcome: 'applied',
    });
    expect(posts).toEqual([{ object_key: 'k1', version: v5, new_state: {} }]);
  });

  it('applies changes on top of the loaded entries', () => {
    const state = {
      service: 's',
      key: 'k',
      version: 'v',
      entries: [
        { key: 'a', bytes: utf8('1'), decoded: { kind: 'json' as const, size: 1 } },
        { key: 'b', bytes: utf8('2'), decoded: { kind: 'json' as const, size: 1 } },
      ],
    };
    expect(withChanges(state, { a: undefined, c: utf8('3') })).toEqual({ b: utf8('2'), c: utf8('3') });
  });
});
