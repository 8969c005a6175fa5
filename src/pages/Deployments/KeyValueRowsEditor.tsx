import React from 'react';
import { Button, Field, IconButton, Input, Stack } from '@grafana/ui';
import type { KeyValueRow } from './keyValueRows';

/** The words and inputs that make one key/value editor what it is (extra headers, metadata). */
export interface KeyValueWords<K extends string> {
  /** The field that holds a row's key (`name` for headers, `key` for metadata). */
  keyField: K;
  /** Starts the aria labels: `${noun} 1 ${keyField}`, `${noun} 1 value`. */
  noun: string;
  /** Lower case, in the tooltip of the remove button and on the add button. */
  item: string;
  keyLabel: string;
  keyPlaceholder: string;
  valueLabel: string;
  valuePlaceholder?: string;
  /** A masked value input, never filled in by the browser. */
  secret?: boolean;
}

export interface KeyValueRowsProps<K extends string, R extends KeyValueRow<K>> {
  words: KeyValueWords<K>;
  rows: R[];
  errors: Record<number, Partial<Record<K | 'value', string>>>;
  /** Show errors (after a submit attempt or once the row was edited). */
  showErrors: boolean;
  disabled?: boolean;
  newRow: () => R;
  onChange: (rows: R[]) => void;
}

/** What an editor of one kind of rows (headers, metadata) takes: the rows, their errors and the change. */
export type RowsEditorProps<K extends string, R extends KeyValueRow<K>> = Omit<
  KeyValueRowsProps<K, R>,
  'words' | 'newRow'
>;

/** Key/value rows with a remove button each and an add button: what extra headers and metadata share. */
export function KeyValueRowsEditor<K extends string, R extends KeyValueRow<K>>({
  words,
  rows,
  errors,
  showErrors,
  disabled,
  newRow,
  onChange,
}: KeyValueRowsProps<K, R>) {
  const { keyField } = words;
  const update = (id: number, patch: Partial<R>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <Stack direction="column" gap={0}>
      {rows.map((row, i) => {
        const e = showErrors ? errors[row.id] : undefined;
        return (
          <Stack key={row.id} gap={1} alignItems="flex-start">
            <Field
              label={i === 0 ? words.keyLabel : undefined}
              invalid={!!e?.[keyField]}
              error={e?.[keyField]}
              style={{ flex: 1 }}
            >
              <Input
                aria-label={`${words.noun} ${i + 1} ${keyField}`}
                placeholder={words.keyPlaceholder}
                value={row[keyField]}
                disabled={disabled}
                autoComplete="off"
                spellCheck={false}
                onChange={(ev) => update(row.id, { [keyField]: ev.currentTarget.value } as Partial<R>)}
              />
            </Field>
            <Field
              label={i === 0 ? words.valueLabel : undefined}
              invalid={!!e?.value}
              error={e?.value}
              style={{ flex: 1 }}
            >
              <Input
                aria-label={`${words.noun} ${i + 1} value`}
                placeholder={words.valuePlaceholder}
                {...(words.secret ? { type: 'password', autoComplete: 'new-password' } : { autoComplete: 'off' })}
                value={row.value}
                disabled={disabled}
                onChange={(ev) => update(row.id, { value: ev.currentTarget.value } as Partial<R>)}
              />
            </Field>
            <IconButton
              name="trash-alt"
              tooltip={`Remove ${words.item} ${row[keyField] || i + 1}`}
              disabled={disabled}
              style={{ marginTop: i === 0 ? 28 : 8 }}
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
            />
          </Stack>
        );
      })}
      <div>
        <Button
          icon="plus"
          variant="secondary"
          size="sm"
          disabled={disabled}
          onClick={() => onChange([...rows, newRow()])}
        >
          Add {words.item}
        </Button>
      </div>
    </Stack>
  );
}
