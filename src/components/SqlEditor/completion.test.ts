import { SQL_TABLES } from '../../api/sqlSchema';
import { referencedTables, sqlCompletions } from './completion';

const labels = (sql: string, offset = sql.length) => sqlCompletions(sql, offset).map((c) => c.label);

describe('sqlCompletions', () => {
  it('offers the tables right after FROM and JOIN', () => {
    const after = labels('SELECT * FROM sys_inv');
    expect(after).toContain('sys_invocation');
    expect(after).toContain('sys_journal');
    expect(after).not.toContain('SELECT');
    expect(labels('SELECT * FROM sys_invocation i JOIN ')).toContain('sys_deployment');
  });

  it("offers only that table's columns after `table.` or `alias.`", () => {
    const byAlias = labels('SELECT i. FROM sys_invocation i', 'SELECT i.'.length);
    expect(byAlias).toContain('target_service_name');
    expect(byAlias).not.toContain('endpoint'); // a sys_deployment column
    expect(byAlias).not.toContain('SELECT');
    expect(labels('SELECT sys_deployment.')).toEqual(
      SQL_TABLES.find((t) => t.name === 'sys_deployment')!.columns.map((c) => c.name)
    );
    expect(labels('SELECT nope.')).toEqual([]);
  });

  it('offers the columns of the tables the query names first, with type and table', () => {
    const sql = 'SELECT  FROM sys_deployment';
    const items = sqlCompletions(sql, 'SELECT '.length);
    expect(items[0]).toEqual({ label: 'id', kind: 'column', detail: 'LargeUtf8 · sys_deployment' });
    const cols = items.filter((i) => i.kind === 'column').map((i) => i.label);
    expect(cols).toContain('created_at');
    expect(cols).not.toContain('target_service_name');
    expect(items.map((i) => i.label)).toContain('WHERE');
  });

  it('offers all tables and columns while the query names no table, and the extra items', () => {
    const items = sqlCompletions('SELECT ', 7, [
      { label: '$__timeFilter', kind: 'macro', insertText: '$__timeFilter()' },
    ]);
    const kinds = new Set(items.map((i) => i.kind));
    expect(kinds).toEqual(new Set(['column', 'table', 'macro', 'function', 'keyword']));
    // A column in several tables is listed once, naming every table.
    const createdAt = items.filter((i) => i.label === 'created_at');
    expect(createdAt).toHaveLength(1);
    expect(createdAt[0].detail).toMatch(/sys_deployment.*sys_invocation/);
  });
});

describe('referencedTables', () => {
  it('maps tables and their aliases, not keywords that follow a table', () => {
    const refs = referencedTables(
      'SELECT * FROM sys_invocation AS inv LEFT JOIN sys_journal j ON j.id = inv.id WHERE 1=1'
    );
    expect([...refs.keys()].sort()).toEqual(['inv', 'j', 'sys_invocation', 'sys_journal']);
    expect(referencedTables('SELECT * FROM sys_service WHERE 1=1').has('where')).toBe(false);
    expect(referencedTables('SELECT * FROM unknown_table').size).toBe(0);
  });
});
