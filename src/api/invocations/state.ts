import { runSql } from '../sql';
import { sqlString } from '../sqlLiteral';
import { assertInvocationId } from './status';
import { str } from './rows';

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
  clusterUid: string,
  service: string,
  key: string,
  opts: { requestId?: string } = {}
): Promise<StateEntry[]> {
  const rows = await runSql(clusterUid, buildStateQuery(service, key), opts);
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
  clusterUid: string,
  id: string,
  service: string,
  key: string,
  opts: { requestId?: string } = {}
): Promise<InboxPosition> {
  const [agg, holder] = await Promise.all([
    runSql(clusterUid, buildInboxQuery(id, service, key), opts),
    runSql(clusterUid, buildObjectHolderQuery(service, key)),
  ]);
  const a = agg[0] ?? {};
  const queued = Number(a.queued ?? 0) === 1;
  return {
    length: Number(a.length ?? 0),
    ahead: queued ? Number(a.ahead ?? 0) : undefined,
    holder: str(holder[0]?.invocation_id),
  };
}
