import { compareVersions, evaluateHealth, retryPolicyLines, sdkVerdict } from './fleet';

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
  const base = { service: 's', active: 0, backingOff: 0, paused: 0, completed: 0, failed: 0 };
  it('is idle without unfinished or recent invocations', () => {
    expect(evaluateHealth(base).level).toBe('idle');
  });
  it('takes the worst of the backing-off, paused and failed ratios against the thresholds', () => {
    expect(evaluateHealth({ ...base, active: 20, backingOff: 1 }).level).toBe('healthy'); // 5% < 10%
    expect(evaluateHealth({ ...base, active: 10, backingOff: 1 }).level).toBe('degraded'); // 10%
    expect(evaluateHealth({ ...base, active: 4, backingOff: 2 }).level).toBe('unhealthy'); // 50%
    expect(evaluateHealth({ ...base, active: 10, paused: 1 }).level).toBe('degraded'); // 10% >= 5%
    expect(evaluateHealth({ ...base, active: 4, paused: 1 }).level).toBe('unhealthy'); // 25%
    expect(evaluateHealth({ ...base, completed: 100, failed: 4 }).level).toBe('healthy');
    expect(evaluateHealth({ ...base, completed: 4, failed: 1 }).level).toBe('unhealthy');
    const h = evaluateHealth({ ...base, active: 3, backingOff: 1, paused: 1 });
    expect(h.ratios.map((r) => [r.name, r.count, r.of])).toEqual([
      ['backing off', 1, 3],
      ['paused', 1, 3],
    ]);
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
