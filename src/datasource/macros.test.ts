import { expandMacros, MacroError } from './macros';

const range = { from: Date.parse('2026-11-22T22:00:00Z'), to: new Date('2026-11-22T23:30:00.250Z') };

describe('expandMacros', () => {
  it('$__timeFilter(col) becomes a parenthesised range on the column, in ISO UTC', () => {
    expect(expandMacros('SELECT * FROM sys_invocation WHERE $__timeFilter(created_at) LIMIT 5', range)).toBe(
      "SELECT * FROM sys_invocation WHERE (created_at >= '2026-11-22T22:00:00.000Z' AND created_at <= '2026-11-22T23:30:00.250Z') LIMIT 5"
    );
  });

  it('keeps NOT and OR around the macro meaningful', () => {
    expect(expandMacros('WHERE NOT $__timeFilter(modified_at) OR x', range)).toBe(
      "WHERE NOT (modified_at >= '2026-11-22T22:00:00.000Z' AND modified_at <= '2026-11-22T23:30:00.250Z') OR x"
    );
  });

  it('takes expressions with parentheses and quotes, and several macros', () => {
    const sql = expandMacros("$__timeFilter(coalesce(completed_at, ')')) AND $__timeFilter( i.created_at )", range);
    expect(sql).toBe(
      "(coalesce(completed_at, ')') >= '2026-11-22T22:00:00.000Z' AND coalesce(completed_at, ')') <= '2026-11-22T23:30:00.250Z') AND (i.created_at >= '2026-11-22T22:00:00.000Z' AND i.created_at <= '2026-11-22T23:30:00.250Z')"
    );
  });

  it('$__timeFrom() and $__timeTo() become timestamp literals, with or without parentheses', () => {
    expect(expandMacros('SELECT $__timeFrom(), $__timeTo( ), $__timeFrom', range)).toBe(
      "SELECT '2026-11-22T22:00:00.000Z', '2026-11-22T23:30:00.250Z', '2026-11-22T22:00:00.000Z'"
    );
  });

  it('leaves SQL without macros and other $ words alone', () => {
    expect(expandMacros("SELECT '$5', $__interval FROM t", range)).toBe("SELECT '$5', $__interval FROM t");
  });

  it('explains a misused $__timeFilter', () => {
    expect(() => expandMacros('WHERE $__timeFilter', range)).toThrow(MacroError);
    expect(() => expandMacros('WHERE $__timeFilter', range)).toThrow(
      '$__timeFilter needs a column in parentheses, e.g. $__timeFilter(created_at).'
    );
    expect(() => expandMacros('WHERE $__timeFilter()', range)).toThrow('needs a timestamp column');
    expect(() => expandMacros('WHERE $__timeFilter(created_at', range)).toThrow('Close the parenthesis');
  });
});
