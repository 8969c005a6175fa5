import React from 'react';
import { Button, Field, IconButton, Input, Stack } from '@grafana/ui';
import type { HeaderRow, HeaderRowErrors } from './validation';

let nextId = 1;
/** A fresh, empty header row with an id unique in this page's lifetime. */
export function newHeaderRow(name = '', value = ''): HeaderRow {
  return { id: nextId++, name, value };
}

export function headerRowsFrom(headers: Record<string, string> | undefined | null): HeaderRow[] {
  return Object.entries(headers ?? {}).map(([name, value]) => newHeaderRow(name, value));
}

interface Props {
  rows: HeaderRow[];
  errors: Record<number, HeaderRowErrors>;
  /** Show errors (after a submit attempt or once the row was edited). */
  showErrors: boolean;
  disabled?: boolean;
  onChange: (rows: HeaderRow[]) => void;
}

/**
 * Extra headers as name/value rows. Values are secrets (API keys): shown masked, never logged,
 * and only sent to Restate, which stores them and sends them to the deployment.
 */
export function HeaderRowsEditor({ rows, errors, showErrors, disabled, onChange }: Props) {
  const update = (id: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <Stack direction="column" gap={0}>
      {rows.map((row, i) => {
        const e = showErrors ? errors[row.id] : undefined;
        return (
          <Stack key={row.id} gap={1} alignItems="flex-start">
            <Field label={i === 0 ? 'Header name' : undefined} invalid={!!e?.name} error={e?.name} style={{ flex: 1 }}>
              <Input
                aria-label={`Header ${i + 1} name`}
                placeholder="x-api-key"
                value={row.name}
                disabled={disabled}
                autoComplete="off"
                spellCheck={false}
                onChange={(ev) => update(row.id, { name: ev.currentTarget.value })}
              />
            </Field>
            <Field
              label={i === 0 ? 'Value (secret)' : undefined}
              invalid={!!e?.value}
              error={e?.value}
              style={{ flex: 1 }}
            >
              <Input
                aria-label={`Header ${i + 1} value`}
                type="password"
                autoComplete="new-password"
                value={row.value}
                disabled={disabled}
                onChange={(ev) => update(row.id, { value: ev.currentTarget.value })}
              />
            </Field>
            <IconButton
              name="trash-alt"
              tooltip={`Remove header ${row.name || i + 1}`}
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
          onClick={() => onChange([...rows, newHeaderRow()])}
        >
          Add header
        </Button>
      </div>
    </Stack>
  );
}
