import { decodeValue, fromHex, stateVersion, type DecodedValue } from '../model/stateValue';
import { restateFetch } from './proxy';
import { runSql } from './sql';
import { sqlString } from './sqlLiteral';

/*
 * The K/V state of virtual objects and workflows: read with SQL over Restate's `state` table (one row per entry:
 * service_name, service_key, key, value bytes), changed with `POST /services/{service}/state`
 * (ModifyServiceStateRequest: object_key, new_state = every entry as a byte array, version).
 *
 * Restate 1.7 answers that POST with 202 Accepted and applies the change later, in order with the object's
 * invocations. With `version` set, it applies it only if the state still hashes to that version; otherwise it
 * drops the change without telling the caller (the 202 was already sent). So a write here re-reads the state
 * first (nothing is sent when it changed since it was loaded), then reads it again until it shows the outcome.
 */

export const KEYS_PAGE_SIZE = 50;

export interface StateKeysQuery {
  /** Only keys that start with this. */
  prefix?: string;
  offset: number;
  limit: number;
}

export interface StateKeyRow {
  key: string;
  entries: number;
  bytes: number;
}

const where = (service: string, prefix?: string) =>
  `service_name = ${sqlString(service)}` + (prefix ? ` AND starts_with(service_key, ${sqlString(prefix)})` : '');

export function buildStateKeysQuery(service: string, q: StateKeysQuery): string {
  const limit = Math.max(1, Math.min(500, Math.floor(q.limit)));
  const offset = Math.max(0, Math.floor(q.offset));
  return (
    `SELECT service_key, COUNT(*) AS entries, SUM(value_length) AS bytes FROM state WHERE ${where(service, q.prefix)} ` +
    `GROUP BY service_key ORDER BY service_key LIMIT ${limit} OFFSET ${offset}`
  );
}

export function buildStateKeysCountQuery(service: string, prefix?: string): string {
  return `SELECT COUNT(DISTINCT service_key) AS n FROM state WHERE ${where(service, prefix)}`;
}

/** One page of the keys of `service` that hold state, and how many there are in all. */
export async function listStateKeys(
  clusterUid: string,
  service: string,
  q: StateKeysQuery
): Promise<{ keys: StateKeyRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    runSql(clusterUid, buildStateKeysQuery(service, q), { requestId: `restate-state-keys-${service}` }),
    runSql(clusterUid, buildStateKeysCountQuery(service, q.prefix)),
  ]);
  return {
    keys: rows.map((r) => ({
      key: String(r.service_key),
      entries: Number(r.entries ?? 0),
      bytes: Number(r.bytes ?? 0),
    })),
    total: Number(count[0]?.n ?? 0),
  };
}

export interface StateValue {
  key: string;
  bytes: Uint8Array;
  decoded: DecodedValue;
}

export interface ObjectState {
  service: string;
  key: string;
  entries: StateValue[];
  /** Restate's version of this state (see stateVersion), sent back with a change. */
  version: string;
}

export function buildObjectStateQuery(service: string, key: string): string {
  return (
    `SELECT key, encode(value, 'hex') AS value_hex FROM state WHERE service_name = ${sqlString(service)} ` +
    `AND service_key = ${sqlString(key)} ORDER BY key`
  );
}

export async function getObjectState(
  clusterUid: string,
  service: string,
  key: string,
  opts: { requestId?: string } = {}
): Promise<ObjectState> {
  const rows = await runSql(clusterUid, buildObjectStateQuery(service, key), { ...opts, maxRows: 10_000 });
  const entries = rows.map((r) => {
    const bytes = fromHex(typeof r.value_hex === 'string' ? r.value_hex : '');
    return { key: String(r.key), bytes, decoded: decodeValue(bytes) };
  });
  return { service, key, entries, version: stateVersion(entries.map((e) => ({ key: e.key, value: e.bytes }))) };
}

export type StateChangeOutcome =
  /** Restate applied the change: the state now is what was sent. */
  | { outcome: 'applied'; state: ObjectState }
  /** The state changed after it was loaded; nothing was sent (or Restate dropped the change). */
  | { outcome: 'conflict'; state: ObjectState; sent: boolean }
  /** Restate accepted the change but has not applied it yet (an invocation holds the object). */
  | { outcome: 'pending'; state: ObjectState };

export interface StateChangeOptions {
  /** How long to wait for Restate to apply an accepted change. */
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Replaces the whole state of `service`/`key` with `newState` if it is still at `expectedVersion` (the version
 * the user edited). An empty `newState` clears the state.
 */
export async function setObjectState(
  clusterUid: string,
  service: string,
  key: string,
  newState: Record<string, Uint8Array>,
  expectedVersion: string,
  { timeoutMs = 5000, pollMs = 250 }: StateChangeOptions = {}
): Promise<StateChangeOutcome> {
  const before = await getObjectState(clusterUid, service, key);
  if (before.version !== expectedVersion) {
    return { outcome: 'conflict', state: before, sent: false };
  }
  const wanted = stateVersion(Object.entries(newState).map(([k, v]) => ({ key: k, value: v })));
  await restateFetch<unknown>(clusterUid, `admin/services/${encodeURIComponent(service)}/state`, {
    method: 'POST',
    body: {
      object_key: key,
      version: expectedVersion,
      new_state: Object.fromEntries(Object.entries(newState).map(([k, v]) => [k, Array.from(v)])),
    },
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await getObjectState(clusterUid, service, key);
    if (now.version === wanted) {
      return { outcome: 'applied', state: now };
    }
    if (now.version !== expectedVersion) {
      return { outcome: 'conflict', state: now, sent: true };
    }
    if (Date.now() >= deadline) {
      return { outcome: 'pending', state: now };
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** The state entries of `state` as the byte map a change sends, with `changes` applied (undefined: removed). */
export function withChanges(
  state: ObjectState,
  changes: Record<string, Uint8Array | undefined>
): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const e of state.entries) {
    out[e.key] = e.bytes;
  }
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) {
      delete out[k];
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** What a change's outcome means, in words. */
export function describeOutcome(o: StateChangeOutcome): {
  severity: 'success' | 'warning' | 'error';
  title: string;
  detail: string;
} {
  switch (o.outcome) {
    case 'applied':
      return { severity: 'success', title: 'State saved', detail: 'Restate applied the change.' };
    case 'pending':
      return {
        severity: 'warning',
        title: 'Change accepted, not applied yet',
        detail:
          'Restate accepted the change and applies it once the object is free: an invocation probably holds it now. ' +
          'Reload in a moment to see whether it was applied; if the state changed before then, Restate drops this change.',
      };
    case 'conflict':
      return {
        severity: 'error',
        title: 'The state changed since you opened it',
        detail:
          (o.sent
            ? 'Restate refused your change because the object’s state no longer had the version you edited (an invocation or another user changed it first). '
            : 'Nothing was sent: the object’s state no longer has the version you edited (an invocation or another user changed it first). ') +
          'The current state is shown now; make your change again on top of it.',
      };
  }
}
