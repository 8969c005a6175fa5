import React from 'react';
import { Field, Switch } from '@grafana/ui';

/** An on/off setting with its label and description; the switch is named `ariaLabel` (the label by default). */
export function SwitchField({
  label,
  description,
  ariaLabel = label,
  id,
  value,
  disabled,
  onChange,
}: {
  label: string;
  description?: string;
  ariaLabel?: string;
  id?: string;
  value: boolean;
  disabled?: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <Field label={label} description={description}>
      <Switch
        id={id}
        aria-label={ariaLabel}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
    </Field>
  );
}
