/** A row of a key/value editor (extra headers, metadata): an id, its key under `K`, and its value. */
export type KeyValueRow<K extends string> = { id: number; value: string } & Record<K, string>;

let nextId = 1;
/** An id for a new row, unique in this page's lifetime: React keys and the error maps use it. */
export function nextRowId(): number {
  return nextId++;
}

/** The rows as the object Restate takes: keys trimmed, rows without a key left out, a later row winning. */
export function recordOf<K extends string>(rows: Array<KeyValueRow<K>>, keyField: K): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const key = row[keyField].trim();
    if (key) {
      out[key] = row.value;
    }
  }
  return out;
}
