import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Card, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';
import { matchingTotal, STATUS_FILTERS, STATUS_LABELS } from '../../api/invocations';
import type { ClusterSettings } from '../../hooks/cluster';
import { useVersion } from '../../hooks/resources/cluster';
import { useServiceHealth } from '../../hooks/resources/fleet';
import { useInvocationCounts } from '../../hooks/resources/invocations';
import { useCatalogCounts } from '../../hooks/resources/services';
import { evaluateHealth } from '../../model/fleet';
import { HEALTH_RULE_TEXT, ServiceHealthBadge } from '../../components/ServiceHealth/ServiceHealth';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { STATUS_COLORS } from '../../components/StatusBadge/StatusBadge';
import { LivePanels } from './LivePanels';

const REFRESH_MS = 30_000;

export default function OverviewPage() {
  return <ClusterPage>{(cluster) => <Overview cluster={cluster} />}</ClusterPage>;
}

/** The cluster at a glance: version, invocations per status, deployments and services, and where to go next. */
function Overview({ cluster }: { cluster: ClusterSettings }) {
  const styles = useStyles2(getStyles);
  const clusterUid = cluster.uid;
  const version = useVersion(clusterUid);
  const counts = useInvocationCounts(clusterUid, {}, 'restate-overview-counts', { intervalMs: REFRESH_MS });
  const catalog = useCatalogCounts(clusterUid, { intervalMs: REFRESH_MS });
  const health = useServiceHealth(clusterUid, { intervalMs: REFRESH_MS });
  const healthRank = { unhealthy: 0, degraded: 1, healthy: 2, idle: 3 };
  const serviceHealth = (health.data ?? [])
    .map(evaluateHealth)
    .filter((h) => h.level !== 'idle')
    .sort((a, b) => healthRank[a.level] - healthRank[b.level] || a.service.localeCompare(b.service));
  const link = (route: string, params: Record<string, string> = {}) => prefixRoute(route, params, clusterUid);

  return (
    <Stack direction="column" gap={3}>
      <section aria-label="Cluster">
        {version.loading ? (
          <LoadingPlaceholder text="Connecting…" />
        ) : version.error ? (
          <ErrorExplanation context="refresh" title={`Could not reach ${cluster.name}`} error={version.error} />
        ) : (
          <Text element="p">
            <strong>{cluster.jsonData.clusterName || cluster.name}</strong> runs Restate {version.data?.version}
            {version.data
              ? ` (admin API v${version.data.min_admin_api_version}–v${version.data.max_admin_api_version})`
              : ''}
            .
          </Text>
        )}
      </section>

      <section aria-labelledby="overview-invocations">
        <h3 id="overview-invocations">Invocations</h3>
        {counts.error !== undefined && (
          <ErrorExplanation context="refresh" title="Could not count invocations" error={counts.error} />
        )}
        <div className={styles.tiles}>
          <Link className={styles.tile} to={link(ROUTES.Invocations)}>
            <span className={styles.label}>All</span>
            <span className={styles.value}>{counts.data ? matchingTotal(counts.data).toLocaleString() : '…'}</span>
          </Link>
          {STATUS_FILTERS.map((s) => (
            <Link
              key={s}
              className={styles.tile}
              to={link(ROUTES.Invocations, { status: s })}
              aria-label={`${STATUS_LABELS[s]} invocations`}
            >
              <span className={styles.label}>
                <span className={styles.dot} data-color={STATUS_COLORS[s]} />
                {STATUS_LABELS[s]}
              </span>
              <span className={styles.value}>{counts.data ? counts.data[s].toLocaleString() : '…'}</span>
            </Link>
          ))}
        </div>
      </section>

      <section aria-labelledby="overview-health">
        <h3 id="overview-health">Service health</h3>
        {health.error !== undefined ? (
          <ErrorExplanation context="refresh" title="Could not compute service health" error={health.error} />
        ) : !health.data ? (
          <LoadingPlaceholder text="Counting invocations per service…" />
        ) : serviceHealth.length === 0 ? (
          <Text color="secondary">No invocation was created in the last hour.</Text>
        ) : (
          <div className={styles.tiles}>
            {serviceHealth.map((h) => (
              <Link
                key={h.service}
                className={styles.tile}
                to={link(ROUTES.Invocations, { service: h.service, status: 'backing-off,paused' })}
                aria-label={`Service ${h.service}`}
              >
                <span className={styles.label}>{h.service}</span>
                <ServiceHealthBadge service={h.service} health={h} />
              </Link>
            ))}
          </div>
        )}
        <Text variant="bodySmall" color="secondary">
          {HEALTH_RULE_TEXT}
        </Text>
      </section>
      <LivePanels clusterUid={clusterUid} />

      <section aria-label="Pages" className={styles.cards}>
        <Card href={link(ROUTES.Deployments)}>
          <Card.Heading>Deployments</Card.Heading>
          <Card.Description>
            {catalog.data ? `${catalog.data.deployments} registered` : catalog.error ? 'Could not count them' : '…'}.
            Register, update and remove service endpoints.
          </Card.Description>
        </Card>
        <Card href={link(ROUTES.Services)}>
          <Card.Heading>Services</Card.Heading>
          <Card.Description>
            {catalog.data ? `${catalog.data.services} services` : catalog.error ? 'Could not count them' : '…'}.
            Handlers, retention and retry settings.
          </Card.Description>
        </Card>
        <Card href={link(ROUTES.Invocations, { status: 'backing-off' })}>
          <Card.Heading>Backing-off invocations</Card.Heading>
          <Card.Description>
            {counts.data ? `${counts.data['backing-off']} retrying after failures` : '…'}: see their last error and act
            on them.
          </Card.Description>
        </Card>
        <Card href={link(ROUTES.Sql)}>
          <Card.Heading>SQL</Card.Heading>
          <Card.Description>
            Ask Restate’s introspection tables, with ready queries for common questions.
          </Card.Description>
        </Card>
        <Card href={link(ROUTES.Observability)}>
          <Card.Heading>Logs and traces</Card.Heading>
          <Card.Description>Connect Loki and Tempo to follow an invocation across logs and spans.</Card.Description>
        </Card>
      </section>
    </Stack>
  );
}

const DOT: Record<string, string> = {
  blue: '#3d71d9',
  orange: '#ff9830',
  darkgrey: '#8e8e8e',
  purple: '#a352cc',
  green: '#56a64b',
  red: '#e02f44',
};

const getStyles = (theme: GrafanaTheme2) => ({
  tiles: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) }),
  tile: css({
    display: 'flex',
    flexDirection: 'column',
    minWidth: 110,
    padding: theme.spacing(1.5, 2),
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    '&:hover': { borderColor: theme.colors.border.strong },
  }),
  label: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  value: css({ fontSize: theme.typography.h3.fontSize }),
  dot: css({
    width: 8,
    height: 8,
    borderRadius: '50%',
    display: 'inline-block',
    ...Object.fromEntries(Object.entries(DOT).map(([k, v]) => [`&[data-color="${k}"]`, { background: v }])),
  }),
  cards: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: theme.spacing(1) }),
});
