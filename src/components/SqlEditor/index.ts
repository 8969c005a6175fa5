export { SqlEditor, type SqlEditorProps } from './SqlEditor';
export { sqlCompletions, referencedTables, type SqlCompletion, type SqlCompletionKind } from './completion';
