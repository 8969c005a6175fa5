import { installFakeBackend } from '../test/backendSrv';
import { RestateApiError } from './errors';
import {
  deleteRule,
  listRules,
  preconditionFailure,
  setVQueuePaused,
  upsertBody,
  upsertRule,
  vqueuesEnabled,
  vqueuesQuery,
} from './flowControl';
import { createSubscription, deleteSubscription, listKafkaClusters, propertyRows } from './kafka';

const conflict = (message: string) => new RestateApiError({ kind: 'restate', status: 409, message });

describe('flow-control rules', () => {
  it('creates with DoesNotExist and edits with Matches(version), through the Admin proxy route', async () => {
    const { requests } = installFakeBackend(() => ({
      data: [
        { pattern: 'a', limits: { concurrency: 2 }, disabled: false, version: 3, last_modified_millis_since_epoch: 1 },
      ],
    }));
    await upsertRule('ds1', { pattern: ' a/ ', concurrency: 2, description: ' ', disabled: false });
    await upsertRule('ds1', { pattern: 'a', description: 'cap', disabled: true }, 7);
    expect(requests.map((r) => [r.method, r.url])).toEqual([
      ['PUT', '/api/datasources/proxy/uid/ds1/admin/limits/rules'],
      ['PUT', '/api/datasources/proxy/uid/ds1/admin/limits/rules'],
    ]);
    expect(requests[0].data).toEqual([
      {
        pattern: 'a',
        limits: { concurrency: 2 },
        description: null,
        disabled: false,
        precondition: { type: 'does_not_exist' },
      },
    ]);
    expect(requests[1].data).toEqual([
      {
        pattern: 'a',
        limits: { concurrency: null },
        description: 'cap',
        disabled: true,
        precondition: { type: 'matches', version: 7 },
      },
    ]);
    expect(upsertBody({ pattern: 'x', description: '', disabled: false })[0].limits).toEqual({ concurrency: null });
  });

  it('deletes at the version the user saw', async () => {
    const { requests } = installFakeBackend(() => ({ data: ['a'] }));
    await deleteRule('ds1', 'tenant-a/*', 4);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/datasources/proxy/uid/ds1/admin/limits/rules/bulk-delete',
      data: [{ pattern: 'tenant-a/*', expected_version: 4 }],
    });
  });

  it('reads rules from sys_rules', async () => {
    const { sqls } = installFakeBackend((req) =>
      req.sql
        ? {
            data: {
              results: {
                A: {
                  status: 200,
                  frames: [
                    {
                      schema: {
                        fields: [
                          { name: 'pattern', type: 'string' },
                          { name: 'concurrency', type: 'number' },
                          { name: 'disabled', type: 'boolean' },
                          { name: 'version', type: 'number' },
                        ],
                      },
                      data: {
                        values: [
                          ['*', 'b'],
                          [5, null],
                          [false, true],
                          [1, 2],
                        ],
                      },
                    },
                  ],
                },
              },
            },
          }
        : undefined
    );
    expect(await listRules('ds1')).toEqual([
      { pattern: '*', concurrency: 5, disabled: false, version: 1 },
      { pattern: 'b', disabled: true, version: 2 },
    ]);
    expect(sqls()[0]).toMatch(/FROM sys_rules/);
  });

  it("reads Restate's precondition refusals (as 1.7.12 words them)", () => {
    expect(
      preconditionFailure(
        conflict('rule precondition Matches(v7) for pattern scope1/* failed (actual version: Some(v9))')
      )
    ).toEqual({ kind: 'changed', pattern: 'scope1/*', actual: 9 });
    expect(
      preconditionFailure(conflict('rule precondition DoesNotExist for pattern a failed (actual version: Some(v2))'))
    ).toEqual({ kind: 'exists', pattern: 'a', actual: 2 });
    expect(
      preconditionFailure(conflict('rule precondition Matches(v1) for pattern a failed (actual version: None)'))
    ).toEqual({ kind: 'gone', pattern: 'a' });
    expect(preconditionFailure(conflict('something else'))).toBeUndefined();
    expect(preconditionFailure(new Error('x'))).toBeUndefined();
  });
});

describe('virtual queues', () => {
  it('pauses and resumes through the Editor proxy route, refusing a malformed id before sending', async () => {
    const { requests } = installFakeBackend(() => ({ status: 202, data: '' }));
    await setVQueuePaused('ds1', 'vq_1foAirY4KKzi44NJ0eErgDKW0UeS8CjW2P', true);
    await setVQueuePaused('ds1', 'vq_1foAirY4KKzi44NJ0eErgDKW0UeS8CjW2P', false);
    await expect(setVQueuePaused('ds1', '../limits/rules', true)).rejects.toThrow(/Not a virtual queue id/);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/datasources/proxy/uid/ds1/admin/vqueues/vq_1foAirY4KKzi44NJ0eErgDKW0UeS8CjW2P/pause',
      'POST /api/datasources/proxy/uid/ds1/admin/vqueues/vq_1foAirY4KKzi44NJ0eErgDKW0UeS8CjW2P/resume',
    ]);
  });

  it('filters in SQL with escaped literals', () => {
    expect(vqueuesQuery({ service: "o'brien", activeOnly: true, pausedOnly: true })).toMatch(
      /FROM sys_vqueue_meta WHERE service_name = 'o''brien' AND is_active AND queue_is_paused ORDER BY/
    );
    expect(vqueuesQuery({})).not.toMatch(/WHERE/);
  });

  it('reads whether the server runs them', () => {
    expect(vqueuesEnabled({ features: { vqueues: true } })).toBe(true);
    expect(vqueuesEnabled({ features: { vqueues: false } })).toBe(false);
    expect(vqueuesEnabled({})).toBeUndefined();
  });
});

describe('Kafka', () => {
  it('reads and writes through the backend resources only', async () => {
    const { requests } = installFakeBackend((req) =>
      req.url.endsWith('kafka-clusters') ? { data: { clusters: [{ name: 'b' }, { name: 'a' }] } } : { data: {} }
    );
    expect((await listKafkaClusters('ds1')).map((c) => c.name)).toEqual(['a', 'b']);
    await createSubscription('ds1', { source: 'kafka://a/t', sink: 'service://s/h', options: { x: '1' } });
    await deleteSubscription('ds1', 'sub_1');
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/datasources/uid/ds1/resources/kafka-clusters',
      'POST /api/datasources/uid/ds1/resources/subscriptions',
      'DELETE /api/datasources/uid/ds1/resources/subscriptions/sub_1',
    ]);
    expect(requests[1].data).toEqual({ source: 'kafka://a/t', sink: 'service://s/h', options: { x: '1' } });
  });

  it('shows values the backend hid as hidden', () => {
    expect(propertyRows({ 'sasl.password': '', 'bootstrap.servers': 'k:9092', 'ssl.key': '***' })).toEqual([
      { name: 'bootstrap.servers', value: 'k:9092', masked: false },
      { name: 'sasl.password', value: '', masked: true },
      { name: 'ssl.key', value: '***', masked: true },
    ]);
  });
});
