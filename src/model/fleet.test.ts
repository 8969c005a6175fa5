import {
  compareVersions,
  evaluateHealth,
  IN_FLIGHT_STATUSES,
  ratioText,
  retryPolicyLines,
  sdkVerdict,
  tooFewText,
  type InFlightStatus,
  type ServiceHealthCounts,
} from './fleet';

describe('sdkVerdict', () => {
  it('flags an SDK older than the newest known, and only known SDKs', () => {
    expect(sdkVerdict('restate-sdk-typescript/1.16.3')).toEqual({
      kind: 'outdated',
      library: 'restate-sdk-typescript',
      version: '1.16.3',
      newest: '1.17.2',
    });
    expect(sdkVerdict('restate-sdk-typescript/1.17.2').kind).toBe('current');
    expect(sdkVerdict('restate-sdk-typescript/1.18.0').kind).toBe('current');
    expect(sdkVerdict('restate-sdk-java/2.0.0').kind).toBe('unknown');
    expect(sdkVerdict('restate-sdk-typescript/dev').kind).toBe('unknown');
    expect(sdkVerdict(null).kind).toBe('unknown');
  });

  it('compares versions by number, not as text', () => {
    expect(compareVersions('1.9.0', '1.17.2')).toBeLessThan(0);
    expect(compareVersions('1.17', '1.17.0')).toBe(0);
    expect(compareVersions('x', '1.0.0')).toBeUndefined();
  });
});

describe('evaluateHealth', () => {
  // Restate's UI (HEALTH_THRESHOLDS): failed low 10% (no high), backing-off 5%/10%, paused, pending and ready 1%/5%.
  const counts = (c: Partial<Record<'succeeded' | 'failed' | InFlightStatus, number>>): ServiceHealthCounts => ({
    service: 's',
    succeeded: c.succeeded ?? 0,
    failed: c.failed ?? 0,
    inFlight: Object.fromEntries(IN_FLIGHT_STATUSES.map((st) => [st, c[st] ?? 0])) as Record<InFlightStatus, number>,
  });
  const level = (c: Parameters<typeof counts>[0]) => evaluateHealth(counts(c)).level;

  it('is idle without an invocation in the window', () => {
    expect(evaluateHealth(counts({}))).toMatchObject({ level: 'idle', total: 0, ratios: [] });
  });

  it('does not judge fewer than 100 invocations (99 of 100), and judges 100', () => {
    const h = evaluateHealth(counts({ running: 49, 'backing-off': 50 }));
    expect(h).toMatchObject({ level: 'healthy', tooFew: true, total: 99 });
    expect(h.ratios.map((r) => [r.status, r.level, r.crossed])).toEqual([['backing-off', 'healthy', undefined]]);
    expect(tooFewText(h)).toBe('too few invocations in the last hour to judge (99 of 100)');
    expect(evaluateHealth(counts({ running: 50, 'backing-off': 50 }))).toMatchObject({
      level: 'unhealthy',
      tooFew: false,
    });
    expect(level({ succeeded: 40, failed: 59 })).toBe('healthy');
    expect(level({ succeeded: 40, failed: 60 })).toBe('degraded');
  });

  it('is healthy from 100 invocations on when no threshold is crossed', () => {
    const h = evaluateHealth(counts({ succeeded: 100, running: 3, suspended: 4, scheduled: 5 }));
    expect(h).toMatchObject({ level: 'healthy', completed: 100, inFlight: 12, total: 112, ratios: [] });
  });

  it('backing off: degraded at 5% of those in flight, unhealthy at 10%, each just below and at', () => {
    expect(level({ running: 96, 'backing-off': 4 })).toBe('healthy');
    expect(level({ running: 95, 'backing-off': 5 })).toBe('degraded');
    expect(level({ running: 91, 'backing-off': 9 })).toBe('degraded');
    expect(level({ running: 90, 'backing-off': 10 })).toBe('unhealthy');
  });

  it.each(['paused', 'pending', 'ready'] as const)('%s: degraded at 1% of those in flight, unhealthy at 5%', (st) => {
    expect(level({ running: 100, [st]: 1 })).toBe('healthy'); // 1 of 101 is 0.99%
    expect(level({ running: 99, [st]: 1 })).toBe('degraded');
    expect(level({ running: 96, [st]: 4 })).toBe('degraded');
    expect(level({ running: 95, [st]: 5 })).toBe('unhealthy');
  });

  it('failed: degraded at 10% of those completed, and never unhealthy (no high threshold, as in the UI)', () => {
    expect(level({ succeeded: 91, failed: 9 })).toBe('healthy');
    expect(level({ succeeded: 90, failed: 10 })).toBe('degraded');
    expect(level({ succeeded: 50, failed: 50 })).toBe('degraded');
    expect(level({ failed: 100 })).toBe('degraded');
  });

  it('measures failed against the completed only and the other statuses against those in flight only', () => {
    // 1 paused of 1 in flight is 100%, however many completed
    expect(level({ succeeded: 1000, paused: 1 })).toBe('unhealthy');
    // 10 failed of 100 completed, however many in flight
    expect(level({ succeeded: 90, failed: 10, running: 1000 })).toBe('degraded');
    const h = evaluateHealth(counts({ succeeded: 90, failed: 10, running: 84, 'backing-off': 6, paused: 10 }));
    expect(h.ratios.map((r) => [r.status, r.count, r.of, r.against, r.level, r.crossed])).toEqual([
      ['failed', 10, 100, 'completed', 'degraded', 0.1],
      ['backing-off', 6, 100, 'in flight', 'degraded', 0.05],
      ['paused', 10, 100, 'in flight', 'unhealthy', 0.05],
    ]);
    // several issues at once: the worst decides
    expect(h.level).toBe('unhealthy');
  });

  it('says each ratio with what it is measured against and the threshold it reached', () => {
    const [failed, backingOff, ready] = evaluateHealth(
      counts({ succeeded: 95, failed: 5, running: 9_000, 'backing-off': 1_000, ready: 99 })
    ).ratios;
    expect(ratioText(failed)).toBe('failed: 5 of 100 completed (5%)');
    expect(ratioText(backingOff)).toBe('backing off: 1000 of 10099 in flight (9.9% ≥ 5%)');
    // rounded down from the counts: just below 1% never reads as 1%
    expect(ratioText(ready)).toBe('ready: 99 of 10099 in flight (0.9%)');
  });
});

describe('retryPolicyLines', () => {
  const service = {
    initial_interval: '1s',
    exponentiation_factor: 2,
    max_attempts: 10,
    max_interval: '30s',
    on_max_attempts: 'Kill',
  };
  it('shows the service policy, and a handler override over it', () => {
    const lines = retryPolicyLines(service, { max_attempts: 2, on_max_attempts: 'Pause', initial_interval: null });
    const by = Object.fromEntries(lines.map((l) => [l.label, l]));
    expect(by['Attempts']).toEqual({ label: 'Attempts', value: '2 (including the first)', overridden: true });
    expect(by['First retry after']).toMatchObject({ value: '1s', overridden: false });
    expect(by['After the last attempt']).toMatchObject({ value: 'pause the invocation (resume it by hand)', overridden: true });
    expect(Object.fromEntries(retryPolicyLines(service).map((l) => [l.label, l.value]))['After the last attempt']).toBe(
      'kill the invocation'
    );
  });
  it('says unlimited attempts when max_attempts is unset', () => {
    const lines = retryPolicyLines({ ...service, max_attempts: null });
    expect(lines[0].value).toBe('unlimited');
    expect(lines[4].value).toBe('never reached (retries forever)');
  });
});
