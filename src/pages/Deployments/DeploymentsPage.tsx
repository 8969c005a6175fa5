import React, { useState } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import { dateTimeFormat, dateTimeFormatTimeAgo } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import {
  Badge,
  Button,
  ClipboardButton,
  EmptyState,
  InteractiveTable,
  LinkButton,
  Stack,
  Text,
  TextLink,
  Tooltip,
  type Column,
} from '@grafana/ui';
import {
  endpointOf,
  headerNames,
  serviceRevisionUse,
  type DeploymentSummary,
  type ServiceRevisionUse,
} from '../../api/deployments';
import { serviceTypeLabel } from '../../api/services';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';
import { ROUTES } from '../../constants';
import type { ClusterSettings } from '../../hooks/cluster';
import { usePermissions } from '../../hooks/roles';
import { prefixRoute } from '../../utils/utils.routing';
import { HandlerLine } from '../../components/DiscoveryView/DiscoveryView';
import { RegisterForm } from './RegisterForm';
import { RemoveDeployment } from './RemoveDeployment';
import { pendingView, ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { useDeployment, useDeployments } from '../../hooks/resources';
import { UpdateDeploymentDrawer } from './UpdateDeploymentDrawer';
import { BackLink } from '../../components/BackLink/BackLink';

/** Masks a secret for display: the value is never shown, only that there is one. */
export const MASK = '••••••••';

/** Deployments of the chosen cluster: list, detail (`deployments/:id`), register (`deployments/new`). */
export default function DeploymentsPage() {
  return (
    <ClusterPage subTitle="Where Restate reaches your services: HTTP endpoints and AWS Lambda functions.">
      {(cluster) => (
        <Routes>
          <Route index element={<DeploymentList cluster={cluster} />} />
          <Route path="new" element={<RegisterForm cluster={cluster} />} />
          <Route path=":id" element={<DeploymentDetailView cluster={cluster} />} />
        </Routes>
      )}
    </ClusterPage>
  );
}

function EndpointCell({ d }: { d: Parameters<typeof endpointOf>[0] }) {
  const e = endpointOf(d);
  return e.kind === 'http' ? (
    <code>{e.uri}</code>
  ) : (
    <Stack direction="column" gap={0}>
      <code>{e.arn}</code>
      {e.assumeRoleArn && (
        <Text variant="bodySmall" color="secondary">
          assumes <code>{e.assumeRoleArn}</code>
        </Text>
      )}
    </Stack>
  );
}

function UseBadges({ uses }: { uses: ServiceRevisionUse[] }) {
  return (
    <Stack gap={0.5} wrap="wrap">
      {uses.map((u) => (
        <Tooltip
          key={u.name}
          content={
            u.latest
              ? `New invocations of ${u.name} go to this deployment (latest revision ${u.revision}).`
              : `Revision ${u.revision} here; the latest is ${u.latestRevision ?? 'unknown'} on another deployment. Only invocations pinned here still use it.`
          }
        >
          <span>
            <Badge
              color={u.latest ? 'green' : 'orange'}
              text={`${u.name} r${u.revision}${u.latest ? ' · latest' : ' · superseded'}`}
            />
          </span>
        </Tooltip>
      ))}
    </Stack>
  );
}

function PinnedCell({ pinned, hasLatest }: { pinned?: number; hasLatest: boolean }) {
  if (pinned === undefined) {
    return <Text color="secondary">unknown</Text>;
  }
  if (pinned === 0 && !hasLatest) {
    return (
      <Badge
        color="blue"
        text="drained"
        tooltip="No unfinished invocations are pinned here and no service's latest revision lives here: safe to remove."
      />
    );
  }
  return <Text>{pinned} unfinished</Text>;
}

function DeploymentList({ cluster }: { cluster: ClusterSettings }) {
  const { canDeploy, deployReason } = usePermissions();
  const { data, error, fetching: loading, refresh: reload } = useDeployments(cluster.uid);

  const register = (
    <WhyDisabled reason={deployReason}>
      <LinkButton icon="plus" href={prefixRoute(`${ROUTES.Deployments}/new`, {}, cluster.uid)} disabled={!canDeploy}>
        Register deployment
      </LinkButton>
    </WhyDisabled>
  );

  const pending = pendingView({
    hasData: data !== undefined,
    loading,
    error,
    retry: reload,
    loadingText: 'Loading deployments…',
    errorContext: 'load',
  });
  if (pending || !data) {
    return pending;
  }

  const rows = data.deployments.map((d) => ({
    d,
    uses: serviceRevisionUse(d, data.services),
    pinned: data.pinned ? (data.pinned.get(d.id) ?? 0) : undefined,
  }));
  type Row = (typeof rows)[number];
  const columns: Array<Column<Row>> = [
    {
      id: 'id',
      header: 'Deployment',
      cell: ({ row: { original } }) => (
        <TextLink href={prefixRoute(`${ROUTES.Deployments}/${original.d.id}`, {}, cluster.uid)} inline={false}>
          {original.d.id}
        </TextLink>
      ),
    },
    { id: 'endpoint', header: 'Endpoint', cell: ({ row: { original } }) => <EndpointCell d={original.d} /> },
    {
      id: 'type',
      header: 'Type',
      cell: ({ row: { original } }) => {
        const e = endpointOf(original.d);
        return e.kind === 'http' ? `HTTP · ${e.httpVersion} · ${e.protocolType}` : 'Lambda';
      },
    },
    {
      id: 'protocol',
      header: 'Protocol',
      cell: ({ row: { original } }) => `v${original.d.min_protocol_version}–v${original.d.max_protocol_version}`,
    },
    { id: 'sdk', header: 'SDK', cell: ({ row: { original } }) => original.d.sdk_version ?? '—' },
    {
      id: 'created',
      header: 'Created',
      cell: ({ row: { original } }) => (
        <Tooltip content={dateTimeFormat(original.d.created_at)}>
          <span>{dateTimeFormatTimeAgo(original.d.created_at)}</span>
        </Tooltip>
      ),
    },
    { id: 'services', header: 'Services', cell: ({ row: { original } }) => <UseBadges uses={original.uses} /> },
    {
      id: 'headers',
      header: 'Extra headers',
      cell: ({ row: { original } }) => headerNames(original.d).join(', ') || '—',
    },
    {
      id: 'pinned',
      header: 'In use',
      cell: ({ row: { original } }) => (
        <PinnedCell pinned={original.pinned} hasLatest={original.uses.some((u) => u.latest)} />
      ),
    },
    {
      id: 'actions',
      cell: ({ row: { original } }) => (
        <RemoveDeployment
          clusterUid={cluster.uid}
          deployment={original.d}
          pinned={original.pinned}
          uses={original.uses}
          size="sm"
        />
      ),
    },
  ];

  return (
    <Stack direction="column" gap={2}>
      <Stack justifyContent="space-between" alignItems="center">
        <Text color="secondary">
          {data.deployments.length} deployment{data.deployments.length === 1 ? '' : 's'}
          {data.pinnedError ? ' · invocation counts unavailable (SQL query failed)' : ''}
        </Text>
        <Stack gap={1}>
          <Button
            variant="secondary"
            icon={loading ? 'spinner' : 'sync'}
            onClick={reload}
            aria-label="Reload deployments"
          >
            Reload
          </Button>
          {register}
        </Stack>
      </Stack>
      {error !== undefined && <ErrorExplanation error={error} context="load" />}
      {data.deployments.length === 0 ? (
        <EmptyState variant="call-to-action" message="No deployments registered yet" button={register}>
          Register the URI of a service built with a Restate SDK, or a Lambda function, so Restate can discover its
          services.
        </EmptyState>
      ) : (
        <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.d.id} />
      )}
    </Stack>
  );
}

