import { dataFrameFromJSON, FieldType, type DataFrame, type DataFrameJSON } from '@grafana/data';
import { DATASOURCE_TYPE } from '../model/datasource';
import { RestateApiError, retryAfterFromBody, type RestateErrorKind } from './errors';
import { grafanaFetch } from './proxy';

/**
 * A row of a Restate SQL result, as pages read it: timestamps as ISO 8601 strings, numbers as numbers,
 * and NULL columns omitted (the shape of Restate's own JSON rows, which the row mappers were written for).
 */
export type SqlRow = Record<string, unknown>;

export interface SqlOptions {
  /** Lets Grafana cancel a superseded query (same id) while it is in flight. */
  requestId?: string;
  /** The time range `$__timeFilter`, `$__timeFrom()` and `$__timeTo()` expand to, epoch ms (default: the last hour). */
  range?: { from: number; to: number };
  /** Rows the backend returns at most (its default cap is 10 000; it says so in a frame notice when reached). */
  maxRows?: number;
}

/** One query's answer inside Grafana's `/api/ds/query` response (backend.DataResponse as JSON). */
interface QueryResult {
  status?: number;
  error?: string;
  frames?: DataFrameJSON[];
}

interface QueryResponse {
  results?: Record<string, QueryResult>;
}

const REF_ID = 'A';

/** The kind of a failed query's error, from the status the backend gave it. */
export function kindOf(status: number): RestateErrorKind {
  if (status === 401 || status === 403) {
    return 'auth';
  }
  if (status === 429) {
    return 'rate-limited';
  }
  if (status === 502 || status === 504) {
    return 'unreachable';
  }
  return 'restate';
}

/** A query's error from the backend: its words are already written for the user, so they are kept. */
function queryError(result: QueryResult, fallbackStatus: number): RestateApiError {
  const status = result.status ?? fallbackStatus;
  return new RestateApiError({
    kind: kindOf(status),
    status,
    message: result.error ?? `Restate SQL failed (${status}).`,
    retryAfterSeconds: status === 429 ? retryAfterFromBody(result.error) : undefined,
    request: { method: 'POST', path: 'query' },
  });
}

/**
 * Runs Restate SQL (DataFusion) on Grafana's server: the data source's Go backend posts it to Restate's
 * `/query`, reads Restate's Arrow answer and returns a typed data frame (types and NULLs from Restate's
 * schema). The same path serves panels, Explore, alert rules and every page that reads SQL.
 */
export async function querySql(clusterUid: string, sql: string, opts: SqlOptions = {}): Promise<DataFrame> {
  const to = opts.range?.to ?? Date.now();
  const from = opts.range?.from ?? to - 3600_000;
  const body = {
    queries: [
      {
        refId: REF_ID,
        datasource: { uid: clusterUid, type: DATASOURCE_TYPE },
        sql,
        format: 'table',
        ...(opts.maxRows !== undefined ? { maxRows: opts.maxRows } : {}),
      },
    ],
    from: String(from),
    to: String(to),
  };
  // Grafana answers 400 when a query failed, with the per-query error in the body (pkg/api/ds_query.go).
  const res = await grafanaFetch<QueryResponse>(
    '/api/ds/query',
    'query',
    { method: 'POST', body, requestId: opts.requestId },
    (e) => {
      const result = (e.data as QueryResponse | undefined)?.results?.[REF_ID];
      return result?.error ? queryError(result, e.status) : undefined;
    }
  );
  const result = res?.results?.[REF_ID];
  if (result?.error) {
    throw queryError(result, 400);
  }
  const [frame] = result?.frames ?? [];
  return frame ? dataFrameFromJSON(frame) : { fields: [], length: 0, refId: REF_ID };
}

/** Runs Restate SQL and returns its rows in the shape of `SqlRow`. */
export async function runSql(clusterUid: string, sql: string, opts: SqlOptions = {}): Promise<SqlRow[]> {
  return frameToRows(await querySql(clusterUid, sql, opts));
}

/** A frame's rows as `SqlRow`s: time fields as ISO strings, NULLs left out. */
export function frameToRows(frame: DataFrame): SqlRow[] {
  const rows: SqlRow[] = [];
  for (let i = 0; i < frame.length; i++) {
    const row: SqlRow = {};
    for (const field of frame.fields) {
      const v = field.values[i];
      if (v === null || v === undefined) {
        continue;
      }
      row[field.name] = field.type === FieldType.time && typeof v === 'number' ? new Date(v).toISOString() : v;
    }
    rows.push(row);
  }
  return rows;
}

/** The first `n` rows of a frame. */
export function headOfFrame(frame: DataFrame, n: number): DataFrame {
  if (frame.length <= n) {
    return frame;
  }
  return { ...frame, length: n, fields: frame.fields.map((f) => ({ ...f, values: f.values.slice(0, n) })) };
}
