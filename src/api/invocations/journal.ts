import { runSql, type SqlRow } from '../sql';
import { sqlString } from '../sqlLiteral';
import { assertInvocationId } from './status';
import { num, str, time } from './rows';

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

export async function getJournal(
  clusterUid: string,
  id: string,
  opts: { requestId?: string } = {}
): Promise<JournalEntry[]> {
  return (await runSql(clusterUid, buildJournalQuery(id), opts)).map(toJournalEntry);
}

export async function getJournalEvents(
  clusterUid: string,
  id: string,
  opts: { requestId?: string } = {}
): Promise<JournalEvent[]> {
  return (await runSql(clusterUid, buildJournalEventsQuery(id), opts)).map(toJournalEvent);
}
