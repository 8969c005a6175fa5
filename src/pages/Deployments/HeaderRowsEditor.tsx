import React from 'react';
import { Field } from '@grafana/ui';
import { nextRowId } from './keyValueRows';
import { KeyValueRowsEditor, type KeyValueWords, type RowsEditorProps } from './KeyValueRowsEditor';
import type { DeploymentFormErrors, HeaderRow } from './validation';

/** A fresh, empty header row with an id unique in this page's lifetime. */
export function newHeaderRow(name = '', value = ''): HeaderRow {
  return { id: nextRowId(), name, value };
}

export function headerRowsFrom(headers: Record<string, string> | undefined | null): HeaderRow[] {
  return Object.entries(headers ?? {}).map(([name, value]) => newHeaderRow(name, value));
}

const HEADER_WORDS: KeyValueWords<'name'> = {
  keyField: 'name',
  noun: 'Header',
  item: 'header',
  keyLabel: 'Header name',
  keyPlaceholder: 'x-api-key',
  valueLabel: 'Value (secret)',
  secret: true,
};

/**
 * Extra headers as name/value rows. Values are secrets (API keys): shown masked, never logged,
 * and only sent to Restate, which stores them and sends them to the deployment.
 */
export function HeaderRowsEditor(props: RowsEditorProps<'name', HeaderRow>) {
  return <KeyValueRowsEditor words={HEADER_WORDS} newRow={newHeaderRow} {...props} />;
}

const HEADERS_HELP = {
  register:
    'Sent by Restate with every request to the deployment, for example an API key. Values are secrets: masked here and never logged.',
  update: 'These replace all current extra headers. Change a value to rotate a key; remove a row to stop sending it.',
};

/** The "Extra headers" field of the register form and the update drawer, each with its own help. */
export function ExtraHeadersField({
  use,
  form,
  errors,
  showErrors,
  disabled,
  onChange,
}: {
  use: keyof typeof HEADERS_HELP;
  form: { headers: HeaderRow[] };
  errors: DeploymentFormErrors;
  showErrors: boolean;
  disabled?: boolean;
  onChange: (patch: { headers: HeaderRow[] }) => void;
}) {
  return (
    <Field label="Extra headers" description={HEADERS_HELP[use]}>
      <HeaderRowsEditor
        rows={form.headers}
        errors={errors.headers}
        showErrors={showErrors}
        disabled={disabled}
        onChange={(headers) => onChange({ headers })}
      />
    </Field>
  );
}
