import React, { useMemo, useState } from 'react';
import { Alert, Button, Field, Input, Modal, TextArea } from '@grafana/ui';
import { SwitchField } from '../../components/SwitchField/SwitchField';
import { preconditionFailure, upsertRule, type Rule } from '../../api/flowControl';
import { describePattern, normalizePattern, validateConcurrency, validatePattern } from '../../model/flowControl';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { ModalFormButtons } from '../../components/ModalForm/ModalFormButtons';
import { useCheckedSubmit } from '../../hooks/checkedSubmit';

export interface RuleValues {
  pattern: string;
  concurrency: string;
  description: string;
  enabled: boolean;
}

export const emptyRule: RuleValues = { pattern: '', concurrency: '', description: '', enabled: true };

export function valuesOf(rule: Rule): RuleValues {
  return {
    pattern: rule.pattern,
    concurrency: rule.concurrency === undefined ? '' : String(rule.concurrency),
    description: rule.description ?? '',
    enabled: !rule.disabled,
  };
}

/** Field errors of the form; empty when it may be sent. */
export function ruleErrors(
  v: RuleValues,
  existing: string[],
  editing: boolean
): Partial<Record<keyof RuleValues, string>> {
  const out: Partial<Record<keyof RuleValues, string>> = {};
  const pattern = validatePattern(v.pattern);
  if (pattern) {
    out.pattern = pattern;
  } else if (!editing && existing.includes(normalizePattern(v.pattern))) {
    out.pattern = `A rule for “${normalizePattern(v.pattern)}” exists already: edit that one instead.`;
  }
  const concurrency = validateConcurrency(v.concurrency);
  if (concurrency) {
    out.concurrency = concurrency;
  }
  return out;
}

interface Props {
  clusterUid: string;
  /** The rule being edited (its version is the precondition), or undefined to create one. */
  rule?: Rule;
  /** Patterns of the rules shown, so a create of an existing pattern is caught before sending. */
  existing: string[];
  /** The latest copy of the edited rule from the polled list (to explain a conflict). */
  current?: Rule;
  onSaved: () => void;
  onDismiss: () => void;
}

/**
 * Creates a rule (refused by Restate if the pattern has one meanwhile) or edits one at the version the user
 * opened (refused if someone changed it since). A refusal keeps everything typed and says what changed.
 */
export function RuleForm({ clusterUid, rule, existing, current, onSaved, onDismiss }: Props) {
  const editing = rule !== undefined;
  const [values, setValues] = useState<RuleValues>(() => (rule ? valuesOf(rule) : emptyRule));
  const [baseVersion, setBaseVersion] = useState<number | undefined>(rule?.version);
  const [touched, setTouched] = useState<Partial<Record<keyof RuleValues, boolean>>>({});
  const { submitted, busy, error, setError, submit } = useCheckedSubmit();
  const errors = useMemo(() => ruleErrors(values, existing, editing), [values, existing, editing]);
  const invalid = Object.keys(errors).length > 0;
  const shown = (k: keyof RuleValues) => (submitted || touched[k] ? errors[k] : undefined);
  const conflict = preconditionFailure(error);
  const set = (k: keyof RuleValues, v: string | boolean) => setValues((old) => ({ ...old, [k]: v }));

  const save = () =>
    submit(invalid, async () => {
      await upsertRule(
        clusterUid,
        {
          pattern: values.pattern,
          concurrency: values.concurrency.trim() === '' ? undefined : Number(values.concurrency.trim()),
          description: values.description,
          disabled: !values.enabled,
        },
        editing ? baseVersion : undefined
      );
      onSaved();
    });

  const pattern = normalizePattern(values.pattern);
  return (
    <Modal title={editing ? `Edit rule ${rule.pattern}` : 'New flow-control rule'} isOpen onDismiss={onDismiss}>
      <form
        aria-label={editing ? 'Edit rule' : 'New rule'}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Field
          label="Pattern"
          description={
            <>
              Which invocations the rule limits, by their scope and limit key: <code>*</code> (each scope),{' '}
              <code>tenant-a</code>, <code>tenant-a/*</code> (each limit key in tenant-a) or{' '}
              <code>tenant-a/orders/*</code>. Up to 3 parts; each is <code>*</code> or up to 36 letters, digits, “_”,
              “.”, “-”.
              {!validatePattern(values.pattern) && pattern !== '' ? ` Applies to: ${describePattern(pattern)}.` : ''}
            </>
          }
          invalid={!!shown('pattern')}
          error={shown('pattern')}
          disabled={editing}
        >
          <Input
            id="rule-pattern"
            autoFocus={!editing}
            value={values.pattern}
            spellCheck={false}
            placeholder="tenant-a/*"
            onChange={(e) => set('pattern', e.currentTarget.value)}
            onBlur={() => setTouched((t) => ({ ...t, pattern: true }))}
          />
        </Field>
        <Field
          label="Concurrency limit"
          description="How many matching invocations may run at the same time; the others wait in their virtual queue. Empty: no limit."
          invalid={!!shown('concurrency')}
          error={shown('concurrency')}
        >
          <Input
            id="rule-concurrency"
            autoFocus={editing}
            inputMode="numeric"
            value={values.concurrency}
            placeholder="unlimited"
            width={20}
            onChange={(e) => set('concurrency', e.currentTarget.value)}
            onBlur={() => setTouched((t) => ({ ...t, concurrency: true }))}
          />
        </Field>
        <Field label="Description" description="Shown in the rule list; Restate does not use it.">
          <TextArea
            id="rule-description"
            rows={2}
            value={values.description}
            onChange={(e) => set('description', e.currentTarget.value)}
          />
        </Field>
        <SwitchField
          label="Enabled"
          description="A disabled rule is kept but limits nothing."
          id="rule-enabled"
          value={values.enabled}
          onChange={(on) => set('enabled', on)}
        />

        {conflict ? (
          <Alert
            severity="warning"
            title={
              conflict.kind === 'exists'
                ? `A rule for “${conflict.pattern}” was created meanwhile`
                : conflict.kind === 'gone'
                  ? `The rule “${conflict.pattern}” was deleted meanwhile`
                  : `Someone changed “${conflict.pattern}” since you opened it`
            }
          >
            <p>
              {conflict.kind === 'changed'
                ? `You edited version ${baseVersion}; Restate now holds version ${conflict.actual}${
                    current && current.version === conflict.actual
                      ? ` (limit ${current.concurrency ?? 'unlimited'}, ${current.disabled ? 'disabled' : 'enabled'}${
                          current.description ? `, “${current.description}”` : ''
                        })`
                      : ''
                  }. Restate refused your change so that it does not silently undo theirs. What you typed is kept.`
                : conflict.kind === 'exists'
                  ? 'Restate refused to overwrite it. Close this form and edit that rule instead; what you typed is kept until you close.'
                  : 'There is nothing left to edit. Close this form and create the rule again if you still need it.'}
            </p>
            {conflict.kind === 'changed' && (
              <Button
                type="button"
                variant="secondary"
                size="sm"
                onClick={() => {
                  setBaseVersion(conflict.actual);
                  setError(undefined);
                }}
              >
                Apply my values over version {conflict.actual}
              </Button>
            )}
          </Alert>
        ) : (
          error !== undefined && (
            <ErrorExplanation error={error} context="update" onRemove={() => setError(undefined)} />
          )
        )}

        <ModalFormButtons busy={busy} blocked={submitted && invalid} icon="save" onCancel={onDismiss}>
          {editing ? 'Save rule' : 'Create rule'}
        </ModalFormButtons>
      </form>
    </Modal>
  );
}
