import type { SqlRow } from '../sql';
import { displayStatus, isStatusFilter, STATUS_FILTERS, type StatusFilter } from './status';

/** Rows of `sys_invocation` as typed values: what a list row and a detail page show, and counts per status. */

export interface InvocationSummary {
  id: string;
  target: string;
  service: string;
  key?: string;
  handler: string;
  serviceType?: string;
  status: string;
  completionResult?: 'success' | 'failure';
  createdAt?: number;
  modifiedAt?: number;
  retryCount?: number;
  nextRetryAt?: number;
  lastFailureCode?: string;
  lastFailure?: string;
  pinnedDeployment?: string;
  idempotencyKey?: string;
  journalSize?: number;
  invokedById?: string;
}

/** Readers of one SQL column value (NULL columns are omitted, empty strings mean none). */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
export const time = (v: unknown): number | undefined => {
  if (typeof v !== 'string') {
    return undefined;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
};

/** Restate's SQL prints durations as ISO 8601 (`PT86400S`); milliseconds, or undefined when it is not one. */
export function isoDurationMs(v: unknown): number | undefined {
  const m = typeof v === 'string' ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(v) : null;
  if (!m || v === 'P' || v === 'PT') {
    return undefined;
  }
  const [d, h, min, sec] = m.slice(1).map((x) => Number(x ?? 0));
  return Math.round((((d * 24 + h) * 60 + min) * 60 + sec) * 1000);
}

export function toSummary(r: SqlRow): InvocationSummary {
  const result = str(r.completion_result);
  return {
    id: String(r.id),
    target: String(r.target ?? ''),
    service: String(r.target_service_name ?? ''),
    key: str(r.target_service_key),
    handler: String(r.target_handler_name ?? ''),
    serviceType: str(r.target_service_ty),
    status: String(r.status ?? ''),
    completionResult: result === 'success' || result === 'failure' ? result : undefined,
    createdAt: time(r.created_at),
    modifiedAt: time(r.modified_at),
    retryCount: num(r.retry_count),
    nextRetryAt: time(r.next_retry_at),
    lastFailureCode: str(r.last_failure_error_code),
    lastFailure: str(r.last_failure),
    pinnedDeployment: str(r.pinned_deployment_id),
    idempotencyKey: str(r.idempotency_key),
    journalSize: num(r.journal_size),
    invokedById: str(r.invoked_by_id),
  };
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

export type StatusCounts = Record<StatusFilter, number>;

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(STATUS_FILTERS.map((s) => [s, 0])) as StatusCounts;
}

export function toCounts(rows: SqlRow[]): StatusCounts {
  const counts = emptyCounts();
  for (const r of rows) {
    const s = displayStatus(String(r.status), str(r.completion_result));
    if (isStatusFilter(s)) {
      counts[s] += Number(r.count ?? 0);
    } else if (s === 'completed') {
      // A completed row without an outcome should not exist; count it as succeeded rather than lose it.
      counts.succeeded += Number(r.count ?? 0);
    }
  }
  return counts;
}

/** How many rows match the filters, from the counts (so the list needs no COUNT of its own). */
export function matchingTotal(counts: StatusCounts, statuses: StatusFilter[] = []): number {
  const chosen = statuses.length ? statuses : STATUS_FILTERS;
  return chosen.reduce((n, s) => n + counts[s], 0);
}
