import React from 'react';
import { Button, Field, IconButton, Input, Stack } from '@grafana/ui';
import { newMetadataRow, type MetadataRow, type MetadataRowErrors } from './metadata';

interface Props {
  rows: MetadataRow[];
  errors: Record<number, MetadataRowErrors>;
  showErrors: boolean;
  disabled?: boolean;
  onChange: (rows: MetadataRow[]) => void;
}

/** Deployment metadata as key/value rows (not secret: shown to every role with the deployment). */
export function MetadataRowsEditor({ rows, errors, showErrors, disabled, onChange }: Props) {
  const update = (id: number, patch: Partial<MetadataRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <Stack direction="column" gap={0}>
      {rows.map((row, i) => {
        const e = showErrors ? errors[row.id] : undefined;
        return (
          <Stack key={row.id} gap={1} alignItems="flex-start">
            <Field label={i === 0 ? 'Key' : undefined} invalid={!!e?.key} error={e?.key} style={{ flex: 1 }}>
              <Input
                aria-label={`Metadata ${i + 1} key`}
                placeholder="team"
                value={row.key}
                disabled={disabled}
                autoComplete="off"
                spellCheck={false}
                onChange={(ev) => update(row.id, { key: ev.currentTarget.value })}
              />
            </Field>
            <Field label={i === 0 ? 'Value' : undefined} invalid={!!e?.value} error={e?.value} style={{ flex: 1 }}>
              <Input
                aria-label={`Metadata ${i + 1} value`}
                placeholder="payments"
                value={row.value}
                disabled={disabled}
                autoComplete="off"
                onChange={(ev) => update(row.id, { value: ev.currentTarget.value })}
              />
            </Field>
            <IconButton
              name="trash-alt"
              tooltip={`Remove metadata ${row.key || i + 1}`}
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
          onClick={() => onChange([...rows, newMetadataRow()])}
        >
          Add metadata
        </Button>
      </div>
    </Stack>
  );
}
