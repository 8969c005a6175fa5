import { runSql, type SqlRow } from '../sql';
import { sqlString } from '../sqlLiteral';
import { num, str, time, toSummary, type InvocationSummary } from './rows';
import { assertInvocationId } from './status';

/** One invocation with everything `sys_invocation` knows of it: what the detail page shows (not the list). */

/** Restate's SQL prints durations as ISO 8601 (`PT86400S`); milliseconds, or undefined when it is not one. */
export function isoDurationMs(v: unknown): number | undefined {
  const m = typeof v === 'string' ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(v) : null;
  if (!m || v === 'P' || v === 'PT') {
    return undefined;
  }
  const [d, h, min, sec] = m.slice(1).map((x) => Number(x ?? 0));
  return Math.round((((d * 24 + h) * 60 + min) * 60 + sec) * 1000);
}

export interface InvocationDetail extends InvocationSummary {
  serviceType?: string;
  invokedBy?: string;
  invokedByTarget?: string;
  invokedBySubscription?: string;
  restartedFrom?: string;
  traceId?: string;
  lastFailure?: string;
  lastFailureEntry?: string;
  lastAttemptDeployment?: string;
  lastAttemptServer?: string;
  lastStartAt?: number;
  completionFailure?: string;
  journalCommands?: number;
  inboxedAt?: number;
  scheduledAt?: number;
  scheduledStartAt?: number;
  runningAt?: number;
  completedAt?: number;
  /** How long the result / the journal stay after completion, in ms. */
  completionRetentionMs?: number;
  journalRetentionMs?: number;
  createdUsingVersion?: string;
  suspendedWaitingFor?: number[];
}

export function toDetail(r: SqlRow): InvocationDetail {
  const entryName = str(r.last_failure_related_command_name) ?? str(r.last_failure_related_entry_name);
  const entryType = str(r.last_failure_related_command_type) ?? str(r.last_failure_related_entry_type);
  const entryIndex = num(r.last_failure_related_command_index) ?? num(r.last_failure_related_entry_index);
  const related =
    entryType || entryName || entryIndex !== undefined
      ? [entryIndex !== undefined ? `#${entryIndex}` : undefined, entryType, entryName ? `“${entryName}”` : undefined]
          .filter(Boolean)
          .join(' ')
      : undefined;
  return {
    ...toSummary(r),
    invokedBy: str(r.invoked_by),
    invokedByTarget: str(r.invoked_by_target),
    invokedBySubscription: str(r.invoked_by_subscription_id),
    restartedFrom: str(r.restarted_from),
    traceId: str(r.trace_id),
    lastFailure: str(r.last_failure),
    lastFailureEntry: related,
    lastAttemptDeployment: str(r.last_attempt_deployment_id),
    lastAttemptServer: str(r.last_attempt_server),
    lastStartAt: time(r.last_start_at),
    completionFailure: str(r.completion_failure),
    journalCommands: num(r.journal_commands_size),
    inboxedAt: time(r.inboxed_at),
    scheduledAt: time(r.scheduled_at),
    scheduledStartAt: time(r.scheduled_start_at),
    runningAt: time(r.running_at),
    completedAt: time(r.completed_at),
    completionRetentionMs: isoDurationMs(r.completion_retention),
    journalRetentionMs: isoDurationMs(r.journal_retention),
    createdUsingVersion: str(r.created_using_restate_version),
    suspendedWaitingFor: Array.isArray(r.suspended_waiting_for_completions)
      ? (r.suspended_waiting_for_completions as number[])
      : undefined,
  };
}

export function buildDetailQuery(id: string): string {
  assertInvocationId(id);
  return `SELECT * FROM sys_invocation WHERE id = ${sqlString(id)}`;
}

/** One invocation, or undefined when Restate does not know it (never existed, purged, or past retention). */
export async function getInvocation(
  clusterUid: string,
  id: string,
  opts: { requestId?: string } = {}
): Promise<InvocationDetail | undefined> {
  const rows = await runSql(clusterUid, buildDetailQuery(id), opts);
  return rows[0] ? toDetail(rows[0]) : undefined;
}
