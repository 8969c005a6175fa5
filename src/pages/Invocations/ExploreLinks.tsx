import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, type IconName, LinkButton, Stack, Tooltip, useStyles2 } from '@grafana/ui';
import { LINKED_HEALTH_INTERVAL_MS, useLinkedHealth } from '../../hooks/linkedHealth';

/** One of the data sources an invocation links to. */
export interface ExploreLinkTarget {
  kind: 'tempo' | 'loki';
  /** The data source uid the cluster's settings name (tempoUid, lokiUid); undefined when none is set. */
  uid?: string;
  /** Explore on this invocation in that data source; undefined when no uid is set. */
  href?: string;
}

const KINDS = {
  tempo: { name: 'Tempo', icon: 'gf-traces', label: 'Trace in Explore', shows: 'the trace' },
  loki: { name: 'Loki', icon: 'gf-logs', label: 'Logs in Explore', shows: 'the logs' },
} satisfies Record<ExploreLinkTarget['kind'], { name: string; icon: IconName; label: string; shows: string }>;

/**
 * The links from an invocation to its trace and logs in Explore, each with what Grafana's health check of its
 * data source says when it is not "up": a Loki or Tempo that is down still gets its link (Explore will show the
 * error, and it may be back by then), said beforehand; a data source Grafana cannot load gets none.
 */
export function ExploreLinks({ targets }: { targets: ExploreLinkTarget[] }) {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={1} alignItems="flex-end">
      <Stack gap={1} wrap="wrap" justifyContent="flex-end">
        {targets.map((t) => (
          <ExploreLink key={t.kind} target={t} />
        ))}
      </Stack>
      <div className={styles.warnings}>
        {targets.map((t) => (
          <HealthWarning key={t.kind} target={t} />
        ))}
      </div>
    </Stack>
  );
}

function ExploreLink({ target }: { target: ExploreLinkTarget }) {
  const kind = KINDS[target.kind];
  const health = useLinkedHealth(target.kind, target.uid);
  const reason = !target.href
    ? `No ${kind.name} data source is set for this cluster. An admin can choose one in the Restate data source settings.`
    : health.data?.state === 'missing'
      ? `Grafana cannot load the ${kind.name} data source this cluster links to (${target.uid}).`
      : undefined;
  return reason ? (
    <Tooltip content={reason}>
      <Button size="sm" variant="secondary" icon={kind.icon} disabled aria-description={reason}>
        {kind.label}
      </Button>
    </Tooltip>
  ) : (
    <LinkButton size="sm" variant="secondary" icon={kind.icon} href={target.href}>
      {kind.label}
    </LinkButton>
  );
}

/** Shares the health query with its ExploreLink (same key): one check per data source. */
function HealthWarning({ target }: { target: ExploreLinkTarget }) {
  const kind = KINDS[target.kind];
  const health = useLinkedHealth(target.kind, target.uid);
  const verdict = health.data;
  if (!verdict || (verdict.state !== 'down' && verdict.state !== 'missing')) {
    return null;
  }
  const checkNow = (
    <Button size="sm" variant="secondary" icon="sync" onClick={health.refresh} disabled={health.fetching}>
      {health.fetching ? 'Checking…' : 'Check now'}
    </Button>
  );
  if (verdict.state === 'missing') {
    return (
      <Alert severity="warning" title={`${kind.name} data source not found`} aria-label={`${kind.name} not found`}>
        <p>
          Grafana cannot load the data source <code>{target.uid}</code> that this cluster links to for {kind.shows} (
          {verdict.message}). It may have been deleted, or the uid in the settings is wrong: an admin can choose another
          in the Restate data source settings.
        </p>
        {checkNow}
      </Alert>
    );
  }
  return (
    <Alert severity="warning" title={`${kind.name} is not answering`} aria-label={`${kind.name} is not answering`}>
      <p>
        Grafana&apos;s check of <code>{target.uid}</code> failed: {verdict.message}
      </p>
      <p>
        “{kind.label}” still opens Explore, which will show this error until {kind.name} is back. This page checks again
        every {LINKED_HEALTH_INTERVAL_MS.notUp / 1000} s.
      </p>
      {checkNow}
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  warnings: css({ maxWidth: 520, display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
});
