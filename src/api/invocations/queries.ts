import { DEPLOYMENT_ID } from '../../model/ids';
import { runSql } from '../sql';
import { sqlString, sqlTimestamp } from '../sqlLiteral';
import { isFullInvocationId, isInvocationId, isInvocationIdPrefix, type StatusFilter } from './status';
import { toCounts, toSummary, type InvocationSummary, type StatusCounts } from './rows';

/** The SQL of the list and the counts, from the filters, sort and page the user chose (the detail: detail.ts). */

export interface InvocationFilters {
  statuses?: StatusFilter[];
  service?: string;
  handler?: string;
  /** Virtual object / workflow key. */
  key?: string;
  /** Pinned deployment id (dp_…). */
  deployment?: string;
  idempotencyKey?: string;
  /** A whole invocation id, or its beginning (`inv_1h5w…`): a prefix search. */
  id?: string;
  /** The invocation that created these (`invoked_by_id`): the calls and sends it made. */
  createdBy?: string;
  /** created_at range, epoch ms; `to` exclusive. */
  createdFrom?: number;
  createdTo?: number;
}

export const SORT_COLUMNS = [
  'created_at',
  'modified_at',
  'target',
  'status',
  'retry_count',
  'next_retry_at',
  'journal_size',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDirection = 'asc' | 'desc';

export interface InvocationSort {
  column: SortColumn;
  direction: SortDirection;
}

export const DEFAULT_SORT: InvocationSort = { column: 'created_at', direction: 'desc' };

export function isSortColumn(s: string): s is SortColumn {
  return (SORT_COLUMNS as readonly string[]).includes(s);
}

export interface Page {
  offset: number;
  limit: number;
}

export const MAX_PAGE_SIZE = 500;

/** Problems with filter values, each phrased for the field it belongs to; a query is not sent while any exists. */
export function validateFilters(f: InvocationFilters): Partial<Record<keyof InvocationFilters, string>> {
  const problems: Partial<Record<keyof InvocationFilters, string>> = {};
  if (f.id !== undefined && f.id.trim() !== '' && !isInvocationIdPrefix(f.id.trim())) {
    problems.id =
      'An invocation id looks like inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7; its beginning (inv_ and at least one letter or digit) finds every id that starts with it.';
  }
  if (f.createdBy !== undefined && f.createdBy.trim() !== '' && !isInvocationId(f.createdBy.trim())) {
    problems.createdBy = 'Paste the whole id of the calling invocation, e.g. inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7.';
  }
  if (f.deployment !== undefined && f.deployment !== '' && !DEPLOYMENT_ID.test(f.deployment)) {
    problems.deployment = 'A deployment id looks like dp_15XTIJJUiMFkIvG6dtWNy7f.';
  }
  if (f.createdFrom !== undefined && f.createdTo !== undefined && f.createdFrom > f.createdTo) {
    problems.createdFrom = 'The time range starts after it ends.';
  }
  return problems;
}

/**
 * `sys_invocation.status` as `sys_invocation_status` stores it (`sys_invocation` is a view of it joined with
 * `sys_invocation_state`): the same word but for pending (`inboxed`); ready, running and backing-off are one stored
 * status (`invoked`) told apart only by the state table, so they have no stored name.
 */
const STORED_STATUS: Partial<Record<StatusFilter, string>> = {
  pending: 'inboxed',
  scheduled: 'scheduled',
  suspended: 'suspended',
  paused: 'paused',
  succeeded: 'completed',
  failed: 'completed',
};

function statusCondition(statuses: StatusFilter[], stored = false): string | undefined {
  if (statuses.length === 0) {
    return undefined;
  }
  const name = (s: StatusFilter) => (stored ? STORED_STATUS[s]! : s);
  const plain = statuses.filter((s) => s !== 'succeeded' && s !== 'failed');
  const parts: string[] = [];
  if (plain.length > 0) {
    parts.push(
      plain.length === 1
        ? `status = ${sqlString(name(plain[0]))}`
        : `status IN (${plain.map((s) => sqlString(name(s))).join(', ')})`
    );
  }
  const outcomes = statuses.filter((s) => s === 'succeeded' || s === 'failed');
  if (outcomes.length === 2) {
    parts.push(`status = 'completed'`);
  } else if (outcomes.length === 1) {
    parts.push(
      `(status = 'completed' AND completion_result = ${outcomes[0] === 'succeeded' ? "'success'" : "'failure'"})`
    );
  }
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/**
 * The WHERE conditions of the filters; `withStatus: false` leaves the status out (for counts per status);
 * `stored: true` writes them for `sys_invocation_status` (see `STORED_STATUS`).
 */
export function filterConditions(f: InvocationFilters, { withStatus = true, stored = false } = {}): string[] {
  const problems = validateFilters(f);
  const first = Object.values(problems)[0];
  if (first) {
    throw new Error(first);
  }
  const c: string[] = [];
  const eq = (column: string, v: string | undefined) => {
    if (v !== undefined && v.trim() !== '') {
      c.push(`${column} = ${sqlString(v.trim())}`);
    }
  };
  const id = f.id?.trim();
  if (id) {
    // A whole id is an equality (Restate then reads one partition); a shorter one a prefix search.
    if (isFullInvocationId(id)) {
      eq('id', id);
    } else {
      c.push(`starts_with(id, ${sqlString(id)})`);
    }
  }
  eq('invoked_by_id', f.createdBy);
  eq('target_service_name', f.service);
  eq('target_handler_name', f.handler);
  eq('target_service_key', f.key);
  eq('pinned_deployment_id', f.deployment);
  eq('idempotency_key', f.idempotencyKey);
  if (f.createdFrom !== undefined) {
    c.push(`created_at >= ${sqlTimestamp(f.createdFrom)}`);
  }
  if (f.createdTo !== undefined) {
    c.push(`created_at < ${sqlTimestamp(f.createdTo)}`);
  }
  if (withStatus) {
    const s = statusCondition(f.statuses ?? [], stored);
    if (s) {
      c.push(s);
    }
  }
  return c;
}

function where(conditions: string[]): string {
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/** Columns of a list row: what the table shows, never the large ones (journal, full failure text). */
const LIST_COLUMNS = [
  'id',
  'target',
  'target_service_name',
  'target_service_key',
  'target_handler_name',
  'target_service_ty',
  'status',
  'completion_result',
  'created_at',
  'modified_at',
  'retry_count',
  'next_retry_at',
  'last_failure_error_code',
  // A first line is enough for the list; the detail shows the whole failure.
  'substr(last_failure, 1, 160) AS last_failure',
  'pinned_deployment_id',
  'idempotency_key',
  'journal_size',
  'invoked_by_id',
];

/** Sort columns `sys_invocation_status` holds as `sys_invocation` shows them (status is derived, retries are state). */
const STORED_SORTS: ReadonlySet<SortColumn> = new Set<SortColumn>([
  'created_at',
  'modified_at',
  'target',
  'journal_size',
]);

/** Whether the page's ids can be picked from `sys_invocation_status` alone: every filter and the sort are stored there. */
export function picksFromStatusTable(f: InvocationFilters, sort: InvocationSort): boolean {
  return STORED_SORTS.has(sort.column) && (f.statuses ?? []).every((s) => STORED_STATUS[s] !== undefined);
}

function listParts(sort: InvocationSort, page: Page) {
  if (!isSortColumn(sort.column)) {
    throw new Error(`Cannot sort by ${sort.column}.`);
  }
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  const limit = Math.min(Math.max(1, Math.floor(page.limit)), MAX_PAGE_SIZE);
  const offset = Math.max(0, Math.floor(page.offset));
  return {
    // Rows without the sort value (e.g. no retry time) go last either way; `id` breaks ties so that
    // paging is stable when many rows share a timestamp.
    order: ` ORDER BY ${sort.column} ${dir} NULLS LAST, id ${dir}`,
    slice: ` LIMIT ${limit}${offset ? ` OFFSET ${offset}` : ''}`,
    select: `SELECT ${LIST_COLUMNS.join(', ')} FROM sys_invocation`,
  };
}

/** One page of rows read, filtered and sorted from the `sys_invocation` view alone (it joins status and state). */
export function buildViewListQuery(f: InvocationFilters, sort: InvocationSort, page: Page): string {
  const { order, slice, select } = listParts(sort, page);
  return `${select}${where(filterConditions(f))}${order}${slice}`;
}

/**
 * One page of rows. Restate has no index, so "newest 50" reads every invocation; the cheap way (measured on
 * Restate 1.7 at 100 000 and more invocations, bench/README.md) picks the page's ids from
 * `sys_invocation_status` (two narrow columns, no join) and reads the whole rows of just those ids from the
 * `sys_invocation` view (the ids reach its scan as a filter): the same rows, in one request, in a fraction of
 * the time of sorting the joined view. Filters or sorts the status table cannot answer use the view alone.
 */
export function buildListQuery(f: InvocationFilters, sort: InvocationSort, page: Page): string {
  if (!picksFromStatusTable(f, sort)) {
    return buildViewListQuery(f, sort, page);
  }
  const { order, slice, select } = listParts(sort, page);
  const ids = `SELECT id FROM sys_invocation_status${where(filterConditions(f, { stored: true }))}${order}${slice}`;
  return `${select} WHERE id IN (${ids})${order}`;
}

/** Counts per status (completed split by outcome) under every filter but the status one. */
export function buildCountsQuery(f: InvocationFilters): string {
  return (
    `SELECT status, completion_result, COUNT(*) AS count FROM sys_invocation` +
    `${where(filterConditions(f, { withStatus: false }))} GROUP BY status, completion_result`
  );
}

export async function listInvocations(
  clusterUid: string,
  f: InvocationFilters,
  sort: InvocationSort,
  page: Page,
  opts: { requestId?: string } = {}
): Promise<InvocationSummary[]> {
  const rows = await runSql(clusterUid, buildListQuery(f, sort, page), opts);
  return rows.map(toSummary);
}

export async function countInvocations(
  clusterUid: string,
  f: InvocationFilters,
  opts: { requestId?: string } = {}
): Promise<StatusCounts> {
  return toCounts(await runSql(clusterUid, buildCountsQuery(f), opts));
}

/** Virtual objects and workflows have a key and state; plain services do not. */
export function isKeyed(d: Pick<InvocationSummary, 'serviceType' | 'key'>): boolean {
  return d.serviceType === 'virtual_object' || d.serviceType === 'workflow' || d.key !== undefined;
}
