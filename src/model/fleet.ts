/*
 * Deployments at scale and service health: the thresholds and versions the pages compare against, in one place,
 * and the pure logic that uses them (no I/O).
 */

/**
 * The newest release of each Restate SDK this plugin knows, by the library name an endpoint declares in its
 * discovery answer (`sdk_version` of a deployment, e.g. `restate-sdk-typescript/1.17.2`). Where each comes
 * from: the npm registry's latest `@restatedev/restate-sdk` (1.17.2, also what `tests/fixtures/service` runs)
 * and PyPI's latest `restate-sdk` (1.2.0), as of this plugin's release. SDKs not listed (Java/Kotlin, Go, Rust)
 * are shown without a verdict rather than guessed.
 */
export const NEWEST_SDK_VERSIONS: Readonly<Record<string, string>> = {
  'restate-sdk-typescript': '1.17.2',
  'restate-sdk-python': '1.2.0',
};

export type SdkVerdict =
  | { kind: 'current'; library: string; version: string }
  | { kind: 'outdated'; library: string; version: string; newest: string }
  | { kind: 'unknown'; text: string };

function parseVersion(v: string): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Compares dotted versions by their first three numbers; undefined when either is not a version. */
export function compareVersions(a: string, b: string): number | undefined {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) {
    return undefined;
  }
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) {
      return x[i] - y[i];
    }
  }
  return 0;
}

/** Whether the SDK an endpoint declared is older than the newest one known (`NEWEST_SDK_VERSIONS`). */
export function sdkVerdict(sdkVersion: string | null | undefined): SdkVerdict {
  if (!sdkVersion) {
    return { kind: 'unknown', text: 'The endpoint did not declare its SDK.' };
  }
  const slash = sdkVersion.lastIndexOf('/');
  const library = slash > 0 ? sdkVersion.slice(0, slash) : sdkVersion;
  const version = slash > 0 ? sdkVersion.slice(slash + 1) : '';
  const newest = NEWEST_SDK_VERSIONS[library];
  const cmp = newest ? compareVersions(version, newest) : undefined;
  if (!newest || cmp === undefined) {
    return { kind: 'unknown', text: `No known newest release for ${sdkVersion}.` };
  }
  return cmp < 0 ? { kind: 'outdated', library, version, newest } : { kind: 'current', library, version };
}

/** What a deployment is to Restate's CLI (`restate deployments list`). */
export type DeploymentState = 'active' | 'draining' | 'drained' | 'unknown';

export const DEPLOYMENT_STATE_TEXT: Record<DeploymentState, string> = {
  active: 'Serves the latest revision of a service: new invocations go here.',
  draining: 'Superseded, but unfinished invocations are pinned here: they finish on this deployment.',
  drained: 'No service’s latest revision and no unfinished invocation: safe to remove.',
  unknown: 'The invocations pinned here could not be counted.',
};

/**
 * Service health thresholds: a ratio at or above `degraded` makes a service degraded, at or above `unhealthy`
 * unhealthy. Backing-off and paused count against the service's unfinished invocations, failed against its
 * invocations completed in the last `failedWindowMinutes`. The alert rules (`src/alerting/model.ts`) have their
 * own, user-set thresholds; these are the at-a-glance view.
 */
export const HEALTH_THRESHOLDS = {
  backingOff: { degraded: 0.1, unhealthy: 0.5 },
  paused: { degraded: 0.05, unhealthy: 0.25 },
  failed: { degraded: 0.05, unhealthy: 0.25 },
  failedWindowMinutes: 60,
} as const;

export type HealthLevel = 'idle' | 'healthy' | 'degraded' | 'unhealthy';

/** One service's invocation counts, as the health query returns them. */
export interface ServiceHealthCounts {
  service: string;
  /** Unfinished invocations (any status but completed). */
  active: number;
  backingOff: number;
  paused: number;
  /** Completed in the window, and of those failed (terminal errors, kills, cancels). */
  completed: number;
  failed: number;
}

export interface HealthRatio {
  name: 'backing off' | 'paused' | 'failed';
  count: number;
  of: number;
  ratio: number;
  level: HealthLevel;
}

