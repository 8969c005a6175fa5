import React, { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { CodeEditor, type Monaco, type MonacoEditor } from '@grafana/ui';
import { sqlCompletions, type SqlCompletion, type SqlCompletionKind } from './completion';

export interface SqlEditorProps {
  value: string;
  /** The edited SQL, applied when the editor loses focus and before every run (not on each keystroke). */
  onChange: (sql: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun?: (sql: string) => void;
  height?: number | string;
  /** More completions beside Restate's tables and columns, e.g. a data source's macros. */
  extraCompletions?: SqlCompletion[];
}

type Disposable = { dispose: () => void };

/**
 * A SQL editor for Restate's introspection tables: Monaco through @grafana/ui's CodeEditor, with
 * completion of tables and columns (from the generated src/api/sqlSchema.ts) and Ctrl/Cmd+Enter to run.
 */
export function SqlEditor({ value, onChange, onRun, height = 160, extraCompletions }: SqlEditorProps) {
  // Monaco keeps the callbacks it was given at mount; refs let them see the latest props.
  const latest = useRef({ onChange, onRun, extraCompletions });
  useLayoutEffect(() => {
    latest.current = { onChange, onRun, extraCompletions };
  });
  const disposables = useRef<Disposable[]>([]);

  useEffect(
    () => () => {
      disposables.current.forEach((d) => d.dispose());
      disposables.current = [];
    },
    []
  );

  const onEditorDidMount = useCallback((editor: MonacoEditor, monaco: Monaco) => {
    editor.addAction({
      id: 'restate-sql-run',
      label: 'Run query',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: (ed) => {
        const sql = ed.getValue();
        latest.current.onChange(sql);
        latest.current.onRun?.(sql);
      },
    });

    const kindOf: Record<SqlCompletionKind, number> = {
      table: monaco.languages.CompletionItemKind.Struct,
      column: monaco.languages.CompletionItemKind.Field,
      keyword: monaco.languages.CompletionItemKind.Keyword,
      function: monaco.languages.CompletionItemKind.Function,
      macro: monaco.languages.CompletionItemKind.Snippet,
    };
    // The provider is registered for the whole `sql` language; answer only for this editor's model,
    // so two editors on a page do not each add their suggestions to the other.
    disposables.current.push(
      monaco.languages.registerCompletionItemProvider('sql', {
        triggerCharacters: ['.', '$'],
        provideCompletionItems: (model, position) => {
          if (model !== editor.getModel()) {
            return { suggestions: [] };
          }
          const linePrefix = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
          // Replace the whole token being typed, `$` of a macro included (not part of Monaco's SQL words).
          const token = /[$\w]*$/.exec(linePrefix)?.[0] ?? '';
          const range = {
            startLineNumber: position.lineNumber,
            endLineNumber: position.lineNumber,
            startColumn: position.column - token.length,
            endColumn: position.column,
          };
          const items = sqlCompletions(model.getValue(), model.getOffsetAt(position), latest.current.extraCompletions);
          return {
            suggestions: items.map((item, i) => ({
              label: item.label,
              kind: kindOf[item.kind],
              detail: item.detail,
              insertText: item.insertText ?? item.label,
              // Keep our order (columns of the query's tables first) instead of Monaco's alphabetical one.
              sortText: String(i).padStart(4, '0'),
              range,
            })),
          };
        },
      })
    );
  }, []);

  return (
    <CodeEditor
      value={value}
      language="sql"
      height={height}
      showLineNumbers={true}
      showMiniMap={false}
      monacoOptions={{ fixedOverflowWidgets: true, scrollBeyondLastLine: false, wordWrap: 'on' }}
      onBlur={(sql) => latest.current.onChange(sql)}
      onEditorDidMount={onEditorDidMount}
    />
  );
}
