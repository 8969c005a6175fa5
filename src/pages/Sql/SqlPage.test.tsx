import React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { render } from '../../test/render';
import SqlPage from './SqlPage';
import { capRows, loadRecent, MAX_ROWS, READY_QUERIES } from './queries';
import { installCluster, installFakeBackend, rows, setRole } from '../../test/backendSrv';
import * as sql from '../../api/__fixtures__/sql/samples';

// Monaco does not run in jsdom: replace only CodeEditor (with the SqlEditor's own test double), keep the rest real.
jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: jest.requireActual('../../components/SqlEditor/testing/fakeCodeEditor').FakeCodeEditor,
}));

const BASE = '/a/restatedev-restate-app/sql';

function Location() {
  const l = useLocation();
  return <output data-testid="location">{l.search}</output>;
}

function renderAt(url: string) {
  return render(<SqlPage />, { url, path: BASE, around: <Location /> });
}

beforeEach(() => {
  installCluster();
  setRole('Viewer');
  localStorage.clear();
});

describe('capRows', () => {
  it('appends a row cap to a SELECT without its own LIMIT, after a trailing comment', () => {
    expect(capRows('SELECT * FROM sys_invocation -- all')).toEqual({
      sql: `SELECT * FROM sys_invocation -- all\nLIMIT ${MAX_ROWS + 1}`,
      capped: true,
    });
    expect(capRows('select 1;')).toEqual({ sql: `select 1\nLIMIT ${MAX_ROWS + 1}`, capped: true });
  });

  it('leaves a query with its own LIMIT and other statements alone', () => {
    expect(capRows('SELECT id FROM sys_invocation ORDER BY created_at LIMIT 10 OFFSET 5')).toMatchObject({
      capped: false,
    });
    expect(capRows('SHOW TABLES')).toEqual({ sql: 'SHOW TABLES', capped: false });
  });
});

describe('SQL page', () => {
  it('runs a ready query, shows typed results in Grafana’s table, and keeps the query in the URL and in recent queries', async () => {
    const backend = installFakeBackend(({ sql: q }) => (q ? rows(sql.counts.rows) : undefined));
    renderAt(`${BASE}?cluster=restate-dev`);
    const ready = screen.getByRole('list', { name: 'Ready queries' });
    fireEvent.click(within(ready).getByRole('button', { name: 'Stuck or backing-off invocations' }));

    await screen.findByText('7 rows', { exact: false });
    const sent = backend.sqls()[0];
    expect(sent).toBe(READY_QUERIES[1].sql);
    expect(screen.getByTestId('location').textContent).toContain('q=SELECT');
    expect(loadRecent()[0]).toBe(READY_QUERIES[1].sql.trim());
    // Grafana's table renders the column headers of the typed frame.
    await waitFor(() => expect(screen.getAllByText('completion_result').length).toBeGreaterThan(0));
  });

  it('runs the query of a shared link on arrival, capped when it has no LIMIT', async () => {
    const backend = installFakeBackend(({ sql: q }) => (q ? rows(sql.sysInvocation.rows) : undefined));
    renderAt(`${BASE}?cluster=restate-dev&q=${encodeURIComponent('SELECT * FROM sys_invocation')}`);
    await screen.findByText('3 rows', { exact: false });
    expect(backend.sqls()).toEqual([`SELECT * FROM sys_invocation\nLIMIT ${MAX_ROWS + 1}`]);
  });

  it('runs what the user typed with Ctrl+Enter', async () => {
    const backend = installFakeBackend(({ sql: q }) => (q ? rows([{ n: 1 }]) : undefined));
    renderAt(`${BASE}?cluster=restate-dev`);
    const editor = screen.getByRole('textbox', { name: 'code editor' });
    fireEvent.change(editor, { target: { value: 'SELECT COUNT(*) AS n FROM sys_inbox LIMIT 1' } });
    fireEvent.keyDown(editor, { key: 'Enter', ctrlKey: true });
    await screen.findByText('1 row', { exact: false });
    expect(backend.sqls()).toEqual(['SELECT COUNT(*) AS n FROM sys_inbox LIMIT 1']);
  });

  it('renders only the rows in view of a large result, and sorts a column from its header', async () => {
    const many = Array.from({ length: 20000 }, (_, i) => ({ id: `inv_${String(i).padStart(5, '0')}`, n: i % 7 }));
    installFakeBackend(({ sql: q }) => (q ? rows(many) : undefined));
    renderAt(`${BASE}?cluster=restate-dev&q=${encodeURIComponent('SELECT id, n FROM t LIMIT 20000')}`);
    await screen.findByText('20,000 rows', { exact: false });
    const table = screen.getByRole('table', { name: 'Query result' });
    expect(table).toHaveAttribute('aria-rowcount', '20001');
    const shown = () => within(table).getAllByRole('row').slice(1);
    expect(shown().length).toBeLessThan(40);
    expect(shown()[0]).toHaveTextContent('inv_00000');
    fireEvent.click(within(table).getByRole('button', { name: 'id' }));
    fireEvent.click(within(table).getByRole('button', { name: 'id' }));
    expect(within(table).getByRole('columnheader', { name: /id/ })).toHaveAttribute('aria-sort', 'descending');
    expect(shown()[0]).toHaveTextContent('inv_19999');
  });

  it('shows Restate’s error message when the query fails', async () => {
    installFakeBackend(() => ({
      status: 400,
      data: { message: 'Datafusion error: Schema error: No field named nope.' },
    }));
    renderAt(`${BASE}?cluster=restate-dev&q=${encodeURIComponent('SELECT nope FROM sys_invocation')}`);
    expect(await screen.findByText('Restate could not run this query')).toBeInTheDocument();
    expect(screen.getByText(/No field named nope/)).toBeInTheDocument();
  });
});