export interface ServiceHealth {
  service: string;
  level: HealthLevel;
  ratios: HealthRatio[];
  counts: ServiceHealthCounts;
}

const ORDER: HealthLevel[] = ['idle', 'healthy', 'degraded', 'unhealthy'];

function levelOf(ratio: number, t: { degraded: number; unhealthy: number }): HealthLevel {
  return ratio >= t.unhealthy ? 'unhealthy' : ratio >= t.degraded ? 'degraded' : 'healthy';
}

/** The service's health: the worst of its three ratios; idle when it has nothing unfinished nor recent. */
export function evaluateHealth(c: ServiceHealthCounts): ServiceHealth {
  const ratio = (n: number, of: number) => (of > 0 ? n / of : 0);
  const ratios: HealthRatio[] = [];
  if (c.active > 0) {
    const b = ratio(c.backingOff, c.active);
    const p = ratio(c.paused, c.active);
    ratios.push({ name: 'backing off', count: c.backingOff, of: c.active, ratio: b, level: levelOf(b, HEALTH_THRESHOLDS.backingOff) });
    ratios.push({ name: 'paused', count: c.paused, of: c.active, ratio: p, level: levelOf(p, HEALTH_THRESHOLDS.paused) });
  }
  if (c.completed > 0) {
    const f = ratio(c.failed, c.completed);
    ratios.push({ name: 'failed', count: c.failed, of: c.completed, ratio: f, level: levelOf(f, HEALTH_THRESHOLDS.failed) });
  }
  const level = ratios.reduce<HealthLevel>(
    (worst, r) => (ORDER.indexOf(r.level) > ORDER.indexOf(worst) ? r.level : worst),
    ratios.length ? 'healthy' : 'idle'
  );
  return { service: c.service, level, ratios, counts: c };
}

/** "3 of 10 backing off (30%)". */
export function ratioText(r: HealthRatio): string {
  return `${r.count} of ${r.of} ${r.name} (${Math.round(r.ratio * 100)}%)`;
}

/** A retry policy as the admin API returns it (service: all fields; handler: overrides, each may be null). */
export interface RetryPolicyWire {
  initial_interval?: string | null;
  exponentiation_factor?: number | null;
  max_attempts?: number | null;
  max_interval?: string | null;
  on_max_attempts?: string | null;
}

export interface RetryPolicyLine {
  label: string;
  value: string;
  /** The handler overrides the service's value. */
  overridden: boolean;
}

/**
 * The effective retry policy of a handler (its overrides over the service's policy), in words. `max_attempts`
 * null/absent means infinite retries, as the admin API documents.
 */
export function retryPolicyLines(service: RetryPolicyWire | undefined, handler?: RetryPolicyWire | null): RetryPolicyLine[] {
  const pick = <K extends keyof RetryPolicyWire>(k: K) => {
    const h = handler?.[k];
    return h !== undefined && h !== null ? { v: h, overridden: true } : { v: service?.[k] ?? null, overridden: false };
  };
  const attempts = pick('max_attempts');
  const initial = pick('initial_interval');
  const factor = pick('exponentiation_factor');
  const max = pick('max_interval');
  const end = pick('on_max_attempts');
  const infinite = attempts.v === null;
  return [
    {
      label: 'Attempts',
      value: infinite ? 'unlimited' : `${attempts.v} (including the first)`,
      overridden: attempts.overridden,
    },
    { label: 'First retry after', value: initial.v === null ? 'Restate’s default' : String(initial.v), overridden: initial.overridden },
    { label: 'Growth factor', value: factor.v === null ? 'Restate’s default' : `×${factor.v}`, overridden: factor.overridden },
    { label: 'Longest interval', value: max.v === null ? 'no limit' : String(max.v), overridden: max.overridden },
    {
      label: 'After the last attempt',
      value: infinite
        ? 'never reached (retries forever)'
        : end.v === 'Pause' || end.v === 'pause'
          ? 'pause the invocation (resume it by hand)'
          : end.v === 'Kill' || end.v === 'kill'
            ? 'kill the invocation'
            : end.v === null
              ? 'Restate’s default'
              : String(end.v),
      overridden: end.overridden,
    },
  ];
}
