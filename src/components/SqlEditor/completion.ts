import { SQL_TABLES, type SqlTable } from '../../api/sqlSchema';

export type SqlCompletionKind = 'table' | 'column' | 'keyword' | 'function' | 'macro';

/** One completion item, independent of Monaco so it can be tested and reused. */
export interface SqlCompletion {
  label: string;
  kind: SqlCompletionKind;
  /** Shown beside the label: a column's type and table, a macro's meaning. */
  detail?: string;
  /** Text inserted instead of the label (e.g. a macro with its parentheses). */
  insertText?: string;
}

const KEYWORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS NULL',
  'IS NOT NULL',
  'LIKE',
  'BETWEEN',
  'AS',
  'JOIN',
  'LEFT JOIN',
  'ON',
  'GROUP BY',
  'ORDER BY',
  'HAVING',
  'DESC',
  'ASC',
  'LIMIT',
  'DISTINCT',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'INTERVAL',
];

// DataFusion functions most useful on Restate's tables (timestamps, counts, strings).
const FUNCTIONS: Array<[string, string]> = [
  ['count', 'count(*) or count(column)'],
  ['min', 'smallest value'],
  ['max', 'largest value'],
  ['sum', 'sum of values'],
  ['avg', 'average of values'],
  ['now', 'current timestamp'],
  ['date_trunc', "date_trunc('minute', created_at)"],
  ['date_bin', "date_bin(INTERVAL '1 minute', created_at)"],
  ['to_timestamp', 'parse a timestamp'],
  ['coalesce', 'first non-NULL argument'],
  ['arrow_typeof', 'the Arrow type of a value'],
];

const IDENT = /[A-Za-z_][\w]*/.source;
// `FROM sys_invocation`, `JOIN sys_journal j`, `FROM sys_service AS s`
const TABLE_REF = new RegExp(`\\b(?:FROM|JOIN)\\s+(${IDENT})(?:\\s+(?:AS\\s+)?(${IDENT}))?`, 'gi');
const NOT_ALIAS = new Set([
  'where',
  'join',
  'left',
  'right',
  'inner',
  'outer',
  'full',
  'cross',
  'on',
  'group',
  'order',
  'limit',
  'having',
  'union',
]);

/** Tables a query names after FROM/JOIN, with their aliases (alias → table). */
export function referencedTables(sql: string, tables: SqlTable[] = SQL_TABLES): Map<string, SqlTable> {
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const refs = new Map<string, SqlTable>();
  for (const m of sql.matchAll(TABLE_REF)) {
    const table = byName.get(m[1].toLowerCase());
    if (!table) {
      continue;
    }
    refs.set(table.name.toLowerCase(), table);
    const alias = m[2]?.toLowerCase();
    if (alias && !NOT_ALIAS.has(alias)) {
      refs.set(alias, table);
    }
  }
  return refs;
}

function columnItems(tables: Iterable<SqlTable>): SqlCompletion[] {
  const seen = new Map<string, SqlCompletion>();
  for (const t of tables) {
    for (const c of t.columns) {
      const existing = seen.get(c.name);
      if (existing) {
        existing.detail = `${existing.detail}, ${t.name}`;
      } else {
        seen.set(c.name, { label: c.name, kind: 'column', detail: `${c.type} · ${t.name}` });
      }
    }
  }
  return [...seen.values()];
}

function tableItems(tables: SqlTable[]): SqlCompletion[] {
  return tables.map((t) => ({ label: t.name, kind: 'table' as const, detail: `${t.columns.length} columns` }));
}

/**
 * What to suggest at `offset` in `sql`:
 * - after `alias.` or `table.`: that table's columns;
 * - right after FROM or JOIN: the tables;
 * - elsewhere: the columns of the tables the query names (all columns if it names none yet),
 *   then functions, keywords and `extra` (e.g. a data source's macros).
 */
export function sqlCompletions(
  sql: string,
  offset: number,
  extra: SqlCompletion[] = [],
  tables: SqlTable[] = SQL_TABLES
): SqlCompletion[] {
  const before = sql.slice(0, offset);

  const qualified = new RegExp(`(${IDENT})\\.\\w*$`).exec(before);
  if (qualified) {
    const table =
      referencedTables(sql, tables).get(qualified[1].toLowerCase()) ??
      tables.find((t) => t.name.toLowerCase() === qualified[1].toLowerCase());
    return table ? columnItems([table]) : [];
  }

  if (/\b(?:FROM|JOIN)\s+\w*$/i.test(before)) {
    return tableItems(tables);
  }

  const named = new Set(referencedTables(sql, tables).values());
  const columns = columnItems(named.size > 0 ? named : tables);
  const functions = FUNCTIONS.map(([name, detail]) => ({
    label: name,
    kind: 'function' as const,
    detail,
    insertText: `${name}(`,
  }));
  const keywords = KEYWORDS.map((k) => ({ label: k, kind: 'keyword' as const }));
  return [...columns, ...(named.size > 0 ? [] : tableItems(tables)), ...extra, ...functions, ...keywords];
}
