/**
 * Time macros of Restate SQL queries, expanded in the browser before the query goes to Restate.
 * Timestamps become ISO-8601 UTC string literals: DataFusion coerces them when compared with Restate's
 * `Timestamp(ms, "+00:00")` columns (checked against restate-server 1.7.12 by
 * tests/integration/datasource.test.ts).
 */

export interface MacroTimeRange {
  from: { valueOf(): number };
  to: { valueOf(): number };
}

export interface MacroHelp {
  /** As typed in a query. */
  example: string;
  description: string;
}

export const MACROS: MacroHelp[] = [
  { example: '$__timeFilter(created_at)', description: "rows whose column is within the dashboard's time range" },
  { example: '$__timeFrom()', description: 'start of the time range, as a timestamp literal' },
  { example: '$__timeTo()', description: 'end of the time range, as a timestamp literal' },
];

export class MacroError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MacroError';
  }
}

function literal(t: { valueOf(): number }): string {
  return `'${new Date(t.valueOf()).toISOString()}'`;
}

/** Index of the `)` closing the `(` at `open`, skipping nested parentheses and quoted strings. */
function closingParen(sql: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i];
    if (quote) {
      if (ch === quote) {
        quote = undefined;
      }
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** Expands `$__timeFilter(col)`, `$__timeFrom()` and `$__timeTo()` (parentheses optional for the last two). */
export function expandMacros(sql: string, range: MacroTimeRange): string {
  const from = literal(range.from);
  const to = literal(range.to);
  let out = sql.replace(/\$__time(From|To)\b(\(\s*\))?/g, (_m, which: string) => (which === 'From' ? from : to));

  const name = '$__timeFilter';
  let at = out.indexOf(name);
  while (at !== -1) {
    const open = at + name.length;
    if (out[open] !== '(') {
      throw new MacroError(`${name} needs a column in parentheses, e.g. ${name}(created_at).`);
    }
    const close = closingParen(out, open);
    if (close === -1) {
      throw new MacroError(`Close the parenthesis of ${name}(…), e.g. ${name}(created_at).`);
    }
    const column = out.slice(open + 1, close).trim();
    if (column === '') {
      throw new MacroError(`${name}() needs a timestamp column, e.g. ${name}(created_at).`);
    }
    // Parenthesised so NOT/OR around the macro keep their meaning.
    const expanded = `(${column} >= ${from} AND ${column} <= ${to})`;
    out = out.slice(0, at) + expanded + out.slice(close + 1);
    at = out.indexOf(name, at + expanded.length);
  }
  return out;
}
