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
  /** The entry's payloads in full (input, parameter, state value, result), for a reader that shows them whole. */
  payloads?: Array<{ label: string; payload: Payload }>;
  /** A command's completion ids: the notifications that complete it carry the same ids (journal v2). */
  awaits?: number[];
  /** A completion notification's id: it completes the command whose `awaits` holds it. */
  completes?: number;
  /** A signal notification's index (awakeables are signals 17 and up; 1 is cancellation). */
  signal?: number;
}

/** A payload as bytes: UTF-8 text (JSON or not) in full, or binary, with its size. */
export type Payload = { kind: 'text'; text: string; bytes: number } | { kind: 'binary'; bytes: number };

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

/** Payload bytes (a JSON byte array in `entry_json`) as UTF-8 text in full, or binary with its size. */
export function payloadOf(bytes: unknown): Payload | undefined {
  if (typeof bytes === 'string') {
    return { kind: 'text', text: bytes, bytes: new TextEncoder().encode(bytes).length };
  }
  if (!Array.isArray(bytes)) {
    return undefined;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes as number[]));
    return { kind: 'text', text, bytes: bytes.length };
  } catch {
    return { kind: 'binary', bytes: bytes.length };
  }
}

/** `{"Service":{"name":"greeter","handler":"greet"}}` or `{"VirtualObject":{"name","key","handler"}}` → `greeter/greet`. */
function targetOf(t: unknown): string | undefined {
  if (!t || typeof t !== 'object') {
    return undefined;
  }
  const inner = Object.values(t as Record<string, unknown>)[0] as
    | { name?: string; key?: string; handler?: string }
    | undefined;
  if (!inner?.name || !inner.handler) {
    return undefined;
  }
  return [inner.name, inner.key, inner.handler].filter((x) => typeof x === 'string').join('/');
}

/** Every `…completion_id` number in a command's body (Call has two: the callee's id and its result). */
function completionIds(body: Record<string, unknown>): number[] {
  return Object.entries(body)
    .filter(([k, v]) => /(^|_)completion_id$/.test(k) && typeof v === 'number')
    .map(([, v]) => v as number);
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
  // Journal v2: {"Command":{"Call":{…}}}, {"Notification":{"Completion":{"Call":{…}}}}, {"Notification":{"Signal":{…}}}.
  const group = json && category ? json[category] : undefined;
  const completion = group?.Completion as Record<string, Record<string, unknown>> | undefined;
  const body: Record<string, unknown> = (group && (group[type] ?? completion?.[type])) || {};
  const request = (body.request ?? {}) as Record<string, unknown>;
  const details: JournalEntry['details'] = [];
  const payloads: NonNullable<JournalEntry['payloads']> = [];
  const addPayload = (label: string, bytes: unknown) => {
    const payload = payloadOf(bytes);
    if (payload) {
      payloads.push({ label, payload });
    }
  };

  const invokedTarget =
    str(r.invoked_target) ??
    (str(body.invocation_target) as string | undefined) ??
    targetOf(body.invocation_target) ??
    targetOf(request.invocation_target);
  const invokedId = str(r.invoked_id) ?? str(body.invocation_id) ?? str(request.invocation_id);
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
    addPayload('input', body.payload);
  }
  if (type === 'SetState' && body.value !== undefined) {
    details.push({ label: 'value', value: decodePayload(body.value) ?? '' });
    addPayload('value', body.value);
  }
  const parameter = body.parameter ?? request.parameter;
  if ((type === 'Call' || type === 'OneWayCall') && parameter !== undefined) {
    details.push({ label: 'input', value: decodePayload(parameter) ?? '' });
    addPayload('input', parameter);
  }
  const result = body.result as Record<string, unknown> | undefined;
  if (result && typeof result === 'object') {
    const value = result.Success ?? result.Value;
    if (value !== undefined) {
      addPayload('result', value);
    }
  }
  const signalId = (body.id as { Index?: unknown } | undefined)?.Index;
  const name = str(r.name) ?? str(body.name);
  const awaits = category === 'Command' ? completionIds(body) : [];
  return {
    index: Number(r.index ?? 0),
    category,
    type,
    name,
    completed: typeof r.completed === 'boolean' ? r.completed : undefined,
    appendedAt: time(r.appended_at),
    details,
    result: resultOf(body.result),
    ...(payloads.length ? { payloads } : {}),
    ...(awaits.length ? { awaits } : {}),
    ...(category === 'Notification' && typeof body.completion_id === 'number' ? { completes: body.completion_id } : {}),
    ...(typeof signalId === 'number' ? { signal: signalId } : {}),
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
