import React, { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import {
  dateTimeFormat,
  dateTimeFormatTimeAgo,
  intervalToAbbreviatedDurationString,
  type GrafanaTheme2,
} from '@grafana/data';
import { Alert, Badge, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import {
  actionApplies,
  INVOCATION_ACTIONS,
  isInvocationId,
  isKeyed,
  restartPoints,
  STATE_LIMIT,
  type InboxPosition,
  type InvocationAction,
  type InvocationDetail as Detail,
  type StateEntry,
} from '../../api/invocations';
import { invocationTimeWindow, logsExploreUrl, traceExploreUrl } from '../../observability/explore';
import type { ClusterSettings } from '../../hooks/cluster';
import { usePermissions } from '../../hooks/roles';
import { useInvocation } from '../../hooks/resources/invocation';
import { ROUTES } from '../../constants';
import { invocationHref, prefixRoute } from '../../utils/utils.routing';
import { ActionButton } from './ActionButton';
import { ActionDialog } from './ActionDialog';
import { JournalTimeline } from './JournalTimeline';
import { RestartDialog } from './RestartDialog';
import { ResumeDialog } from './ResumeDialog';
import { RetryNowButton } from './RetryNowButton';
import { ExploreLinks, LinkedHealthWarnings, type ExploreLinkTarget } from './ExploreLinks';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { StatusBadge } from '../../components/StatusBadge/StatusBadge';
import { BackLink } from '../../components/BackLink/BackLink';

const REFRESH_MS = 5000;

/** "1d", "3h 30m"; "none" for 0 (Restate then forgets the invocation as soon as it completes). */
function formatRetention(ms: number) {
  return ms === 0 ? 'none' : intervalToAbbreviatedDurationString({ start: new Date(0), end: new Date(ms) }, true);
}

/** One invocation: what it is, where it stands, what happened (journal), its object's state, and links. */
export function InvocationDetail({ cluster }: { cluster: ClusterSettings }) {
  const { id = '' } = useParams();
  const valid = isInvocationId(id);
  const [completed, setCompleted] = useState(false);
  /** The restart dialog, open at an entry (0: from the beginning). */
  const [restartFrom, setRestartFrom] = useState<number | undefined>();
  const { canOperate } = usePermissions();
  const res = useInvocation(cluster.uid, id, {
    enabled: valid,
    // A completed invocation does not change any more (but for purge): no need to poll it.
    intervalMs: completed ? 0 : REFRESH_MS,
  });
  const isDone = res.data?.detail?.status === 'completed';
  if (isDone !== completed && res.data) {
    setCompleted(isDone);
  }
  const listHref = prefixRoute(ROUTES.Invocations, {}, cluster.uid);

  const back = <BackLink href={listHref}>All invocations</BackLink>;

  if (!valid) {
    return (
      <Stack direction="column" gap={2}>
        {back}
        <Alert severity="error" title="Not an invocation id">
          “{id}” is not an invocation id. They look like inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7.
        </Alert>
      </Stack>
    );
  }
  if (res.loading && !res.data) {
    return <LoadingPlaceholder text="Loading invocation…" />;
  }
  if (res.error && !res.data) {
    return (
      <Stack direction="column" gap={2}>
        {back}
        <ErrorExplanation context="refresh" title="Could not load this invocation" error={res.error} />
      </Stack>
    );
  }
  const d = res.data?.detail;
  if (!d) {
    return (
      <Stack direction="column" gap={2}>
        {back}
        <Alert severity="info" title="Invocation not found">
          Restate does not know {id} on this cluster: it never existed here, was purged, or its completion retention
          expired (24 hours by default).
        </Alert>
      </Stack>
    );
  }
  const { journal, events, state, inbox, partErrors } = res.data!;

  return (
    <Stack direction="column" gap={3}>
      {back}
      <Header d={d} cluster={cluster} onRestart={() => setRestartFrom(0)} />
      {restartFrom !== undefined && (
        <RestartDialog
          clusterUid={cluster.uid}
          target={{ id: d.id, service: d.service, pinnedDeployment: d.pinnedDeployment }}
          journal={journal ?? []}
          initialFrom={restartFrom}
          detailHref={(newId) => invocationHref(newId, cluster.uid)}
          onClose={() => setRestartFrom(undefined)}
        />
      )}
      {!!res.error && (
        <ErrorExplanation
          context="refresh"
          title="Refreshing failed"
          error={res.error}
          extra="Showing what was loaded last."
        />
      )}
      {partErrors.map((p) => (
        <ErrorExplanation context="refresh" key={p.part} title={`Could not load the ${p.part}`} error={p.error} />
      ))}
      <Facts d={d} clusterUid={cluster.uid} />
      {inbox && <InboxNote d={d} inbox={inbox} clusterUid={cluster.uid} />}
      <section aria-labelledby="journal-title">
        <h3 id="journal-title">Journal</h3>
        {journal ? (
          <JournalTimeline
            entries={journal}
            events={events ?? []}
            clusterUid={cluster.uid}
            createdAt={d.createdAt}
            completedAt={d.completedAt}
            attempts={d.retryCount}
            onRestartFrom={
              canOperate && actionApplies('restart-as-new', d.status, d.completionResult) ? setRestartFrom : undefined
            }
            restartAllowed={(i) => restartPoints(journal).find((p) => p.index === i)?.allowed ?? false}
          />
        ) : null}
      </section>
      {isKeyed(d) && d.key !== undefined && (
        <section aria-labelledby="state-title">
          <Stack gap={2} alignItems="center">
            <h3 id="state-title">
              State of {d.service}/{d.key}
            </h3>
            <LinkButton
              size="sm"
              variant="secondary"
              icon="pen"
              href={prefixRoute(ROUTES.State, { service: d.service, key: d.key }, cluster.uid)}
            >
              View and edit state
            </LinkButton>
          </Stack>
          {state && <StateTable entries={state} />}
        </section>
      )}
    </Stack>
  );
}

function Header({ d, cluster, onRestart }: { d: Detail; cluster: ClusterSettings; onRestart: () => void }) {
  const styles = useStyles2(getStyles);
  const { canOperate, operateReason } = usePermissions();
  const [action, setAction] = useState<InvocationAction | undefined>();
  const [resuming, setResuming] = useState(false);
  const range = invocationTimeWindow({
    created_at: d.createdAt,
    modified_at: d.modifiedAt,
    completed_at: d.completedAt,
  });
  const { tempoUid, lokiUid, logSelector } = cluster.jsonData;
  const links: ExploreLinkTarget[] = [
    {
      kind: 'tempo',
      uid: tempoUid || undefined,
      href: tempoUid ? traceExploreUrl({ tempoUid, invocationId: d.id, traceId: d.traceId, range }) : undefined,
    },
    {
      kind: 'loki',
      uid: lokiUid || undefined,
      href: lokiUid ? logsExploreUrl({ lokiUid, logSelector, invocationId: d.id, range }) : undefined,
    },
  ];
  return (
    <div className={styles.header}>
      <Stack direction="column" gap={1}>
        <Stack gap={1} alignItems="center" wrap="wrap">
          <Text element="h2" variant="h3">
            <span className={styles.mono}>{d.target}</span>
          </Text>
          <StatusBadge status={d.status} completionResult={d.completionResult} />
        </Stack>
        <Text color="secondary">
          <span className={styles.mono}>{d.id}</span>
        </Text>
      </Stack>
      <Stack direction="column" gap={1} alignItems="flex-end">
        <ExploreLinks targets={links} />
        <Stack gap={1} wrap="wrap" justifyContent="flex-end" aria-label="Actions">
          {INVOCATION_ACTIONS.filter((a) => actionApplies(a, d.status, d.completionResult)).map((a) =>
            // Backing off: resume means "retry now". Paused/suspended: resume with a deployment choice.
            a === 'resume' && d.status === 'backing-off' ? (
              <RetryNowButton
                key={a}
                clusterUid={cluster.uid}
                id={d.id}
                nextRetryAt={d.nextRetryAt}
                canOperate={canOperate}
                operateReason={operateReason}
              />
            ) : (
              <ActionButton
                key={a}
                action={a}
                canOperate={canOperate}
                operateReason={operateReason}
                onClick={() =>
                  a === 'restart-as-new'
                    ? onRestart()
                    : a === 'resume' && (d.status === 'paused' || d.status === 'suspended')
                      ? setResuming(true)
                      : setAction(a)
                }
              />
            )
          )}
        </Stack>
      </Stack>
      <LinkedHealthWarnings targets={links} />
      {resuming && (
        <ResumeDialog
          clusterUid={cluster.uid}
          target={{ id: d.id, service: d.service, status: d.status, pinnedDeployment: d.pinnedDeployment }}
          onClose={() => setResuming(false)}
        />
      )}
      {action && (
        <ActionDialog
          clusterUid={cluster.uid}
          action={action}
          targets={[{ id: d.id, status: d.status, completionResult: d.completionResult }]}
          detailHref={(id) => invocationHref(id, cluster.uid)}
          onClose={() => setAction(undefined)}
        />
      )}
    </div>
  );
}

function when(t?: number) {
  return t === undefined ? undefined : `${dateTimeFormat(t)} (${dateTimeFormatTimeAgo(t)})`;
}

function InvocationLink({ id, clusterUid }: { id: string; clusterUid: string }) {
  const styles = useStyles2(getStyles);
  return (
    <Link className={styles.link} to={invocationHref(id, clusterUid)}>
      {id}
    </Link>
  );
}

function Facts({ d, clusterUid }: { d: Detail; clusterUid: string }) {
  const styles = useStyles2(getStyles);
  const byService = prefixRoute(ROUTES.Invocations, { service: d.service }, clusterUid);
  const facts: Array<[string, React.ReactNode]> = [
    [
      'Target',
      <>
        <Link className={styles.link} to={byService}>
          {d.service}
        </Link>
        {d.key !== undefined ? ` / ${d.key}` : ''} / {d.handler}{' '}
        {d.serviceType && <Badge text={d.serviceType.replace('_', ' ')} color="darkgrey" />}
      </>,
    ],
    ['Attempts', d.retryCount !== undefined ? String(d.retryCount) : undefined],
    ['Next retry', when(d.nextRetryAt)],
    [
      'Last attempt',
      [
        when(d.lastStartAt),
        d.lastAttemptDeployment && `on ${d.lastAttemptDeployment}`,
        d.lastAttemptServer && `(${d.lastAttemptServer})`,
      ]
        .filter(Boolean)
        .join(' ') || undefined,
    ],
    [
      'Pinned deployment',
      d.pinnedDeployment ? (
        <Link className={styles.link} to={prefixRoute(`${ROUTES.Deployments}/${d.pinnedDeployment}`, {}, clusterUid)}>
          {d.pinnedDeployment}
        </Link>
      ) : undefined,
    ],
    ['Idempotency key', d.idempotencyKey],
    [
      'Invoked by',
      d.invokedById ? (
        <>
          <InvocationLink id={d.invokedById} clusterUid={clusterUid} />{' '}
          {d.invokedByTarget && <span className={styles.mono}>({d.invokedByTarget})</span>}
        </>
      ) : d.invokedBySubscription ? (
        `subscription ${d.invokedBySubscription}`
      ) : (
        d.invokedBy
      ),
    ],
    [
      'Calls and sends it made',
      <Link key="created" className={styles.link} to={prefixRoute(ROUTES.Invocations, { createdBy: d.id }, clusterUid)}>
        Invocations it created
      </Link>,
    ],
    ['Restarted from', d.restartedFrom ? <InvocationLink id={d.restartedFrom} clusterUid={clusterUid} /> : undefined],
    ['Trace id', d.traceId],
    ['Created', when(d.createdAt)],
    ['Queued in inbox', when(d.inboxedAt)],
    ['Scheduled to start', when(d.scheduledStartAt)],
    ['Running since', when(d.runningAt)],
    ['Modified', when(d.modifiedAt)],
    ['Completed', when(d.completedAt)],
    [
      'Journal',
      d.journalSize !== undefined ? `${d.journalSize} entries (${d.journalCommands ?? 0} commands)` : undefined,
    ],
    [
      'Retention',
      [
        d.completionRetentionMs !== undefined && `result ${formatRetention(d.completionRetentionMs)}`,
        d.journalRetentionMs !== undefined && `journal ${formatRetention(d.journalRetentionMs)}`,
      ]
        .filter(Boolean)
        .join(', ') || undefined,
    ],
    [
      'Waiting for',
      d.suspendedWaitingFor?.length ? `completion of entries ${d.suspendedWaitingFor.join(', ')}` : undefined,
    ],
  ];
  return (
    <Stack direction="column" gap={2}>
      {(d.lastFailure || d.completionFailure) && (
        <Alert
          severity={d.status === 'completed' ? 'error' : 'warning'}
          title={
            d.completionFailure
              ? `Failed: ${d.completionFailure}`
              : `Last failure${d.lastFailureCode ? ` (${d.lastFailureCode})` : ''}`
          }
        >
          {d.lastFailure && d.status !== 'completed' && (
            <>
              {d.lastFailureEntry && <Text element="p">At journal entry {d.lastFailureEntry}.</Text>}
              <pre className={styles.pre}>{d.lastFailure}</pre>
            </>
          )}
        </Alert>
      )}
      <dl className={styles.facts}>
        {facts
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => (
            <React.Fragment key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </React.Fragment>
          ))}
      </dl>
    </Stack>
  );
}

function InboxNote({ d, inbox, clusterUid }: { d: Detail; inbox: InboxPosition; clusterUid: string }) {
  return (
    <Alert severity="info" title="Waiting in the object’s inbox">
      {inbox.ahead !== undefined
        ? `${inbox.ahead === 0 ? 'Next in line' : `${inbox.ahead} invocation${inbox.ahead === 1 ? '' : 's'} ahead of it`} in the inbox of ${d.service}/${d.key} (${inbox.length} queued).`
        : `Not in the inbox of ${d.service}/${d.key} any more (${inbox.length} queued).`}{' '}
      {inbox.holder && (
        <>
          The object is held by <InvocationLink id={inbox.holder} clusterUid={clusterUid} />.
        </>
      )}
    </Alert>
  );
}

function StateTable({ entries }: { entries: StateEntry[] }) {
  const styles = useStyles2(getStyles);
  if (entries.length === 0) {
    return <Text color="secondary">No state stored for this object.</Text>;
  }
  return (
    <table className={styles.stateTable} aria-label="State">
      <thead>
        <tr>
          <th>Key</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((s) => (
          <tr key={s.key}>
            <td className={styles.mono}>{s.key}</td>
            <td className={styles.mono}>{s.text ?? <Text color="secondary">{s.length} bytes of binary data</Text>}</td>
          </tr>
        ))}
        {entries.length >= STATE_LIMIT && (
          <tr>
            <td colSpan={2}>Only the first {STATE_LIMIT} keys are shown.</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ display: 'flex', justifyContent: 'space-between', gap: theme.spacing(2), flexWrap: 'wrap' }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-all' }),
  link: css({ color: theme.colors.text.link, fontFamily: theme.typography.fontFamilyMonospace }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  pre: css({ maxHeight: 240, overflow: 'auto', whiteSpace: 'pre-wrap', fontSize: theme.typography.bodySmall.fontSize }),
  stateTable: css({
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary },
  }),
});
