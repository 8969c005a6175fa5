import React, { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  InteractiveTable,
  Stack,
  Text,
  TextLink,
  Tooltip,
  type Column,
} from '@grafana/ui';
import { deleteSubscription, propertyRows, type KafkaCluster, type Subscription } from '../../api/kafka';
import { parseSink } from '../../model/flowControl';
import { clusterPage } from '../../components/ClusterPage/ClusterPage';
import { ErrorExplanation, pendingQueryView } from '../../components/ErrorExplanation/ErrorExplanation';
import { RowDeleteButton, WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { ROUTES } from '../../constants';
import type { ClusterSettings } from '../../hooks/cluster';
import { KAFKA_RESOURCES, useKafka } from '../../hooks/fleet';
import { useConfirmedAction } from '../../hooks/confirmedAction';
import { ConfirmRowAction } from '../../components/ConfirmRowAction/ConfirmRowAction';
import { ReloadButton } from '../../components/ReloadButton/ReloadButton';
import { useInvalidate } from '../../hooks/resources/keys';
import { usePermissions } from '../../hooks/roles';
import { prefixRoute } from '../../utils/utils.routing';
import { SubscriptionForm } from './SubscriptionForm';

/** Kafka clusters (read only, credentials hidden) and subscriptions (Admins create and delete them). */
export default clusterPage(
  Kafka,
  "Kafka clusters Restate consumes from, and the subscriptions that turn records into invocations."
);

/** Property values the backend hid (credentials) are shown as hidden, never as empty. */
function Properties({ props }: { props: Record<string, string> | undefined | null }) {
  const rows = propertyRows(props);
  if (rows.length === 0) {
    return <Text color="secondary">none</Text>;
  }
  return (
    <Stack direction="column" gap={0}>
      {rows.map((r) => (
        <span key={r.name}>
          <code>{r.name}</code> ={' '}
          {r.masked ? (
            <Tooltip content="Hidden: it may be a credential. Grafana's server removes such values before they reach your browser.">
              <span>
                <Badge color="darkgrey" text="hidden" icon="lock" />
              </span>
            </Tooltip>
          ) : (
            <code>{r.value}</code>
          )}
        </span>
      ))}
    </Stack>
  );
}

function Kafka({ cluster }: { cluster: ClusterSettings }) {
  const clusterUid = cluster.uid;
  const kafka = useKafka(clusterUid);
  const { data, error, fetching, refresh } = kafka;
  const { canDeploy, deployReason } = usePermissions();
  const invalidate = useInvalidate(clusterUid);
  const [creating, setCreating] = useState(false);
  const remove = useConfirmedAction(async (s: Subscription) => {
    await deleteSubscription(clusterUid, s.id);
    void invalidate(...KAFKA_RESOURCES);
    return `Subscription ${s.id} deleted: Restate stops consuming ${s.source} for ${s.sink}.`;
  });
  const { notice, setNotice } = remove;

  const pending = pendingQueryView(kafka, 'Loading Kafka clusters and subscriptions…');
  if (pending || !data) {
    return pending;
  }
  const { clusters, subscriptions, services } = data;

  const clusterColumns: Array<Column<KafkaCluster>> = [
    {
      id: 'name',
      header: 'Cluster',
      sortType: 'string',
      cell: ({ row: { original } }) => <code>{original.name}</code>,
    },
    {
      id: 'properties',
      header: 'Properties',
      cell: ({ row: { original } }) => <Properties props={original.properties} />,
    },
    {
      id: 'subscriptions',
      header: 'Subscriptions',
      cell: ({ row: { original } }) =>
        subscriptions.filter((s) => s.source.startsWith(`kafka://${original.name}/`)).length,
    },
    {
      id: 'created_at',
      header: 'Created',
      cell: ({ row: { original } }) => (original.created_at ? new Date(original.created_at).toLocaleString() : ''),
    },
  ];

  const subscriptionColumns: Array<Column<Subscription>> = [
    { id: 'id', header: 'Subscription', cell: ({ row: { original } }) => <code>{original.id}</code> },
    {
      id: 'source',
      header: 'Source',
      sortType: 'string',
      cell: ({ row: { original } }) => <code>{original.source}</code>,
    },
    {
      id: 'sink',
      header: 'Sink',
      sortType: 'string',
      cell: ({ row: { original } }) => {
        const sink = parseSink(original.sink);
        return sink ? (
          <TextLink
            href={prefixRoute(`${ROUTES.Services}/${encodeURIComponent(sink.service)}`, {}, clusterUid)}
            inline={false}
          >
            {original.sink}
          </TextLink>
        ) : (
          <code>{original.sink}</code>
        );
      },
    },
    { id: 'options', header: 'Options', cell: ({ row: { original } }) => <Properties props={original.options} /> },
    {
      id: 'actions',
      header: '',
      cell: ({ row: { original } }) => (
        <RowDeleteButton
          reason={deployReason}
          label={`Delete subscription ${original.id}`}
          onClick={() => remove.ask(original)}
        />
      ),
    },
  ];

  return (
    <Stack direction="column" gap={3}>
      {error !== undefined && (
        <ErrorExplanation error={error} context="refresh" extra="The lists below are the last ones loaded." />
      )}
      {notice && <Alert severity="success" title={notice} onRemove={() => setNotice(undefined)} />}
      {remove.error !== undefined && (
        <ErrorExplanation
          error={remove.error}
          title="The subscription was not deleted"
          onRemove={remove.clearError}
        />
      )}

      <Stack direction="column" gap={1}>
        <Stack justifyContent="space-between" alignItems="center">
          <Text element="h2" variant="h4">
            Kafka clusters ({clusters.length})
          </Text>
          <ReloadButton busy={fetching} onClick={refresh} />
        </Stack>
        {clusters.length === 0 ? (
          <EmptyState variant="not-found" message="No Kafka cluster configured">
            Restate consumes Kafka topics from the clusters configured in its <code>restate.toml</code> (
            <code>[[ingress.kafka-clusters]]</code>) or through its admin API. Configure one there first; its
            credentials then stay in Restate.
          </EmptyState>
        ) : (
          <InteractiveTable columns={clusterColumns} data={clusters} getRowId={(c) => c.name} />
        )}
      </Stack>

      <Stack direction="column" gap={1}>
        <Stack justifyContent="space-between" alignItems="center">
          <Text element="h2" variant="h4">
            Subscriptions ({subscriptions.length})
          </Text>
          <WhyDisabled
            reason={deployReason ?? (clusters.length === 0 ? 'Configure a Kafka cluster in Restate first.' : undefined)}
          >
            <Button icon="plus" disabled={!canDeploy || clusters.length === 0} onClick={() => setCreating(true)}>
              New subscription
            </Button>
          </WhyDisabled>
        </Stack>
        {subscriptions.length === 0 ? (
          <EmptyState variant="not-found" message="No subscriptions">
            A subscription delivers each record of a Kafka topic to a handler, as an invocation.
          </EmptyState>
        ) : (
          <InteractiveTable columns={subscriptionColumns} data={subscriptions} getRowId={(s) => s.id} />
        )}
      </Stack>

      {creating && (
        <SubscriptionForm
          clusterUid={clusterUid}
          clusters={clusters}
          services={services}
          onDismiss={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            setNotice(`Subscription ${s.id} created: ${s.source} → ${s.sink}.`);
            void invalidate(...KAFKA_RESOURCES);
          }}
        />
      )}
      <ConfirmRowAction action={remove} title={(s) => `Delete subscription ${s.id}?`} confirmText="Delete subscription">
        {(s) => (
          <div>
            <p>
              <code>{s.source}</code> → <code>{s.sink}</code>
            </p>
            <p>
              Restate stops consuming the topic for this handler. Records published meanwhile are not delivered; a new
              subscription starts with a new consumer group.
            </p>
          </div>
        )}
      </ConfirmRowAction>
    </Stack>
  );
}
