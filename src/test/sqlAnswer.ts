import { createDataFrame, dataFrameToJSON, FieldType, type DataFrame, type DataFrameJSON } from '@grafana/data';

/*
 * What Grafana's `/api/ds/query` answers for one Restate SQL query, built from rows as Restate's JSON
 * `/query` gives them (the recorded fixtures). The real frames come from the Go backend reading Restate's
 * Arrow schema (pkg/plugin, covered by `go test` and tests/integration/backend.test.ts); here the field
 * types are inferred from the values, which is all a page test needs: timestamps as time (epoch ms),
 * numbers, booleans, strings, NULL columns restored as nulls.
 */

type Row = Record<string, unknown>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

function fieldTypeOf(values: unknown[]): FieldType {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length > 0 && present.every((v) => typeof v === 'number')) {
    return FieldType.number;
  }
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) {
    return FieldType.boolean;
  }
  if (present.length > 0 && present.every((v) => typeof v === 'string' && ISO_TIME.test(v))) {
    return FieldType.time;
  }
  return present.every((v) => typeof v === 'string') ? FieldType.string : FieldType.other;
}

/** A frame typed as the backend types Restate's columns. */
export function frameOfRows(rows: Row[], refId = 'A'): DataFrame {
  const names: string[] = [];
  for (const row of rows) {
    for (const k of Object.keys(row)) {
      if (!names.includes(k)) {
        names.push(k);
      }
    }
  }
  const fields = names.map((name) => {
    const raw = rows.map((r) => (r[name] === undefined ? null : r[name]));
    const type = fieldTypeOf(raw);
    const values = type === FieldType.time ? raw.map((v) => (v === null ? null : Date.parse(v as string))) : raw;
    return { name, type, values, config: {} };
  });
  return createDataFrame({ refId, fields });
}

/** The body of a successful `/api/ds/query` answer carrying these rows as query A's frame. */
export function sqlAnswer(rows: Row[]): { results: Record<string, { status: number; frames: DataFrameJSON[] }> } {
  return { results: { A: { status: 200, frames: [dataFrameToJSON(frameOfRows(rows))] } } };
}

/** The body of `/api/ds/query` when query A failed (Grafana answers it with HTTP 400). */
export function sqlFailure(
  message: string,
  status = 400
): { results: Record<string, { status: number; error: string }> } {
  return { results: { A: { status, error: message } } };
}

/** The SQL of a `/api/ds/query` request body, for fakes that answer by query text. */
export function sqlOfQueryRequest(data: unknown): string | undefined {
  const q = (data as { queries?: Array<{ sql?: string }> } | undefined)?.queries?.[0];
  return typeof q?.sql === 'string' ? q.sql : undefined;
}
