import React, { useMemo, useState } from 'react';
import { Button, Combobox, Field, IconButton, Input, Modal, Stack, Text } from '@grafana/ui';
import { createSubscription, type KafkaCluster, type Subscription } from '../../api/kafka';
import type { ServiceMetadata } from '../../api/services';
import { optionsObject, sinkUri, sourceUri, validateOptions, validateTopic } from '../../model/flowControl';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { ModalFormButtons } from '../../components/ModalForm/ModalFormButtons';
import { useCheckedSubmit } from '../../hooks/checkedSubmit';

export interface SubscriptionValues {
  cluster: string;
  topic: string;
  service: string;
  handler: string;
  options: Array<{ key: string; value: string }>;
}

export const emptySubscription: SubscriptionValues = { cluster: '', topic: '', service: '', handler: '', options: [] };

/**
 * Field errors, checked against what Restate holds (the cluster among its Kafka clusters, the handler among the
 * services' handlers), so a subscription that cannot be created is not sent. The backend checks the same again.
 */
export function subscriptionErrors(
  v: SubscriptionValues,
  clusters: KafkaCluster[],
  services: ServiceMetadata[]
): { cluster?: string; topic?: string; service?: string; handler?: string; options: Array<string | undefined> } {
  const out: ReturnType<typeof subscriptionErrors> = { options: validateOptions(v.options) };
  if (!v.cluster) {
    out.cluster = clusters.length
      ? 'Choose the Kafka cluster to consume from.'
      : 'No Kafka cluster is configured in Restate.';
  } else if (!clusters.some((c) => c.name === v.cluster)) {
    out.cluster = `Restate has no Kafka cluster “${v.cluster}”.`;
  }
  out.topic = validateTopic(v.topic);
  const service = services.find((s) => s.name === v.service);
  if (!v.service) {
    out.service = services.length
      ? 'Choose the service whose handler receives the records.'
      : 'No service is registered yet.';
  } else if (!service) {
    out.service = `Restate has no service “${v.service}”.`;
  } else if (!v.handler) {
    out.handler = 'Choose the handler that receives each record.';
  } else if (!service.handlers.some((h) => h.name === v.handler)) {
    out.handler = `${v.service} has no handler “${v.handler}”.`;
  }
  return out;
}

const hasErrors = (e: ReturnType<typeof subscriptionErrors>) =>
  !!(e.cluster || e.topic || e.service || e.handler || e.options.some(Boolean));

interface Props {
  clusterUid: string;
  clusters: KafkaCluster[];
  services: ServiceMetadata[];
  onCreated: (s: Subscription) => void;
  onDismiss: () => void;
}

