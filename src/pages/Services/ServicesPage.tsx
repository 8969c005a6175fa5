import React, { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Badge, EmptyState, InteractiveTable, LinkButton, Stack, Text, TextLink, type Column } from '@grafana/ui';
import { serviceTypeLabel, type ServiceMetadata } from '../../api/services';
import { clusterRoutesPage } from '../../components/ClusterPage/ClusterPage';
import { ROUTES } from '../../constants';
import type { ClusterSettings } from '../../hooks/cluster';
import { prefixRoute } from '../../utils/utils.routing';
import { HandlerList } from '../../components/DiscoveryView/DiscoveryView';
import { pendingQueryView, pendingView, ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { useServiceHealth } from '../../hooks/resources/fleet';
import { useService, useServices } from '../../hooks/resources/services';
import { evaluateHealth } from '../../model/fleet';
import { ServiceHealthBadge, HEALTH_RULE_TEXT } from '../../components/ServiceHealth/ServiceHealth';
import { RetryPolicyView } from './RetryPolicyView';
import { ServiceSettingsEditor } from './ServiceSettingsEditor';
import { BackLink } from '../../components/BackLink/BackLink';
import { ReloadButton } from '../../components/ReloadButton/ReloadButton';

/** Services of the chosen cluster: list, and a detail view with settings (`services/:name`). */
export default clusterRoutesPage(
  { '': ServiceList, ':name': ServiceDetail },
  'Services, virtual objects and workflows registered in Restate, with their handlers and settings.'
);

const serviceLink = (cluster: ClusterSettings, name: string) =>
  prefixRoute(`${ROUTES.Services}/${encodeURIComponent(name)}`, {}, cluster.uid);
const deploymentLink = (cluster: ClusterSettings, id: string) =>
  prefixRoute(`${ROUTES.Deployments}/${encodeURIComponent(id)}`, {}, cluster.uid);
const invokeLink = (cluster: ClusterSettings, service: string, handler?: string) =>
  prefixRoute(ROUTES.Invoke, { service, handler }, cluster.uid);
const stateLink = (cluster: ClusterSettings, service: string) => prefixRoute(ROUTES.State, { service }, cluster.uid);
const isKeyed = (s: ServiceMetadata) => s.ty === 'VirtualObject' || s.ty === 'Workflow';

/** Invoke a handler, and for objects and workflows their state. */
function ServiceActions({ cluster, service }: { cluster: ClusterSettings; service: ServiceMetadata }) {
  return (
    <Stack gap={1}>
      <LinkButton size="sm" variant="secondary" icon="play" href={invokeLink(cluster, service.name)}>
        Invoke
      </LinkButton>
      {isKeyed(service) && (
        <LinkButton size="sm" variant="secondary" icon="database" href={stateLink(cluster, service.name)}>
          State
        </LinkButton>
      )}
    </Stack>
  );
}

const HEALTH_REFRESH_MS = 30_000;

/** Each service's health (from its invocations), by name; undefined while not loaded or when SQL fails. */
function useHealthByService(clusterUid: string) {
  const health = useServiceHealth(clusterUid, { intervalMs: HEALTH_REFRESH_MS });
  const byName = new Map((health.data ?? []).map((c) => [c.service, evaluateHealth(c)]));
  return { byName: health.data ? byName : undefined, error: health.error };
}

function ServiceList({ cluster }: { cluster: ClusterSettings }) {
  const services = useServices(cluster.uid);
  const { data, error, fetching: loading, refresh: reload } = services;
  const health = useHealthByService(cluster.uid);
  const pending = pendingQueryView(services, 'Loading services…');
  if (pending || !data) {
    return pending;
  }
  const rows = [...data].sort((a, b) => a.name.localeCompare(b.name));
  const columns: Array<Column<ServiceMetadata>> = [
    {
      id: 'name',
      header: 'Service',
      sortType: 'string',
      cell: ({ row: { original } }) => (
        <TextLink href={serviceLink(cluster, original.name)} inline={false}>
          {original.name}
        </TextLink>
      ),
    },
    { id: 'ty', header: 'Type', sortType: 'string', cell: ({ row: { original } }) => serviceTypeLabel(original.ty) },
    {
      id: 'deployment_id',
      header: 'Deployment',
      cell: ({ row: { original } }) => (
        <TextLink href={deploymentLink(cluster, original.deployment_id)} inline={false}>
          {original.deployment_id}
        </TextLink>
      ),
    },
    { id: 'revision', header: 'Revision', sortType: 'number' },
    {
      id: 'health',
      header: 'Health',
      cell: ({ row: { original } }) =>
        health.byName ? (
          <ServiceHealthBadge service={original.name} health={health.byName.get(original.name)} />
        ) : (
          <Text color="secondary">{health.error ? 'unavailable' : '…'}</Text>
        ),
    },
    {
      id: 'public',
      header: 'Public',
      cell: ({ row: { original } }) =>
        original.public === false ? <Badge color="orange" text="private" /> : <Badge color="green" text="public" />,
    },
    {
      id: 'handlers',
      header: 'Handlers',
      cell: ({ row: { original } }) =>
        original.handlers
          .map((h) => h.name)
          .sort()
          .join(', '),
    },
    {
      id: 'actions',
      header: '',
      cell: ({ row: { original } }) => <ServiceActions cluster={cluster} service={original} />,
    },
  ];
  return (
    <Stack direction="column" gap={2}>
      <Stack justifyContent="space-between" alignItems="center">
        <Text color="secondary">
          {rows.length} service{rows.length === 1 ? '' : 's'}
        </Text>
        <ReloadButton busy={loading} onClick={reload} />
      </Stack>
      {error !== undefined && <ErrorExplanation error={error} context="load" />}
      {health.error !== undefined && (
        <ErrorExplanation error={health.error} context="refresh" title="Could not compute service health" />
      )}
      <Text variant="bodySmall" color="secondary">
        Health: {HEALTH_RULE_TEXT}
      </Text>
      {rows.length === 0 ? (
        <EmptyState variant="not-found" message="No services registered yet">
          Services appear here once a deployment is registered on the Deployments page.
        </EmptyState>
      ) : (
        <InteractiveTable
          columns={columns}
          data={rows}
          getRowId={(s) => s.name}
          renderExpandedRow={(s) => <HandlerList handlers={s.handlers} />}
        />
      )}
    </Stack>
  );
}

function ServiceDetail({ cluster }: { cluster: ClusterSettings }) {
  const { name = '' } = useParams();
  const health = useHealthByService(cluster.uid);
  const { data, error, fetching: loading } = useService(cluster.uid, name);
  // The saved version replaces the loaded one, so the editor compares with what Restate now has.
  const [saved, setSaved] = useState<ServiceMetadata>();
  const service = saved?.name === name ? saved : data;

  const back = <BackLink href={prefixRoute(ROUTES.Services, {}, cluster.uid)}>All services</BackLink>;
  const pending = pendingView({
    hasData: service !== undefined,
    loading,
    error,
    back,
    loadingText: 'Loading service…',
    errorContext: 'service-settings',
  });
  if (pending || !service) {
    return pending;
  }
  return (
    <Stack direction="column" gap={2}>
      {back}
      <Stack alignItems="center" gap={1}>
        <Text element="h2" variant="h3">
          {service.name}
        </Text>
        <Badge color="blue" text={serviceTypeLabel(service.ty)} />
        {service.public === false ? <Badge color="orange" text="private" /> : <Badge color="green" text="public" />}
        <ServiceActions cluster={cluster} service={service} />
      </Stack>
      {health.byName && (
        <Stack direction="column" gap={0.5}>
          <ServiceHealthBadge service={service.name} health={health.byName.get(service.name)} />
          <Text variant="bodySmall" color="secondary">
            Health: {HEALTH_RULE_TEXT}
          </Text>
        </Stack>
      )}
      <Text color="secondary">
        Revision {service.revision} on deployment{' '}
        <TextLink href={deploymentLink(cluster, service.deployment_id)} inline>
          {service.deployment_id}
        </TextLink>
      </Text>
      {service.documentation && <Text>{service.documentation}</Text>}

      <Text element="h3" variant="h4">
        Settings
      </Text>
      <ServiceSettingsEditor
        key={`${service.name}/${service.revision}`}
        clusterUid={cluster.uid}
        service={service}
        onSaved={setSaved}
      />

      <Text element="h3" variant="h4">
        Retry policy
      </Text>
      <RetryPolicyView service={service} />

      <Text element="h3" variant="h4">
        Handlers
      </Text>
      <HandlerList handlers={service.handlers} />
    </Stack>
  );
}
