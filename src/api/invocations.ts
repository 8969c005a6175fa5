import { restateFetch } from './proxy';
import { isRestateApiError, RestateApiError } from './errors';
import { runSql, type SqlRow } from './sql';
import type { operations } from './generated/admin';

/*
 * Invocations, as Restate 1.7 exposes them: the `sys_invocation` view (list, counts, detail),
 * `sys_journal` / `sys_journal_events` (what happened), `state` (an object's K/V), `sys_inbox` (the
 * queue in front of a virtual object) and `PATCH /invocations/{id}/<action>`. This module is the only
 * code that knows these wire formats; pages get typed values.
 *
 * Every filter, sort and count runs in Restate (DataFusion): a page asks for exactly the rows it shows.
 * Equality filters on `id`, `target_service_name`, `target_service_key`, … are the ones DataFusion can
 * push down into Restate's table scans; an `id = '…'` filter even lets Restate read one partition only.
 */

// ---------------------------------------------------------------------------------------------------
// Status

/** `sys_invocation.status` values of Restate 1.7 (measured: completed, running, suspended, backing-off, paused, scheduled, pending). */
export const INVOCATION_STATUSES = [
  'pending',
  'scheduled',
  'ready',
  'running',
  'backing-off',
  'suspended',
  'paused',
  'completed',
] as const;
export type InvocationStatus = (typeof INVOCATION_STATUSES)[number];

/** What the user filters by: a status, or a completed invocation by its outcome (`completion_result`). */
export type StatusFilter = Exclude<InvocationStatus, 'completed'> | 'succeeded' | 'failed';
export const STATUS_FILTERS: StatusFilter[] = [
  ...INVOCATION_STATUSES.filter((s): s is Exclude<InvocationStatus, 'completed'> => s !== 'completed'),
  'succeeded',
  'failed',
];

