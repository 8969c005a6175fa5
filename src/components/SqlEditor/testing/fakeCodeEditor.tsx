import React, { useEffect, useRef } from 'react';
import type { CodeEditor } from '@grafana/ui';

type CodeEditorProps = React.ComponentProps<typeof CodeEditor>;

/**
 * A stand-in for @grafana/ui's CodeEditor in jsdom, where Monaco does not load. It keeps to the
 * CodeEditor contract the SQL editor relies on (@grafana/ui src/components/Monaco/CodeEditor.tsx,
 * `onBlur`/`onEditorDidMount`) and to the slice of Monaco it calls: `editor.addAction` whose keybinding
 * runs the action (Ctrl/Cmd+Enter here), `languages.registerCompletionItemProvider`, and a text model.
 * Use only as `jest.mock('@grafana/ui', ...)` replacing CodeEditor, nothing else.
 */
export const fakeMonaco = {
  /** Editors mounted so far, so a test can reach their models. */
  editors: [] as Array<{ getModel(): FakeModel }>,
  KeyMod: { CtrlCmd: 1 << 11 },
  KeyCode: { Enter: 3 },
  languages: {
    CompletionItemKind: { Struct: 6, Field: 3, Keyword: 17, Function: 1, Snippet: 27 },
    providers: [] as Array<{ language: string; provider: CompletionProvider; disposed: boolean }>,
    registerCompletionItemProvider(language: string, provider: CompletionProvider) {
      const entry = { language, provider, disposed: false };
      fakeMonaco.languages.providers.push(entry);
      return { dispose: () => (entry.disposed = true) };
    },
  },
};

interface FakeModel {
  getValue(): string;
  getLineContent(line: number): string;
  getOffsetAt(p: { lineNumber: number; column: number }): number;
}

interface CompletionProvider {
  triggerCharacters?: string[];
  provideCompletionItems(
    model: FakeModel,
    position: { lineNumber: number; column: number }
  ): { suggestions: Array<{ label: string; insertText: string; detail?: string; range: unknown }> };
}

interface Action {
  id: string;
  keybindings?: number[];
  run(editor: unknown): void;
}

export function textModel(getText: () => string): FakeModel {
  return {
    getValue: getText,
    getLineContent: (line) => getText().split('\n')[line - 1] ?? '',
    getOffsetAt: ({ lineNumber, column }) =>
      getText()
        .split('\n')
        .slice(0, lineNumber - 1)
        .reduce((n, l) => n + l.length + 1, 0) +
      column -
      1,
  };
}

export function FakeCodeEditor(props: CodeEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const actions = useRef<Action[]>([]);
  const editor = useRef<{ getValue(): string; getModel(): FakeModel } | null>(null);
  const { onEditorDidMount } = props;
  useEffect(() => {
    const text = () => area.current?.value ?? '';
    const model = textModel(text);
    const mounted = { getValue: text, getModel: () => model, addAction: (a: Action) => actions.current.push(a) };
    editor.current = mounted;
    fakeMonaco.editors.push(mounted);
    onEditorDidMount?.(mounted as never, fakeMonaco as never);
  }, [onEditorDidMount]);

  return (
    <textarea
      ref={area}
      aria-label="code editor"
      data-language={props.language}
      defaultValue={props.value}
      onBlur={(e) => props.onBlur?.(e.currentTarget.value)}
      onKeyDown={(e) => {
        const pressed =
          (e.ctrlKey || e.metaKey ? fakeMonaco.KeyMod.CtrlCmd : 0) | (e.key === 'Enter' ? fakeMonaco.KeyCode.Enter : 0);
        const action = actions.current.find((a) => a.keybindings?.includes(pressed));
        if (action) {
          e.preventDefault();
          action.run(editor.current);
        }
      }}
    />
  );
}
