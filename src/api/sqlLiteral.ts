/** Values written into Restate SQL (DataFusion) as literals: the one escaper of the plugin. */

/** The inside of a SQL string literal: single quotes doubled (for a value the user writes inside quotes). */
export function sqlEscape(value: string): string {
  return value.replace(/'/g, "''");
}

/** A SQL string literal: single quotes doubled (the only escape DataFusion's SQL string literals need). */
export function sqlString(value: string): string {
  // A NUL cannot appear in a Restate name or key and would truncate the literal in some parsers.
  if (value.includes('\u0000')) {
    throw new Error('A filter value cannot contain a NUL character.');
  }
  return `'${sqlEscape(value)}'`;
}

/** A timestamp literal DataFusion compares with `Timestamp(ms, +00:00)` columns. */
export function sqlTimestamp(epochMs: number): string {
  if (!Number.isFinite(epochMs)) {
    throw new Error(`Not a time: ${epochMs}`);
  }
  return sqlString(new Date(epochMs).toISOString());
}
