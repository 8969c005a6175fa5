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
 * The links from an invocation to its trace and logs in Explore. A data source Grafana cannot load gets none; one
 * that is down keeps its link (Explore will show the error, and it may be back by then), and
 * `LinkedHealthWarnings` says so beforehand.
 */
export function ExploreLinks({ targets }: { targets: ExploreLinkTarget[] }) {
  return (
    <Stack gap={1} wrap="wrap" justifyContent="flex-end">
      {targets.map((t) => (
        <ExploreLink key={t.kind} target={t} />
      ))}
    </Stack>
  );
}

/** What Grafana's check of each linked data source says when it is not "up" (nothing when all answer). */
export function LinkedHealthWarnings({ targets }: { targets: ExploreLinkTarget[] }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.warnings}>
      {targets.map((t) => (
        <HealthWarning key={t.kind} target={t} />
      ))}
    </div>
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
  const missing = verdict.state === 'missing';
  return (
    <Alert
      severity="warning"
      title={missing ? `${kind.name} data source not found` : `${kind.name} is not answering`}
      aria-label={missing ? `${kind.name} not found` : `${kind.name} is not answering`}
    >
      <Stack gap={2} alignItems="center" justifyContent="space-between" wrap="wrap">
        {missing ? (
          <span>
            Grafana cannot load the data source <code>{target.uid}</code> that this cluster links to for {kind.shows}:{' '}
            {sentence(verdict.message)} It may have been deleted, or the uid in the settings is wrong: an admin can
            choose another in the Restate data source settings.
          </span>
        ) : (
          <span>
            Grafana&apos;s check of <code>{target.uid}</code> failed: {sentence(verdict.message)} “{kind.label}” still
            opens Explore, which will show this error until {kind.name} is back. Checked again every{' '}
            {LINKED_HEALTH_INTERVAL_MS.notUp / 1000} s.
          </span>
        )}
        {checkNow}
      </Stack>
    </Alert>
  );
}

/** Grafana's words as a sentence: the plugins' messages end with or without a full stop. */
const sentence = (m: string) => m.trim().replace(/[.!]?$/, '.');

const getStyles = (theme: GrafanaTheme2) => ({
  // A row of its own under the header (the header wraps), so the links and actions stay where they are.
  warnings: css({
    flexBasis: '100%',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    ':empty': { display: 'none' },
  }),
});