/** Creates a subscription: records of a Kafka topic become invocations of a handler. Admin only (server-checked). */
export function SubscriptionForm({ clusterUid, clusters, services, onCreated, onDismiss }: Props) {
  const [values, setValues] = useState<SubscriptionValues>(() => ({
    ...emptySubscription,
    cluster: clusters.length === 1 ? clusters[0].name : '',
  }));
  const { submitted, busy, error, setError, submit } = useCheckedSubmit();
  const errors = useMemo(() => subscriptionErrors(values, clusters, services), [values, clusters, services]);
  const invalid = hasErrors(errors);
  const show = (msg: string | undefined, filled: boolean) => (submitted || filled ? msg : undefined);
  const handlers = services.find((s) => s.name === values.service)?.handlers ?? [];
  const set = (patch: Partial<SubscriptionValues>) => setValues((v) => ({ ...v, ...patch }));

  const save = () =>
    submit(invalid, async () => {
      const options = optionsObject(values.options);
      const created = await createSubscription(clusterUid, {
        source: sourceUri(values.cluster, values.topic),
        sink: sinkUri(values.service, values.handler),
        ...(Object.keys(options).length ? { options } : {}),
      });
      onCreated(created);
    });

  return (
    <Modal title="New Kafka subscription" isOpen onDismiss={onDismiss}>
      <form
        aria-label="New subscription"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Field label="Kafka cluster" invalid={!!show(errors.cluster, false)} error={show(errors.cluster, false)}>
          <Combobox
            id="subscription-cluster"
            aria-label="Kafka cluster"
            width={40}
            value={values.cluster || null}
            options={clusters.map((c) => ({ label: c.name, value: c.name }))}
            onChange={(o) => set({ cluster: o?.value ?? '' })}
            placeholder="Choose a cluster"
          />
        </Field>
        <Field
          label="Topic"
          description="Each record of this topic becomes one invocation of the handler."
          invalid={!!show(errors.topic, values.topic !== '')}
          error={show(errors.topic, values.topic !== '')}
        >
          <Input
            id="subscription-topic"
            width={40}
            value={values.topic}
            spellCheck={false}
            placeholder="orders"
            onChange={(e) => set({ topic: e.currentTarget.value })}
          />
        </Field>
        <Stack gap={2}>
          <Field label="Service" invalid={!!show(errors.service, false)} error={show(errors.service, false)}>
            <Combobox
              id="subscription-service"
              aria-label="Service"
              width={30}
              value={values.service || null}
              options={[...services]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((s) => ({ label: s.name, value: s.name, description: s.ty }))}
              onChange={(o) => set({ service: o?.value ?? '', handler: '' })}
              placeholder="Choose a service"
            />
          </Field>
          <Field label="Handler" invalid={!!show(errors.handler, false)} error={show(errors.handler, false)}>
            <Combobox
              id="subscription-handler"
              aria-label="Handler"
              width={30}
              disabled={!values.service}
              value={values.handler || null}
              options={handlers.map((h) => ({ label: h.name, value: h.name }))}
              onChange={(o) => set({ handler: o?.value ?? '' })}
              placeholder={values.service ? 'Choose a handler' : 'Choose a service first'}
            />
          </Field>
        </Stack>
        {values.cluster && values.topic && values.service && values.handler && (
          <Text color="secondary" variant="bodySmall">
            Creates <code>{sourceUri(values.cluster, values.topic)}</code> →{' '}
            <code>{sinkUri(values.service, values.handler)}</code>
          </Text>
        )}
        <Field
          label="Options"
          description="Consumer settings for this subscription, e.g. auto.offset.reset = earliest. Restate sets group.id itself."
        >
          <Stack direction="column" gap={1}>
            {values.options.map((row, i) => (
              <Stack key={i} gap={1} alignItems="flex-start">
                <Field invalid={!!errors.options[i]} error={errors.options[i]} noMargin>
                  <Input
                    aria-label={`Option ${i + 1} name`}
                    width={30}
                    value={row.key}
                    placeholder="auto.offset.reset"
                    onChange={(e) => {
                      const key = e.currentTarget.value;
                      set({ options: values.options.map((o, j) => (j === i ? { ...o, key } : o)) });
                    }}
                  />
                </Field>
                <Input
                  aria-label={`Option ${i + 1} value`}
                  width={30}
                  value={row.value}
                  placeholder="earliest"
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    set({ options: values.options.map((o, j) => (j === i ? { ...o, value } : o)) });
                  }}
                />
                <IconButton
                  name="trash-alt"
                  tooltip={`Remove option ${i + 1}`}
                  onClick={() => set({ options: values.options.filter((_, j) => j !== i) })}
                />
              </Stack>
            ))}
            <div>
              <Button
                type="button"
                variant="secondary"
                size="sm"
                icon="plus"
                onClick={() => set({ options: [...values.options, { key: '', value: '' }] })}
              >
                Add option
              </Button>
            </div>
          </Stack>
        </Field>
        {error !== undefined && (
          <ErrorExplanation
            error={error}
            title="The subscription was not created"
            extra="What you entered is kept."
            onRemove={() => setError(undefined)}
          />
        )}
        <ModalFormButtons busy={busy} blocked={submitted && invalid} icon="plus" onCancel={onDismiss}>
          Create subscription
        </ModalFormButtons>
      </form>
    </Modal>
  );
}
