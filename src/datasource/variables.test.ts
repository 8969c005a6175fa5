import { setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { formatSqlVariable, interpolateSql } from './variables';
import { sqlString } from '../api/sqlLiteral';

describe('formatSqlVariable', () => {
  it('quotes each value of a multi-value variable, doubling quotes, for IN (...)', () => {
    expect(formatSqlVariable(['greeter', "o'brien"], { multi: true })).toBe("'greeter','o''brien'");
  });
  it('quotes a single value of a multi-value or All variable', () => {
    expect(formatSqlVariable('counter', { multi: true })).toBe("'counter'");
    expect(formatSqlVariable('counter', { includeAll: true })).toBe("'counter'");
  });
  it('only escapes quotes of a single-value variable (written inside quotes by the user), keeps numbers', () => {
    expect(formatSqlVariable("it's", {})).toBe("it''s");
    expect(formatSqlVariable(42, {})).toBe(42);
  });
  it('quotes a literal with sqlString', () => {
    expect(sqlString("a'b")).toBe("'a''b'");
  });
});

describe('interpolateSql', () => {
  it("passes the SQL, scoped variables and the SQL format to Grafana's template service", () => {
    const replace = jest.fn((sql: string) => sql.replace('$service', "'greeter'"));
    setTemplateSrv({ replace } as unknown as TemplateSrv);
    const scoped = { x: { text: 'x', value: 'x' } };
    expect(interpolateSql('SELECT * FROM sys_service WHERE name IN ($service)', scoped)).toBe(
      "SELECT * FROM sys_service WHERE name IN ('greeter')"
    );
    expect(replace).toHaveBeenCalledWith(expect.any(String), scoped, formatSqlVariable);
  });
});
