import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import { restateFetch } from './proxy';

/** A row as Restate's `/query` returns it in JSON: NULL columns are omitted, not null. */
export type SqlRow = Record<string, unknown>;

export interface SqlOptions {
  /** Lets Grafana cancel a superseded query (same id) while it is in flight. */
  requestId?: string;
}

/**
 * Runs Restate SQL (DataFusion) through the proxy. `Accept` must be exactly application/json,
 * or Restate answers Arrow IPC; `Content-Type: application/json` is required (else 415).
 */
export async function runSql(datasourceUid: string, sql: string, opts: SqlOptions = {}): Promise<SqlRow[]> {
  const res = await restateFetch<{ rows?: SqlRow[] }>(datasourceUid, 'admin/query', {
    method: 'POST',
    body: { query: sql },
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    requestId: opts.requestId,
  });
  return res?.rows ?? [];
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** Column names in the order they first appear across all rows (NULL-omitted keys restored). */
export function columnsOf(rows: SqlRow[], known: string[] = []): string[] {
  const seen = new Set<string>(known);
  const cols = [...known];
  for (const row of rows) {
    for (const k of Object.keys(row)) {
      if (!seen.has(k)) {
        seen.add(k);
        cols.push(k);
      }
    }
  }
  return cols;
}

/** The Grafana field type of a column, from its non-null values. */
export function fieldTypeOf(values: unknown[]): FieldType {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length === 0) {
    return FieldType.string;
  }
  if (present.every((v) => typeof v === 'number')) {
    return FieldType.number;
  }
  if (present.every((v) => typeof v === 'boolean')) {
    return FieldType.boolean;
  }
  if (present.every((v) => typeof v === 'string' && ISO_TIME.test(v))) {
    return FieldType.time;
  }
  if (present.every((v) => typeof v === 'string')) {
    return FieldType.string;
  }
  return FieldType.other;
}

/** Turns JSON rows into a typed data frame: timestamps as time (epoch ms), numbers as numbers, NULLs as null. */
export function rowsToFrame(rows: SqlRow[], opts: { refId?: string; name?: string; columns?: string[] } = {}): DataFrame {
  const fields = columnsOf(rows, opts.columns).map((name) => {
    const raw = rows.map((r) => (r[name] === undefined ? null : r[name]));
    const type = fieldTypeOf(raw);
    const values = type === FieldType.time ? raw.map((v) => (v === null ? null : Date.parse(v as string))) : raw;
    return { name, type, values, config: {} };
  });
  return createDataFrame({ refId: opts.refId, name: opts.name, fields });
}
