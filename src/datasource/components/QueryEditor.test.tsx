import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { QueryEditor } from './QueryEditor';
import { RestateDataSource } from '../datasource';
import type { RestateJsonData } from '../../model/datasource';
import { fakeMonaco } from '../../components/SqlEditor/testing/fakeCodeEditor';

// Monaco does not run in jsdom: replace only CodeEditor, keep the rest of @grafana/ui real.
jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: jest.requireActual('../../components/SqlEditor/testing/fakeCodeEditor').FakeCodeEditor,
}));

const ds = new RestateDataSource({ uid: 'r', jsonData: {} } as DataSourceInstanceSettings<RestateJsonData>);

function setup(sql = 'SELECT 1') {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<QueryEditor datasource={ds} query={{ refId: 'A', sql }} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery, editor: screen.getByLabelText('code editor') };
}

beforeEach(() => {
  fakeMonaco.languages.providers = [];
});

describe('QueryEditor', () => {
  it('renders the SQL in a SQL editor, with the macros and Ctrl/Cmd+Enter in a help line', () => {
    const { editor } = setup('SELECT * FROM sys_service');
    expect(editor).toHaveValue('SELECT * FROM sys_service');
    expect(editor).toHaveAttribute('data-language', 'sql');
    const help = screen.getByTestId('restate-sql-help');
    expect(help).toHaveTextContent('$__timeFilter(created_at), $__timeFrom(), $__timeTo()');
    expect(help).toHaveTextContent('Ctrl/Cmd+Enter runs');
  });

  it('applies the SQL on blur without running it; unchanged SQL changes nothing', () => {
    const { editor, onChange, onRunQuery } = setup();
    fireEvent.blur(editor);
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(editor, { target: { value: 'SELECT 2' } });
    fireEvent.blur(editor);
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', sql: 'SELECT 2' });
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('Ctrl+Enter applies and runs the query', () => {
    const { editor, onChange, onRunQuery } = setup();
    fireEvent.change(editor, { target: { value: 'SELECT count(*) FROM sys_invocation' } });
    fireEvent.keyDown(editor, { key: 'Enter', ctrlKey: true });
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', sql: 'SELECT count(*) FROM sys_invocation' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('offers the macros in completion, inserting an example', () => {
    setup('');
    const editor = fakeMonaco.editors[fakeMonaco.editors.length - 1];
    const [{ provider }] = fakeMonaco.languages.providers;
    const items = provider.provideCompletionItems(editor.getModel(), { lineNumber: 1, column: 1 }).suggestions;
    expect(items.find((s) => s.label === '$__timeFilter')).toMatchObject({ insertText: '$__timeFilter(created_at)' });
    expect(items.find((s) => s.label === '$__timeTo')).toMatchObject({ insertText: '$__timeTo()' });
  });
});