export const STATUS_LABELS: Record<StatusFilter | InvocationStatus, string> = {
  pending: 'Pending',
  scheduled: 'Scheduled',
  ready: 'Ready',
  running: 'Running',
  'backing-off': 'Backing off',
  suspended: 'Suspended',
  paused: 'Paused',
  completed: 'Completed',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

/** One sentence per status, for tooltips: what it means and what usually happens next. */
export const STATUS_DESCRIPTIONS: Record<StatusFilter, string> = {
  pending: 'Waiting in a virtual object’s inbox for the invocation ahead of it to finish.',
  scheduled: 'Sent with a delay; starts at its scheduled time.',
  ready: 'Ready to run, waiting for the invoker to start it.',
  running: 'Being executed by a deployment right now.',
  'backing-off': 'The last attempt failed; Restate retries it at the next retry time.',
  suspended: 'Waiting durably (a sleep, a call, a promise); resumes when that completes.',
  paused: 'Stopped by an operator or after exhausting its retries; resume it to continue.',
  succeeded: 'Completed with a result.',
  failed: 'Completed with a terminal error (or was cancelled or killed).',
};

export function isStatusFilter(s: string): s is StatusFilter {
  return (STATUS_FILTERS as string[]).includes(s);
}

/** The status of a row as the user sees it: completed rows split by outcome. */
export function displayStatus(status: string, completionResult?: string): StatusFilter | InvocationStatus | string {
  if (status === 'completed') {
    return completionResult === 'failure' ? 'failed' : completionResult === 'success' ? 'succeeded' : 'completed';
  }
  return status;
}

// ---------------------------------------------------------------------------------------------------
// Safe SQL values

/** Invocation ids are `inv_` + base62 (e.g. inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7). */
const INVOCATION_ID = /^inv_[0-9A-Za-z]{10,64}$/;

export function isInvocationId(s: string): boolean {
  return INVOCATION_ID.test(s);
}

/** A SQL string literal: single quotes doubled (the only escape DataFusion's SQL string literals need). */
export function sqlString(value: string): string {
  // A NUL cannot appear in a Restate name or key and would truncate the literal in some parsers.
  if (value.includes('\u0000')) {
    throw new Error('A filter value cannot contain a NUL character.');
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** A timestamp literal DataFusion compares with `Timestamp(ms, +00:00)` columns. */
export function sqlTimestamp(epochMs: number): string {
  if (!Number.isFinite(epochMs)) {
    throw new Error(`Not a time: ${epochMs}`);
  }
  return sqlString(new Date(epochMs).toISOString());
}

// ---------------------------------------------------------------------------------------------------
// List: filters, sort, paging, counts

export interface InvocationFilters {
  statuses?: StatusFilter[];
  service?: string;
  handler?: string;
  /** Virtual object / workflow key. */
  key?: string;
  /** Pinned deployment id (dp_…). */
  deployment?: string;
  idempotencyKey?: string;
  id?: string;
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
  if (f.id !== undefined && f.id !== '' && !isInvocationId(f.id)) {
    problems.id = 'An invocation id looks like inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7.';
  }
  if (f.deployment !== undefined && f.deployment !== '' && !/^dp_[0-9A-Za-z]+$/.test(f.deployment)) {
    problems.deployment = 'A deployment id looks like dp_15XTIJJUiMFkIvG6dtWNy7f.';
  }
  if (f.createdFrom !== undefined && f.createdTo !== undefined && f.createdFrom > f.createdTo) {
    problems.createdFrom = 'The time range starts after it ends.';
  }
  return problems;
}

function statusCondition(statuses: StatusFilter[]): string | undefined {
  if (statuses.length === 0) {
    return undefined;
  }
  const plain = statuses.filter((s) => s !== 'succeeded' && s !== 'failed');
  const parts: string[] = [];
  if (plain.length > 0) {
    parts.push(
      plain.length === 1 ? `status = ${sqlString(plain[0])}` : `status IN (${plain.map(sqlString).join(', ')})`
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

/** The WHERE conditions of the filters; `withStatus: false` leaves the status out (for counts per status). */
export function filterConditions(f: InvocationFilters, { withStatus = true } = {}): string[] {
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
  eq('id', f.id);
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
    const s = statusCondition(f.statuses ?? []);
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

export function buildListQuery(f: InvocationFilters, sort: InvocationSort, page: Page): string {
  if (!isSortColumn(sort.column)) {
    throw new Error(`Cannot sort by ${sort.column}.`);
  }
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  const limit = Math.min(Math.max(1, Math.floor(page.limit)), MAX_PAGE_SIZE);
  const offset = Math.max(0, Math.floor(page.offset));
  // Rows without the sort value (e.g. no retry time) go last either way; `id` breaks ties so that
  // paging is stable when many rows share a timestamp.
  return (
    `SELECT ${LIST_COLUMNS.join(', ')} FROM sys_invocation${where(filterConditions(f))}` +
    ` ORDER BY ${sort.column} ${dir} NULLS LAST, id ${dir} LIMIT ${limit}${offset ? ` OFFSET ${offset}` : ''}`
  );
}

/** Counts per status (completed split by outcome) under every filter but the status one. */
export function buildCountsQuery(f: InvocationFilters): string {
  return (
    `SELECT status, completion_result, COUNT(*) AS count FROM sys_invocation` +
    `${where(filterConditions(f, { withStatus: false }))} GROUP BY status, completion_result`
  );
}

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

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const time = (v: unknown): number | undefined => {
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

export async function listInvocations(
  uid: string,
  f: InvocationFilters,
  sort: InvocationSort,
  page: Page,
  opts: { requestId?: string } = {}
): Promise<InvocationSummary[]> {
  const rows = await runSql(uid, buildListQuery(f, sort, page), opts);
  return rows.map(toSummary);
}

export async function countInvocations(
  uid: string,
  f: InvocationFilters,
  opts: { requestId?: string } = {}
): Promise<StatusCounts> {
  return toCounts(await runSql(uid, buildCountsQuery(f), opts));
}

// ---------------------------------------------------------------------------------------------------
// Detail

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

export function buildDetailQuery(id: string): string {
  assertInvocationId(id);
  return `SELECT * FROM sys_invocation WHERE id = ${sqlString(id)}`;
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

/** One invocation, or undefined when Restate does not know it (never existed, purged, or past retention). */
export async function getInvocation(
  uid: string,
  id: string,
  opts: { requestId?: string } = {}
): Promise<InvocationDetail | undefined> {
  const rows = await runSql(uid, buildDetailQuery(id), opts);
  return rows[0] ? toDetail(rows[0]) : undefined;
}

/** Virtual objects and workflows have a key and state; plain services do not. */
export function isKeyed(d: Pick<InvocationSummary, 'serviceType' | 'key'>): boolean {
  return d.serviceType === 'virtual_object' || d.serviceType === 'workflow' || d.key !== undefined;
}

// ---------------------------------------------------------------------------------------------------
// Journal

/** Journals are bounded by the service's journal size; this caps what one detail page downloads. */
export const JOURNAL_LIMIT = 1000;
export const EVENTS_LIMIT = 100;

export function buildJournalQuery(id: string): string {
  assertInvocationId(id);
  return (
    `SELECT index, entry_type, name, completed, invoked_id, invoked_target, sleep_wakeup_at, promise_name, ` +
    `entry_json, appended_at FROM sys_journal WHERE id = ${sqlString(id)} ORDER BY index LIMIT ${JOURNAL_LIMIT}`
  );
}

export function buildJournalEventsQuery(id: string): string {
  assertInvocationId(id);
  // Newest first: a flaky invocation may have thousands of retries; the latest ones matter.
  return (
    `SELECT after_journal_entry_index, appended_at, event_type, event_json FROM sys_journal_events ` +
    `WHERE id = ${sqlString(id)} ORDER BY appended_at DESC LIMIT ${EVENTS_LIMIT}`
  );
}

export interface JournalEntry {
  index: number;
  /** `Command` or `Notification` (journal v2), else undefined. */
  category?: string;
  /** e.g. Input, Output, Sleep, Call, OneWayCall, Run, GetState, SetState, … */
  type: string;
  name?: string;
  completed?: boolean;
  appendedAt?: number;
  /** Readable one-line details: call target, sleep wake-up time, state key, result, … */
  details: Array<{ label: string; value: string; invocationId?: string; time?: number }>;
  /** Result or failure when the entry carries one. */
  result?: { ok: true; value?: string } | { ok: false; code?: number; message: string };
}

export interface JournalEvent {
  afterIndex?: number;
  appendedAt?: number;
  type: string;
  errorCode?: number | string;
  message?: string;
  docCode?: string;
}

const MAX_PAYLOAD_CHARS = 2000;

/** Payloads arrive as JSON byte arrays; show them as text when they are UTF-8, else their size. */
export function decodePayload(bytes: unknown): string | undefined {
  if (!Array.isArray(bytes)) {
    return typeof bytes === 'string' ? bytes : undefined;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes as number[]));
    return text.length > MAX_PAYLOAD_CHARS ? `${text.slice(0, MAX_PAYLOAD_CHARS)}…` : text;
  } catch {
    return `${bytes.length} bytes of binary data`;
  }
}

function parseJson(s: unknown): unknown {
  if (typeof s !== 'string') {
    return undefined;
  }
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function resultOf(result: unknown): JournalEntry['result'] {
  if (result === undefined || result === null) {
    return undefined;
  }
  if (result === 'Void' || result === 'Success') {
    return { ok: true };
  }
  if (typeof result === 'object') {
    const r = result as Record<string, unknown>;
    if ('Success' in r) {
      return { ok: true, value: decodePayload(r.Success) };
    }
    if ('Value' in r) {
      return { ok: true, value: decodePayload(r.Value) };
    }
    if ('Failure' in r) {
      const f = r.Failure as { code?: number; message?: string };
      return { ok: false, code: f?.code, message: f?.message ?? 'failed' };
    }
  }
  if (result === 'Failure') {
    return { ok: false, message: 'failed' };
  }
  return undefined;
}

/** Turns a `sys_journal` row into a readable entry, decoding only what the row's columns carry. */
export function toJournalEntry(r: SqlRow): JournalEntry {
  const entryType = String(r.entry_type ?? '');
  const [category, type] = entryType.includes(': ') ? entryType.split(': ', 2) : [undefined, entryType];
  const json = parseJson(r.entry_json) as Record<string, Record<string, Record<string, unknown>>> | undefined;
  const body: Record<string, unknown> = (json && category && json[category]?.[type]) || {};
  const details: JournalEntry['details'] = [];

  const invokedTarget = str(r.invoked_target) ?? (str(body.invocation_target) as string | undefined);
  const invokedId = str(r.invoked_id) ?? str(body.invocation_id);
  if (invokedTarget || invokedId) {
    details.push({ label: 'target', value: invokedTarget ?? invokedId ?? '', invocationId: invokedId });
  }
  const wake = time(r.sleep_wakeup_at) ?? num(body.wake_up_time) ?? num(body.invoke_time);
  if (wake !== undefined && (type === 'Sleep' || type === 'OneWayCall')) {
    details.push({ label: type === 'Sleep' ? 'wakes up' : 'runs at', value: new Date(wake).toISOString(), time: wake });
  }
  const promise = str(r.promise_name) ?? str(body.key as string);
  if (promise && /Promise/.test(type)) {
    details.push({ label: 'promise', value: promise });
  } else if (typeof body.key === 'string' && /State/.test(type)) {
    details.push({ label: 'key', value: body.key });
  }
  if (Array.isArray(body.keys) && body.keys.length) {
    details.push({ label: 'keys', value: (body.keys as string[]).join(', ') });
  }
  if (type === 'Input' && body.payload !== undefined) {
    details.push({ label: 'input', value: decodePayload(body.payload) ?? '' });
  }
  if (type === 'SetState' && body.value !== undefined) {
    details.push({ label: 'value', value: decodePayload(body.value) ?? '' });
  }
  if ((type === 'Call' || type === 'OneWayCall') && body.parameter !== undefined) {
    details.push({ label: 'input', value: decodePayload(body.parameter) ?? '' });
  }
  const name = str(r.name) ?? str(body.name);
  return {
    index: Number(r.index ?? 0),
    category,
    type,
    name,
    completed: typeof r.completed === 'boolean' ? r.completed : undefined,
    appendedAt: time(r.appended_at),
    details,
    result: resultOf(body.result),
  };
}

export function toJournalEvent(r: SqlRow): JournalEvent {
  const ev = (parseJson(r.event_json) ?? {}) as Record<string, unknown>;
  const failure = (ev.last_failure ?? ev) as Record<string, unknown>;
  return {
    afterIndex: num(r.after_journal_entry_index),
    appendedAt: time(r.appended_at),
    type: String(r.event_type ?? ev.ty ?? 'Event'),
    errorCode: (failure.error_code as number | undefined) ?? undefined,
    message: str(failure.error_message),
    docCode: str(failure.restate_doc_error_code),
  };
}

export async function getJournal(uid: string, id: string, opts: { requestId?: string } = {}): Promise<JournalEntry[]> {
  return (await runSql(uid, buildJournalQuery(id), opts)).map(toJournalEntry);
}

export async function getJournalEvents(
  uid: string,
  id: string,
  opts: { requestId?: string } = {}
): Promise<JournalEvent[]> {
  return (await runSql(uid, buildJournalEventsQuery(id), opts)).map(toJournalEvent);
}

// ---------------------------------------------------------------------------------------------------
// State and inbox of a virtual object / workflow

export const STATE_LIMIT = 500;

export function buildStateQuery(service: string, key: string): string {
  return (
    `SELECT key, value_utf8, value_length FROM state WHERE service_name = ${sqlString(service)} ` +
    `AND service_key = ${sqlString(key)} ORDER BY key LIMIT ${STATE_LIMIT}`
  );
}

export interface StateEntry {
  key: string;
  /** The value as UTF-8 text, when it is valid UTF-8. */
  text?: string;
  length: number;
}

export async function getState(
  uid: string,
  service: string,
  key: string,
  opts: { requestId?: string } = {}
): Promise<StateEntry[]> {
  const rows = await runSql(uid, buildStateQuery(service, key), opts);
  return rows.map((r) => ({
    key: String(r.key),
    text: typeof r.value_utf8 === 'string' ? r.value_utf8 : undefined,
    length: Number(r.value_length ?? 0),
  }));
}

/**
 * Where an invocation waits in its object's inbox: how many entries are ahead of it, and which
 * invocation holds the object now (sys_keyed_service_status). One aggregate query and one lookup.
 */
export function buildInboxQuery(id: string, service: string, key: string): string {
  assertInvocationId(id);
  const object = `service_name = ${sqlString(service)} AND service_key = ${sqlString(key)}`;
  return (
    `SELECT COUNT(*) AS length, ` +
    `SUM(CASE WHEN sequence_number < (SELECT sequence_number FROM sys_inbox WHERE id = ${sqlString(id)} AND ${object}) THEN 1 ELSE 0 END) AS ahead, ` +
    `MAX(CASE WHEN id = ${sqlString(id)} THEN 1 ELSE 0 END) AS queued ` +
    `FROM sys_inbox WHERE ${object}`
  );
}

export function buildObjectHolderQuery(service: string, key: string): string {
  return (
    `SELECT invocation_id FROM sys_keyed_service_status WHERE service_name = ${sqlString(service)} ` +
    `AND service_key = ${sqlString(key)} LIMIT 1`
  );
}

export interface InboxPosition {
  /** Entries in the object's inbox. */
  length: number;
  /** Entries ahead of this invocation; undefined when it is not in the inbox. */
  ahead?: number;
  /** The invocation that holds the object's lock now. */
  holder?: string;
}

export async function getInboxPosition(
  uid: string,
  id: string,
  service: string,
  key: string,
  opts: { requestId?: string } = {}
): Promise<InboxPosition> {
  const [agg, holder] = await Promise.all([
    runSql(uid, buildInboxQuery(id, service, key), opts),
    runSql(uid, buildObjectHolderQuery(service, key)),
  ]);
  const a = agg[0] ?? {};
  const queued = Number(a.queued ?? 0) === 1;
  return {
    length: Number(a.length ?? 0),
    ahead: queued ? Number(a.ahead ?? 0) : undefined,
    holder: str(holder[0]?.invocation_id),
  };
}

// ---------------------------------------------------------------------------------------------------
// Actions

export const INVOCATION_ACTIONS = [
  'cancel',
  'kill',
  'pause',
  'resume',
  'purge',
  'purge-journal',
  'restart-as-new',
] as const;
export type InvocationAction = (typeof INVOCATION_ACTIONS)[number];

type RestartResponse = operations['restart_as_new_invocation']['responses'][200]['content']['application/json'];

export interface ActionInfo {
  label: string;
  /** What it does, for the confirmation. */
  description: string;
  /** Destructive actions get a red confirm button. */
  destructive: boolean;
  /** Statuses it can succeed on (anything else is sent only if the user insists: the row may be stale). */
  appliesTo: Array<StatusFilter | InvocationStatus>;
}

export const ACTIONS: Record<InvocationAction, ActionInfo> = {
  cancel: {
    label: 'Cancel',
    description:
      'Cancels gracefully: the handler receives a cancellation at its next await, can run compensations, and ends with a “cancelled” failure. Progress stays consistent; calls it started are cancelled too.',
    destructive: true,
    appliesTo: ['pending', 'scheduled', 'ready', 'running', 'backing-off', 'suspended', 'paused'],
  },
  kill: {
    label: 'Kill',
    description:
      'Stops it immediately, without running any more of its code: no compensation, and a virtual object’s state may be left half-updated. Calls it started are killed too. Use it only when cancel cannot work (e.g. the deployment is gone).',
    destructive: true,
    appliesTo: ['pending', 'scheduled', 'ready', 'running', 'backing-off', 'suspended', 'paused'],
  },
  pause: {
    label: 'Pause',
    description: 'Stops retrying or running it until someone resumes it. Its journal and progress are kept.',
    destructive: false,
    appliesTo: ['running', 'backing-off', 'suspended'],
  },
  resume: {
    label: 'Resume',
    description: 'Continues a paused or suspended invocation now; a backing-off one is retried immediately.',
    destructive: false,
    appliesTo: ['paused', 'suspended', 'backing-off', 'running'],
  },
  purge: {
    label: 'Purge',
    description:
      'Forgets a completed invocation: its result, journal and metadata are deleted, and its idempotency key can be reused.',
    destructive: true,
    appliesTo: ['succeeded', 'failed', 'completed'],
  },
  'purge-journal': {
    label: 'Purge journal',
    description: 'Deletes only the journal of a completed invocation; its status and result stay.',
    destructive: true,
    appliesTo: ['succeeded', 'failed', 'completed'],
  },
  'restart-as-new': {
    label: 'Restart as new',
    description:
      'Starts a new invocation with the same input (a new id); the original stays as it is. Needs the journal to be retained.',
    destructive: false,
    appliesTo: ['succeeded', 'failed', 'completed'],
  },
};

export function actionApplies(action: InvocationAction, status: string, completionResult?: string): boolean {
  const s = displayStatus(status, completionResult);
  return (ACTIONS[action].appliesTo as string[]).includes(s);
}

export interface ActionResult {
  id: string;
  action: InvocationAction;
  ok: boolean;
  /** 202: accepted, applied asynchronously. */
  accepted?: boolean;
  newInvocationId?: string;
  /** Plain-words explanation of a failure. */
  error?: string;
  status?: number;
}

function assertInvocationId(id: string) {
  if (!isInvocationId(id)) {
    throw new RestateApiError({
      kind: 'restate',
      status: 400,
      message: `“${id}” is not an invocation id (they look like inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7).`,
    });
  }
}

/** Restate's answer to an action, explained: what it means for this action and what to do instead. */
export function explainActionError(action: InvocationAction, e: unknown): string {
  if (!isRestateApiError(e)) {
    return e instanceof Error ? e.message : String(e);
  }
  if (e.kind !== 'restate') {
    return e.message;
  }
  const said = e.message ? ` (Restate: ${e.message})` : '';
  switch (e.status) {
    case 400:
      return action === 'resume' || action === 'restart-as-new'
        ? `Restate refused the request: the chosen deployment cannot run this invocation, or the id is malformed${said}.`
        : `Restate refused the request as malformed${said}.`;
    case 404:
      return `Restate does not know this invocation: it never existed, was purged, or its retention expired${said}.`;
    case 409:
      switch (action) {
        case 'cancel':
        case 'kill':
          return `It has already completed, so there is nothing to ${action}. Purge it if you want Restate to forget it${said}.`;
        case 'purge':
        case 'purge-journal':
          return `It has not completed yet; only completed invocations can be purged. Cancel or kill it first${said}.`;
        case 'pause':
          return `It is not running (only running, backing-off or suspended invocations can be paused)${said}.`;
        case 'resume':
          return `It cannot be resumed in its current state (completed, or the deployment cannot be changed while running)${said}.`;
        case 'restart-as-new':
          return `It is still running; only completed invocations can be restarted as new${said}.`;
      }
      break;
    case 410:
      return `Its journal is no longer retained, so its input is gone and it cannot be restarted. Enable journal retention on the service to restart invocations later${said}.`;
    case 422:
      return `Restate cannot restart this kind of invocation (workflows and invocations of the old service protocol)${said}.`;
    case 425:
      return `It has not started yet (scheduled or waiting in an inbox)${action === 'resume' ? '; it will run on its own' : ''}${said}.`;
    case 503:
      return `Restate could not route the request inside the cluster (a partition has no leader right now). Try again in a moment${said}.`;
  }
  return e.message;
}

/** Runs one action. Never throws for Restate's answers: the result says what happened. */
export async function runAction(uid: string, id: string, action: InvocationAction): Promise<ActionResult> {
  if (!isInvocationId(id)) {
    return { id, action, ok: false, status: 400, error: `“${id}” is not an invocation id.` };
  }
  try {
    const res = await restateFetch<RestartResponse | '' | undefined>(
      uid,
      `admin/invocations/${encodeURIComponent(id)}/${action}`,
      {
        method: 'PATCH',
      }
    );
    const newInvocationId =
      res && typeof res === 'object' && 'new_invocation_id' in res ? res.new_invocation_id : undefined;
    return { id, action, ok: true, newInvocationId };
  } catch (e) {
    return {
      id,
      action,
      ok: false,
      status: isRestateApiError(e) ? e.status : undefined,
      error: explainActionError(action, e),
    };
  }
}

/**
 * Runs an action on many invocations, a few at a time (Restate Cloud rate-limits; one request per
 * invocation is the API). Results come back in the order of `ids`; `onResult` reports progress.
 */
export async function runBulkAction(
  uid: string,
  ids: string[],
  action: InvocationAction,
  { concurrency = 4, onResult }: { concurrency?: number; onResult?: (r: ActionResult) => void } = {}
): Promise<ActionResult[]> {
  const results: ActionResult[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      results[i] = await runAction(uid, ids[i], action);
      onResult?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------------
// Cluster at a glance

export const CATALOG_COUNTS_QUERY =
  'SELECT (SELECT COUNT(*) FROM sys_deployment) AS deployments, (SELECT COUNT(*) FROM sys_service) AS services';

/** How many deployments and services the cluster has, in one aggregate query. */
export async function getCatalogCounts(uid: string): Promise<{ deployments: number; services: number }> {
  const [r] = await runSql(uid, CATALOG_COUNTS_QUERY);
  return { deployments: Number(r?.deployments ?? 0), services: Number(r?.services ?? 0) };
}
