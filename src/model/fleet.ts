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
  active:
    'Serves the latest revision of a service (or one missing from Restate’s service list): new invocations go here.',
  draining: 'Superseded, but unfinished invocations are pinned here: they finish on this deployment.',
  drained: 'No service’s latest revision and no unfinished invocation: safe to remove.',
  unknown: 'The invocations pinned here could not be counted.',
};

/**
 * Service health as Restate's web UI computes it (github.com/restatedev/restate-web-ui): the numbers are
 * `libs/features/system-health/src/lib/thresholds.ts` (commit 286ef0821613f8e42614295a6ce86578706d4959), how they
 * apply is `libs/features/system-health/src/lib/service-issues.ts` (commit 88ea2a60ff6823cc1559b6a17f0a0c1c61c56295).
 * Over the invocations created in the last `windowMinutes` (the UI's default range): fewer than `minInvocations`
 * are not judged; a ratio at or above `low` is the UI's low-severity issue (our "degraded", orange), at or above
 * `high` its high-severity one ("unhealthy", red). Failed counts against the completed invocations (cancelled and
 * killed are failed, as the UI merges them), every other status against the in-flight ones. Failed has no high
 * tier (Infinity): failures alone make a service at most degraded, as in the UI. The alert rules
 * (`src/alerting/model.ts`) have their own, user-set thresholds; these are the at-a-glance view.
 */
export const HEALTH_THRESHOLDS = {
  windowMinutes: 60,
  minInvocations: 100,
  ratios: {
    failed: { low: 0.1, high: Infinity },
    'backing-off': { low: 0.05, high: 0.1 },
    paused: { low: 0.01, high: 0.05 },
    pending: { low: 0.01, high: 0.05 },
    ready: { low: 0.01, high: 0.05 },
  },
} as const;

/** The statuses of an invocation not yet completed (`sys_invocation.status` of Restate 1.7), as the UI counts them. */
export const IN_FLIGHT_STATUSES = [
  'running',
  'suspended',
  'scheduled',
  'pending',
  'ready',
  'backing-off',
  'paused',
] as const;
export type InFlightStatus = (typeof IN_FLIGHT_STATUSES)[number];

export type HealthLevel = 'idle' | 'healthy' | 'degraded' | 'unhealthy';

/** One service's invocations created in the health window, as the health query counts them. */
export interface ServiceHealthCounts {
  service: string;
  /** Completed with success. */
  succeeded: number;
  /** Completed without success: terminal errors, kills and cancels. */
  failed: number;
  /** Not completed, by status. */
  inFlight: Record<InFlightStatus, number>;
}

export type HealthRatioStatus = keyof typeof HEALTH_THRESHOLDS.ratios;

export interface HealthRatio {
  status: HealthRatioStatus;
  /** The status in words ("backing off"). */
  name: string;
  count: number;
  /** The denominator: completed invocations for failed, in-flight ones for the rest. */
  of: number;
  against: 'completed' | 'in flight';
  ratio: number;
  level: Exclude<HealthLevel, 'idle'>;
  /** The threshold this ratio reached (`low` or `high`), when it reached one. */
  crossed?: number;
}

export interface ServiceHealth {
  service: string;
  level: HealthLevel;
  /** Each status with a count and a denominator above 0, in the order of `HEALTH_THRESHOLDS.ratios`. */
  ratios: HealthRatio[];
  counts: ServiceHealthCounts;
  completed: number;
  inFlight: number;
  /** completed + inFlight. */
  total: number;
  /** Fewer than `minInvocations` in the window: healthy without being judged, as the UI does. */
  tooFew: boolean;
}

const ORDER: HealthLevel[] = ['idle', 'healthy', 'degraded', 'unhealthy'];

const RATIO_NAMES: Record<HealthRatioStatus, string> = {
  failed: 'failed',
  'backing-off': 'backing off',
  paused: 'paused',
  pending: 'pending',
  ready: 'ready',
};

/** The service's health: the worst of its ratios against `HEALTH_THRESHOLDS`; idle when nothing was created. */
export function evaluateHealth(c: ServiceHealthCounts): ServiceHealth {
  const completed = c.succeeded + c.failed;
  const inFlight = IN_FLIGHT_STATUSES.reduce((n, s) => n + (c.inFlight[s] ?? 0), 0);
  const total = completed + inFlight;
  const tooFew = total < HEALTH_THRESHOLDS.minInvocations;
  const ratios: HealthRatio[] = [];
  for (const [status, t] of Object.entries(HEALTH_THRESHOLDS.ratios) as Array<
    [HealthRatioStatus, { low: number; high: number }]
  >) {
    const count = status === 'failed' ? c.failed : (c.inFlight[status] ?? 0);
    const of = status === 'failed' ? completed : inFlight;
    if (count === 0 || of === 0) {
      continue;
    }
    const ratio = count / of;
    const crossed = tooFew ? undefined : ratio >= t.high ? t.high : ratio >= t.low ? t.low : undefined;
    ratios.push({
      status,
      name: RATIO_NAMES[status],
      count,
      of,
      against: status === 'failed' ? 'completed' : 'in flight',
      ratio,
      level: crossed === undefined ? 'healthy' : crossed === t.high ? 'unhealthy' : 'degraded',
      crossed,
    });
  }
  const level = ratios.reduce<HealthLevel>(
    (worst, r) => (ORDER.indexOf(r.level) > ORDER.indexOf(worst) ? r.level : worst),
    total === 0 ? 'idle' : 'healthy'
  );
  return { service: c.service, level, ratios, counts: c, completed, inFlight, total, tooFew };
}

/** A threshold in percent ("5%"). */
export function thresholdPercent(t: number): string {
  return `${Math.round(t * 1000) / 10}%`;
}

/**
 * A ratio in percent, rounded down to a tenth (from the counts, not the float): a ratio just below a threshold
 * never reads as the threshold itself (99 of 10 000 is 0.9%, not 1%).
 */
function ratioPercent(count: number, of: number): string {
  return `${Math.floor((count * 1000) / of) / 10}%`;
}

/** "backing off: 3 of 10 in flight (30% ≥ 10%)", the threshold only when one was reached. */
export function ratioText(r: HealthRatio): string {
  const pct = ratioPercent(r.count, r.of);
  return `${r.name}: ${r.count} of ${r.of} ${r.against} (${r.crossed === undefined ? pct : `${pct} ≥ ${thresholdPercent(r.crossed)}`})`;
}

/** Why a service is healthy without a verdict: "too few invocations in the last hour to judge (42 of 100)". */
export function tooFewText(h: ServiceHealth): string {
  return `too few invocations in the last hour to judge (${h.total} of ${HEALTH_THRESHOLDS.minInvocations})`;
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
