import React, { useId } from 'react';
import { Alert, Combobox, Field, LoadingPlaceholder, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { endpointLabel, serviceRevisionUse, type DeploymentSummary } from '../../api/deployments';
import type { DeploymentChoice } from '../../api/invocations';
import { useDeployments } from '../../hooks/resources/deployments';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';

export interface DeploymentOption {
  id: string;
  endpoint: string;
  /** The service's latest revision lives here: new invocations go to it. */
  latest: boolean;
  pinned: boolean;
  revision?: number;
}

/** The deployments that serve `service` (only those can run its invocation), newest first. */
export function deploymentOptions(
  deployments: DeploymentSummary[],
  services: Array<{ name: string; deployment_id: string; revision: number }>,
  service: string,
  pinned?: string
): DeploymentOption[] {
  return deployments
    .filter((d) => d.services.some((s) => s.name === service))
    .map((d) => {
      const use = serviceRevisionUse(d, services).find((u) => u.name === service);
      return {
        id: d.id,
        endpoint: endpointLabel(d),
        latest: !!use?.latest,
        pinned: d.id === pinned,
        revision: use?.revision,
      };
    });
}

function chosenText(o: DeploymentOption | undefined, service: string): string {
  if (!o) {
    return `Runs on the deployment you choose; it must serve ${service} with a compatible SDK.`;
  }
  const what = o.latest
    ? `latest for ${service}`
    : `serves ${service} at revision ${o.revision ?? '?'}, not the latest`;
  return `Runs on ${o.id} (${o.endpoint}), ${what}${o.pinned ? ', pinned now' : ''}.`;
}

export function choiceValid(choice: DeploymentChoice, options: DeploymentOption[]): boolean {
  return choice.kind !== 'id' || options.some((o) => o.id === choice.id);
}

/**
 * Latest, keep the pinned one, or one of the deployments that serve the service (id, endpoint, whether latest).
 * `keepLabel` says what "keep" means where it is used.
 */
export function DeploymentPicker({
  clusterUid,
  service,
  pinned,
  value,
  onChange,
  description,
}: {
  clusterUid: string;
  service: string;
  pinned?: string;
  value: DeploymentChoice;
  onChange: (c: DeploymentChoice) => void;
  description?: string;
}) {
  const id = useId();
  const res = useDeployments(clusterUid);
  const options = res.data ? deploymentOptions(res.data.deployments, res.data.services, service, pinned) : [];
  const latest = options.find((o) => o.latest);
  const modes = [
    { label: 'Latest', value: 'latest', description: latest ? `${latest.id} (${latest.endpoint})` : undefined },
    ...(pinned ? [{ label: 'Keep pinned', value: 'keep', description: pinned }] : []),
    { label: 'Another deployment', value: 'id' },
  ];
  return (
    <Stack direction="column" gap={1}>
      <Field label="Deployment" description={description}>
        <RadioButtonGroup
          options={modes}
          value={value.kind}
          onChange={(k) =>
            onChange(
              k === 'id'
                ? { kind: 'id', id: options.find((o) => !o.pinned)?.id ?? '' }
                : { kind: k as 'latest' | 'keep' }
            )
          }
        />
      </Field>
      <Text color="secondary" variant="bodySmall">
        {value.kind === 'latest'
          ? latest
            ? `Runs on ${latest.id} (${latest.endpoint}), where ${service}'s latest revision lives.`
            : `Runs on the deployment of ${service}'s latest revision.`
          : value.kind === 'keep'
            ? `Stays on ${pinned}, the deployment it is pinned to.`
            : chosenText(
                options.find((o) => o.id === value.id),
                service
              )}
      </Text>
      {value.kind === 'id' &&
        (res.loading && !res.data ? (
          <LoadingPlaceholder text="Loading deployments…" />
        ) : res.error && !res.data ? (
          <ErrorExplanation context="refresh" title="Could not load the deployments" error={res.error} />
        ) : options.length === 0 ? (
          <Alert severity="warning" title={`No deployment serves ${service}`}>
            Register a deployment that serves {service} first.
          </Alert>
        ) : (
          <Field label="Deployment to run on" htmlFor={id}>
            <Combobox
              id={id}
              options={options.map((o) => ({
                value: o.id,
                label: o.id,
                description: [
                  o.endpoint,
                  o.latest ? `latest for ${service}` : `revision ${o.revision ?? '?'}, not latest`,
                  o.pinned ? 'pinned now' : undefined,
                ]
                  .filter(Boolean)
                  .join(' · '),
              }))}
              value={value.id || null}
              onChange={(o) => onChange({ kind: 'id', id: o?.value ?? '' })}
              width={60}
            />
          </Field>
        ))}
    </Stack>
  );
}
