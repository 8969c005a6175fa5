import React, { useMemo, useState } from 'react';
import { Alert, Button, Field, Input, Stack } from '@grafana/ui';
import { SwitchField } from '../../components/SwitchField/SwitchField';
import {
  changedSettings,
  DURATION_SETTINGS,
  modifyService,
  type DurationSetting,
  type ServiceMetadata,
  type ServiceSettings,
} from '../../api/services';
import { usePermissions } from '../../hooks/roles';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { DURATION_HELP, validateDuration } from './duration';
import { DEPLOYMENT_RESOURCES, useInvalidate } from '../../hooks/resources/keys';

const LABELS: Record<DurationSetting, { label: string; description: string }> = {
  idempotency_retention: {
    label: 'Idempotency retention',
    description: 'How long Restate remembers the result of a call made with an idempotency key.',
  },
  journal_retention: {
    label: 'Journal retention',
    description: 'How long the journal of a finished invocation is kept for inspection.',
  },
  workflow_completion_retention: {
    label: 'Workflow completion retention',
    description: 'How long a finished workflow keeps its result and state.',
  },
  inactivity_timeout: {
    label: 'Inactivity timeout',
    description: 'After this long without progress, Restate asks the invocation to suspend.',
  },
  abort_timeout: {
    label: 'Abort timeout',
    description: 'After the inactivity timeout, how long Restate waits before aborting the invocation.',
  },
};

type Values = { public: boolean } & Record<DurationSetting, string>;

function valuesOf(s: ServiceMetadata): Values {
  return {
    public: s.public ?? true,
    idempotency_retention: s.idempotency_retention ?? '',
    journal_retention: s.journal_retention ?? '',
    workflow_completion_retention: s.workflow_completion_retention ?? '',
    inactivity_timeout: s.inactivity_timeout ?? '',
    abort_timeout: s.abort_timeout ?? '',
  };
}

/**
 * Edits a service's settings (PATCH /services/{name}); Editor or Admin. Durations are checked with the
 * rules Restate's parser applies, so a value Restate would refuse is never sent.
 */
export function ServiceSettingsEditor({
  clusterUid,
  service,
  onSaved,
}: {
  clusterUid: string;
  service: ServiceMetadata;
  onSaved: (s: ServiceMetadata) => void;
}) {
  const { canOperate, operateReason } = usePermissions();
  const [values, setValues] = useState<Values>(() => valuesOf(service));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const invalidate = useInvalidate(clusterUid);
  const [saved, setSaved] = useState(false);
  const fields = DURATION_SETTINGS.filter((k) => k !== 'workflow_completion_retention' || service.ty === 'Workflow');

  const errors = useMemo(() => {
    const out: Partial<Record<DurationSetting, string>> = {};
    for (const k of fields) {
      const v = values[k];
      const current = service[k] ?? '';
      if (v === current) {
        continue;
      }
      out[k] =
        v === ''
          ? 'Restate cannot clear this setting; enter a duration (the current value was ' + current + ').'
          : validateDuration(v);
    }
    return out;
  }, [values, service, fields]);
  const invalid = Object.values(errors).some(Boolean);
  const changes: ServiceSettings = changedSettings(service, {
    public: values.public,
    ...Object.fromEntries(fields.map((k) => [k, values[k]])),
  });
  const dirty = Object.keys(changes).length > 0;

  const save = async () => {
    if (invalid || !dirty || !canOperate) {
      return;
    }
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const updated = await modifyService(clusterUid, service.name, changes);
      setValues(valuesOf(updated));
      setSaved(true);
      void invalidate(...DEPLOYMENT_RESOURCES);
      onSaved(updated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label="Service settings"
      noValidate
      style={{ maxWidth: 640 }}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {!canOperate && (
        <Alert severity="info" title="Read-only">
          {operateReason}
        </Alert>
      )}
      <SwitchField
        label="Public"
        description="Public services can be called through the ingress (HTTP, clients). Private ones only from other Restate services."
        value={values.public}
        disabled={!canOperate || busy}
        onChange={(checked) => {
          setValues((v) => ({ ...v, public: checked }));
          setSaved(false);
        }}
      />
      {fields.map((k) => (
        <Field
          key={k}
          label={LABELS[k].label}
          description={`${LABELS[k].description} ${k === fields[0] ? DURATION_HELP : ''}`.trim()}
          invalid={!!errors[k]}
          error={errors[k]}
        >
          <Input
            id={`service-${k}`}
            value={values[k]}
            disabled={!canOperate || busy}
            spellCheck={false}
            width={30}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setValues((v) => ({ ...v, [k]: value }));
              setSaved(false);
            }}
          />
        </Field>
      ))}
      {error !== undefined && (
        <ErrorExplanation error={error} context="service-settings" onRemove={() => setError(undefined)} />
      )}
      {saved && (
        <Alert severity="success" title="Settings saved">
          Restate applies them to new invocations of {service.name}.
        </Alert>
      )}
      <Stack gap={1}>
        <WhyDisabled reason={operateReason}>
          <Button type="submit" icon={busy ? 'spinner' : 'save'} disabled={!canOperate || busy || invalid || !dirty}>
            Save settings
          </Button>
        </WhyDisabled>
        <Button
          type="button"
          variant="secondary"
          fill="text"
          disabled={!dirty || busy}
          onClick={() => {
            setValues(valuesOf(service));
            setError(undefined);
          }}
        >
          Reset
        </Button>
      </Stack>
    </form>
  );
}
