import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { SqlEditor } from './SqlEditor';
import { fakeMonaco, textModel } from './testing/fakeCodeEditor';

// Monaco does not run in jsdom: replace only CodeEditor, keep the rest of @grafana/ui real.
jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: jest.requireActual('./testing/fakeCodeEditor').FakeCodeEditor,
}));

beforeEach(() => {
  fakeMonaco.languages.providers = [];
});

describe('SqlEditor', () => {
  it('applies the SQL on blur, and on Ctrl/Cmd+Enter applies then runs it', () => {
    const onChange = jest.fn();
    const onRun = jest.fn();
    render(<SqlEditor value="SELECT 1" onChange={onChange} onRun={onRun} />);
    const editor = screen.getByLabelText('code editor');
    expect(editor).toHaveAttribute('data-language', 'sql');

    fireEvent.change(editor, { target: { value: 'SELECT 2' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.blur(editor);
    expect(onChange).toHaveBeenLastCalledWith('SELECT 2');

    fireEvent.change(editor, { target: { value: 'SELECT 3' } });
    fireEvent.keyDown(editor, { key: 'Enter', ctrlKey: true });
    expect(onChange).toHaveBeenLastCalledWith('SELECT 3');
    expect(onRun).toHaveBeenCalledWith('SELECT 3');

    fireEvent.keyDown(editor, { key: 'Enter', metaKey: true });
    expect(onRun).toHaveBeenCalledTimes(2);
    fireEvent.keyDown(editor, { key: 'Enter' });
    expect(onRun).toHaveBeenCalledTimes(2);
  });

  it('completes tables and columns for its own model only, replacing the whole typed token', () => {
    const { unmount } = render(
      <SqlEditor
        value=""
        onChange={jest.fn()}
        extraCompletions={[{ label: '$__timeFilter', kind: 'macro', insertText: '$__timeFilter(created_at)' }]}
      />
    );
    const editor = screen.getByLabelText('code editor');
    const [registered] = fakeMonaco.languages.providers;
    expect(registered.language).toBe('sql');
    const model = fakeMonaco.editors[fakeMonaco.editors.length - 1].getModel();

    fireEvent.change(editor, { target: { value: 'SELECT *\nFROM sys_de' } });
    const tables = registered.provider.provideCompletionItems(model, { lineNumber: 2, column: 12 }).suggestions;
    expect(tables.map((s) => s.label)).toContain('sys_deployment');
    expect(tables[0].range).toEqual({ startLineNumber: 2, endLineNumber: 2, startColumn: 6, endColumn: 12 });

    fireEvent.change(editor, { target: { value: 'SELECT * FROM sys_service WHERE $__ti' } });
    const all = registered.provider.provideCompletionItems(model, { lineNumber: 1, column: 38 }).suggestions;
    const macro = all.find((s) => s.label === '$__timeFilter')!;
    expect(macro.insertText).toBe('$__timeFilter(created_at)');
    // `$__ti` is replaced whole, `$` included.
    expect(macro.range).toEqual({ startLineNumber: 1, endLineNumber: 1, startColumn: 33, endColumn: 38 });
    expect(all.map((s) => s.label)).toContain('revision');

    // Another editor's model (a second editor on the page) gets nothing from this provider.
    const other = textModel(() => 'SELECT * FROM sys_de');
    expect(registered.provider.provideCompletionItems(other, { lineNumber: 1, column: 21 }).suggestions).toEqual([]);

    unmount();
    expect(registered.disposed).toBe(true);
  });
});