function DeploymentDetailView({ cluster }: { cluster: ClusterSettings }) {
  const { id = '' } = useParams();
  const { canDeploy, deployReason } = usePermissions();
  const [editing, setEditing] = useState(false);
  const [updated, setUpdated] = useState(false);
  const { data, error, fetching: loading } = useDeployment(cluster.uid, id);

  const back = <BackLink href={prefixRoute(ROUTES.Deployments, {}, cluster.uid)}>All deployments</BackLink>;
  const pending = pendingView({
    hasData: data !== undefined,
    loading,
    error,
    back,
    loadingText: 'Loading deployment…',
    errorContext: 'load',
  });
  if (pending || !data) {
    return pending;
  }
  const { deployment: d, services, pinned } = data;
  const endpoint = endpointOf(d);
  const uses = serviceRevisionUse(
    { ...d, services: d.services.map((s) => ({ name: s.name, revision: s.revision })) } as DeploymentSummary,
    services
  );

  return (
    <Stack direction="column" gap={2}>
      {back}
      <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
        <Stack alignItems="center" gap={1}>
          <Text element="h2" variant="h3">
            {d.id}
          </Text>
          <ClipboardButton
            icon="copy"
            variant="secondary"
            size="sm"
            fill="text"
            getText={() => d.id}
            aria-label="Copy deployment id"
          >
            Copy id
          </ClipboardButton>
        </Stack>
        <Stack gap={1}>
          <WhyDisabled reason={deployReason}>
            <Button icon="pen" variant="secondary" disabled={!canDeploy} onClick={() => setEditing(true)}>
              Update
            </Button>
          </WhyDisabled>
          <RemoveDeployment
            clusterUid={cluster.uid}
            deployment={d}
            pinned={pinned}
            uses={uses}
            onRemoved={() => locationService.push(prefixRoute(ROUTES.Deployments, {}, cluster.uid))}
          />
        </Stack>
      </Stack>
      {updated && <Text color="success">Deployment updated.</Text>}

      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px' }}>
        {endpoint.kind === 'http' ? (
          <>
            <dt>URI</dt>
            <dd>
              <code>{endpoint.uri}</code>
            </dd>
            <dt>Type</dt>
            <dd>
              HTTP · {endpoint.httpVersion} · {endpoint.protocolType}
            </dd>
          </>
        ) : (
          <>
            <dt>Lambda ARN</dt>
            <dd>
              <code>{endpoint.arn}</code>
            </dd>
            <dt>Assume-role ARN</dt>
            <dd>{endpoint.assumeRoleArn ? <code>{endpoint.assumeRoleArn}</code> : 'none'}</dd>
          </>
        )}
        <dt>Protocol versions</dt>
        <dd>
          v{d.min_protocol_version}–v{d.max_protocol_version}
        </dd>
        <dt>SDK</dt>
        <dd>{d.sdk_version ?? '—'}</dd>
        <dt>Created</dt>
        <dd>
          {dateTimeFormat(d.created_at)} ({dateTimeFormatTimeAgo(d.created_at)})
        </dd>
        <dt>Extra headers</dt>
        <dd>
          {headerNames(d).length === 0
            ? 'none'
            : headerNames(d).map((n) => (
                <div key={n}>
                  <code>{n}</code>: {MASK}
                </div>
              ))}
        </dd>
        <dt>In use</dt>
        <dd>
          {pinned === undefined
            ? 'unknown (SQL query failed)'
            : `${pinned} unfinished invocation${pinned === 1 ? '' : 's'} pinned here`}
          {' · '}
          {uses.some((u) => u.latest)
            ? 'serves the latest revision of ' +
              uses
                .filter((u) => u.latest)
                .map((u) => u.name)
                .join(', ')
            : 'not the latest for any service'}
        </dd>
      </dl>

      <Text element="h3" variant="h4">
        Services
      </Text>
      {d.services.map((s) => {
        const use = uses.find((u) => u.name === s.name);
        return (
          <section key={s.name} aria-label={`Service ${s.name}`}>
            <Stack gap={1} alignItems="center">
              <TextLink
                href={prefixRoute(`${ROUTES.Services}/${encodeURIComponent(s.name)}`, {}, cluster.uid)}
                inline={false}
              >
                {s.name}
              </TextLink>
              <Text color="secondary">{serviceTypeLabel(s.ty)}</Text>
              {use && <UseBadges uses={[use]} />}
            </Stack>
            <ul style={{ marginLeft: 24 }}>
              {[...s.handlers]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((h) => (
                  <HandlerLine key={h.name} handler={h} />
                ))}
            </ul>
          </section>
        );
      })}
      {editing && (
        <UpdateDeploymentDrawer
          clusterUid={cluster.uid}
          deployment={d}
          onClose={() => setEditing(false)}
          onUpdated={() => {
            setEditing(false);
            setUpdated(true);
          }}
        />
      )}
    </Stack>
  );
}
