import React, { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { dateTimeFormat, dateTimeFormatTimeAgo } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import {
  Alert,
  Badge,
  Button,
  Icon,
  Input,
  Pagination,
  RadioButtonGroup,
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
import { clusterRoutesPage } from '../../components/ClusterPage/ClusterPage';
import { ROUTES } from '../../constants';
import type { ClusterSettings } from '../../hooks/cluster';
import { usePermissions } from '../../hooks/roles';
import { prefixRoute } from '../../utils/utils.routing';
import { HandlerList } from '../../components/DiscoveryView/DiscoveryView';
import { RegisterForm } from './RegisterForm';
import { RemoveDeployment } from './RemoveDeployment';
import { pendingQueryView, ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { useDeployment } from '../../hooks/resources/deployments';
import { useDeploymentSearch } from '../../hooks/resources/fleet';
import { useServices } from '../../hooks/resources/services';
import { useUrlParams } from '../../hooks/urlParams';
import type { FleetItem } from '../../api/fleet';
import { DEPLOYMENT_STATE_TEXT, sdkVerdict, type DeploymentState } from '../../model/fleet';
import { PruneDrained } from './PruneDrained';
import { UpdateDeploymentDrawer } from './UpdateDeploymentDrawer';
import { BackLink } from '../../components/BackLink/BackLink';
import { ReloadButton } from '../../components/ReloadButton/ReloadButton';

/** Masks a secret for display: the value is never shown, only that there is one. */
export const MASK = '••••••••';

/** Deployments of the chosen cluster: list, detail (`deployments/:id`), register (`deployments/new`). */
export default clusterRoutesPage(
  { '': DeploymentList, new: RegisterForm, ':id': DeploymentDetailView },
  'Where Restate reaches your services: HTTP endpoints and AWS Lambda functions.'
);

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

const STATE_BADGE: Record<DeploymentState, { color: 'green' | 'orange' | 'blue' | 'darkgrey'; text: string }> = {
  active: { color: 'green', text: 'active' },
  draining: { color: 'orange', text: 'draining' },
  drained: { color: 'blue', text: 'drained' },
  unknown: { color: 'darkgrey', text: 'unknown' },
};

function StateCell({ item }: { item: FleetItem }) {
  const b = STATE_BADGE[item.state];
  return (
    <Stack direction="column" gap={0}>
      <span>
        <Badge color={b.color} text={b.text} tooltip={DEPLOYMENT_STATE_TEXT[item.state]} />
      </span>
      <Text variant="bodySmall" color="secondary">
        {item.pinned === null ? 'pinned: unknown' : `${item.pinned} unfinished`}
      </Text>
    </Stack>
  );
}

/** The SDK an endpoint declared, flagged when older than the newest known (`NEWEST_SDK_VERSIONS`). */
export function SdkCell({ sdk }: { sdk?: string | null }) {
  const v = sdkVerdict(sdk);
  if (!sdk) {
    return <>—</>;
  }
  return (
    <Stack direction="column" gap={0}>
      <span>{sdk}</span>
      {v.kind === 'outdated' && (
        <span>
          <Badge
            color="orange"
            icon="exclamation-triangle"
            text={`outdated: ${v.newest} is out`}
            tooltip={`${v.library} ${v.version} is older than ${v.newest}, the newest release this plugin knows. Upgrade the SDK in the service and register it again.`}
          />
        </span>
      )}
    </Stack>
  );
}

function MetadataCell({ metadata }: { metadata?: Record<string, string> | null }) {
  const entries = Object.entries(metadata ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    return <>—</>;
  }
  return (
    <Stack gap={0.5} wrap="wrap">
      {entries.map(([k, v]) => (
        <Badge key={k} color="purple" text={`${k}=${v}`} />
      ))}
    </Stack>
  );
}

const PAGE_SIZE = 50;
const STATES: Array<'all' | DeploymentState> = ['all', 'active', 'draining', 'drained', 'unknown'];

/**
 * The deployments, one page at a time from the backend (which searches and classifies the whole list: Restate's
 * GET /deployments has no paging), with search, a state filter and the page in the URL.
 */
function DeploymentList({ cluster }: { cluster: ClusterSettings }) {
  const { canDeploy, deployReason } = usePermissions();
  const [params, update] = useUrlParams({ replace: true });
  const q = params.get('q') ?? '';
  const stateParam = params.get('state') as 'all' | DeploymentState | null;
  const state = stateParam && STATES.includes(stateParam) ? stateParam : 'all';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [typed, setTyped] = useState(q);
  // A new q from the URL (back, a link, "Clear") replaces what is in the box.
  // (not the one this box itself pushed, which may be behind what was typed since).
  const [seenQ, setSeenQ] = useState(q);
  const [pushedQ, setPushedQ] = useState(q);
  if (q !== seenQ) {
    setSeenQ(q);
    if (q !== pushedQ) {
      setTyped(q);
    }
  }
  useEffect(() => {
    if (typed === q) {
      return;
    }
    const t = setTimeout(() => {
      setPushedQ(typed);
      update({ q: typed, page: undefined });
    }, 300);
    return () => clearTimeout(t);
  }, [typed, q, update]);

  const query = { q, state, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE };
  const search = useDeploymentSearch(cluster.uid, query);
  const { data, error, fetching: loading, refresh: reload } = search;
  const services = useServices(cluster.uid);

  const register = (
    <WhyDisabled reason={deployReason}>
      <LinkButton icon="plus" href={prefixRoute(`${ROUTES.Deployments}/new`, {}, cluster.uid)} disabled={!canDeploy}>
        Register deployment
      </LinkButton>
    </WhyDisabled>
  );

  const pending = pendingQueryView(search, 'Loading deployments…');
  if (pending || !data) {
    return pending;
  }

  const rows = data.items.map((item) => ({
    item,
    d: item.deployment,
    uses: serviceRevisionUse(item.deployment, services.data ?? []).map((u) => ({
      ...u,
      latest: item.latest_for.includes(u.name),
    })),
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
    { id: 'sdk', header: 'SDK', cell: ({ row: { original } }) => <SdkCell sdk={original.d.sdk_version} /> },
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
      id: 'metadata',
      header: 'Metadata',
      cell: ({ row: { original } }) => <MetadataCell metadata={original.d.metadata} />,
    },
    {
      id: 'headers',
      header: 'Extra headers',
      cell: ({ row: { original } }) => headerNames(original.d).join(', ') || '—',
    },
    { id: 'state', header: 'State', cell: ({ row: { original } }) => <StateCell item={original.item} /> },
    {
      id: 'actions',
      cell: ({ row: { original } }) => (
        <RemoveDeployment
          clusterUid={cluster.uid}
          deployment={original.d}
          pinned={original.item.pinned ?? undefined}
          uses={original.uses}
          size="sm"
        />
      ),
    },
  ];

  const pages = Math.max(1, Math.ceil(data.matched / PAGE_SIZE));
  const from = data.matched === 0 ? 0 : data.offset + 1;
  const to = data.offset + data.items.length;
  const searched = q !== '' || state !== 'all';
  const allMatching = Object.values(data.states).reduce((a, b) => a + (b ?? 0), 0);

  return (
    <Stack direction="column" gap={2}>
      <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
        <Stack gap={1} alignItems="center" wrap="wrap">
          <div style={{ width: 360 }}>
            <Input
              prefix={<Icon name="search" />}
              placeholder="Search id, URI, SDK, service, metadata (key=value)"
              aria-label="Search deployments"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              suffix={loading ? <Icon name="spinner" /> : undefined}
            />
          </div>
          <RadioButtonGroup
            aria-label="Deployment state"
            value={state}
            onChange={(v) => update({ state: v === 'all' ? undefined : v, page: undefined })}
            options={STATES.filter((s) => s === 'all' || s !== 'unknown' || (data.states.unknown ?? 0) > 0).map((s) => ({
              value: s,
              label: `${s === 'all' ? 'All' : s[0].toUpperCase() + s.slice(1)} (${s === 'all' ? allMatching : (data.states[s] ?? 0)})`,
              description: s === 'all' ? undefined : DEPLOYMENT_STATE_TEXT[s],
            }))}
          />
        </Stack>
        <Stack gap={1}>
          <ReloadButton busy={loading} onClick={reload} aria-label="Reload deployments" />
          <PruneDrained clusterUid={cluster.uid} drained={q === '' ? (data.states.drained ?? 0) : undefined} />
          {register}
        </Stack>
      </Stack>
      <Text color="secondary" aria-live="polite">
        {data.matched === 0
          ? searched
            ? `No deployment matches (of ${data.total})`
            : ''
          : `${from}–${to} of ${data.matched}${searched ? ` matching (${data.total} deployments)` : ` deployment${data.total === 1 ? '' : 's'}`}`}
      </Text>
      {data.pinned_error && (
        <Alert severity="warning" title="Invocation counts unavailable">
          {data.pinned_error}
        </Alert>
      )}
      {error !== undefined && <ErrorExplanation error={error} context="load" />}
      {data.total === 0 ? (
        <EmptyState variant="call-to-action" message="No deployments registered yet" button={register}>
          Register the URI of a service built with a Restate SDK, or a Lambda function, so Restate can discover its
          services.
        </EmptyState>
      ) : data.matched === 0 ? (
        <EmptyState variant="not-found" message="No deployment matches">
          <Button variant="secondary" onClick={() => update({ q: undefined, state: undefined, page: undefined })}>
            Clear search and filter
          </Button>
        </EmptyState>
      ) : (
        <>
          <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.d.id} />
          {pages > 1 && (
            <Pagination
              currentPage={Math.min(page, pages)}
              numberOfPages={pages}
              onNavigate={(p) => update({ page: p === 1 ? undefined : String(p) })}
            />
          )}
        </>
      )}
    </Stack>
  );
}

function DeploymentDetailView({ cluster }: { cluster: ClusterSettings }) {
  const { id = '' } = useParams();
  const { canDeploy, deployReason } = usePermissions();
  const [editing, setEditing] = useState(false);
  const [updated, setUpdated] = useState(false);
  const deployment = useDeployment(cluster.uid, id);
  const { data } = deployment;

  const back = <BackLink href={prefixRoute(ROUTES.Deployments, {}, cluster.uid)}>All deployments</BackLink>;
  const pending = pendingQueryView(deployment, 'Loading deployment…', { back });
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
        <dd>
          <SdkCell sdk={d.sdk_version} />
        </dd>
        <dt>Metadata</dt>
        <dd>
          <MetadataCell metadata={(d as { metadata?: Record<string, string> }).metadata} />
        </dd>
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
            <HandlerList handlers={s.handlers} indent />
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
