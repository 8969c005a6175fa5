import { installFakeBackend, rows } from '../test/backendSrv';
import { getServiceHealthCounts, healthQuery } from './fleet';

describe('healthQuery', () => {
  it('counts the invocations created since an hour ago rounded down to the minute, as Restate’s UI does', () => {
    const q = healthQuery(Date.parse('2026-12-02T06:30:45.678Z'));
    expect(q).toContain("WHERE created_at >= '2026-12-02T05:30:00.000Z'");
    expect(q).toContain('GROUP BY target_service_name');
  });

  it('counts a completed invocation that did not succeed as failed (terminal errors, kills, cancels)', () => {
    const q = healthQuery(0);
    expect(q).toContain("status = 'completed' AND completion_result = 'success' THEN 1 ELSE 0 END) AS succeeded");
    expect(q).toContain(
      "status = 'completed' AND COALESCE(completion_result, '') != 'success' THEN 1 ELSE 0 END) AS failed"
    );
    expect(q).toContain("status = 'backing-off' THEN 1 ELSE 0 END) AS backing_off");
  });
});

describe('getServiceHealthCounts', () => {
  it('reads each service’s row into succeeded, failed and the in-flight statuses', async () => {
    installFakeBackend(({ sql }) =>
      sql !== undefined
        ? rows([{ service: 'greeter', succeeded: 90, failed: 10, running: 3, backing_off: 2, paused: 1, ready: 4 }])
        : undefined
    );
    expect(await getServiceHealthCounts('ds1')).toEqual([
      {
        service: 'greeter',
        succeeded: 90,
        failed: 10,
        inFlight: { running: 3, suspended: 0, scheduled: 0, pending: 0, ready: 4, 'backing-off': 2, paused: 1 },
      },
    ]);
  });
});
