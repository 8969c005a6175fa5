import type { SqlRow } from '../sql';
import { displayStatus, isStatusFilter, STATUS_FILTERS, type StatusFilter } from './status';

/** Rows of `sys_invocation` as typed values: what a list row shows (the detail page: detail.ts), counts per status. */

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
