import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Button,
  Field,
  Icon,
  Input,
  LoadingPlaceholder,
  Menu,
  Modal,
  Stack,
  Text,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import {
  ACTIONS,
  applicableCount,
  DEFAULT_BULK_CONCURRENCY,
  INVOCATION_ACTIONS,
  isFullInvocationId,
  resolveMatchingIds,
  STATUS_LABELS,
  type BulkOutage,
  type InvocationAction,
  type InvocationFilters,
  type MatchingIds,
  type StatusCounts,
  type StatusFilter,
} from '../../api/invocations';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { TEXT_FILTERS, type ListState } from './urlState';
import { useBulkRun } from './useBulkRun';

/** Above this many invocations, the user types the count to confirm. */
export const TYPED_CONFIRM_THRESHOLD = 100;

/** Failures listed at most (the rest are counted). */
const MAX_LISTED = 200;

/**
 * The bulk-action UI, a chunk of its own that `AllMatchingActions` loads when its menu first opens: the menu of
 * "Act on all" (each action with how many of the matching invocations it applies to) and the dialog that resolves
 * the ids, confirms, runs and reports.
 */
export function BulkMenu({
  counts,
  statuses,
  onChoose,
}: {
  counts: StatusCounts;
  statuses: StatusFilter[];
  onChoose: (action: InvocationAction, expected: number) => void;
}) {
  return (
    <Menu>
      {INVOCATION_ACTIONS.map((a) => {
        const n = applicableCount(counts, statuses, a);
        return (
          <Menu.Item
            key={a}
            label={`${ACTIONS[a].label} ${n.toLocaleString()}…`}
            description={n === 0 ? `Applies to ${appliesToText(a)} invocations only` : undefined}
            disabled={n === 0}
            onClick={() => onChoose(a, n)}
          />
        );
      })}
    </Menu>
  );
}

function appliesToText(a: InvocationAction): string {
  const statuses = ACTIONS[a].appliesTo;
  // "completed" says again what succeeded and failed already say.
  const shown =
    statuses.includes('succeeded') && statuses.includes('failed')
      ? statuses.filter((s) => s !== 'completed')
      : statuses;
  return shown.map((s) => STATUS_LABELS[s].toLowerCase()).join(', ');
}

/** The filters in words, for the confirmation. */
export function describeFilters(s: ListState): string[] {
  const parts: string[] = [];
  if (s.statuses.length) {
    parts.push(`Status: ${s.statuses.map((x) => STATUS_LABELS[x]).join(' or ')}`);
  }
  for (const f of TEXT_FILTERS) {
    if (s[f.field]) {
      parts.push(`${f.label}${f.field === 'id' && !isFullInvocationId(s.id) ? ' starts with' : ':'} ${s[f.field]}`);
    }
  }
  if (s.from !== undefined && s.to !== undefined) {
    parts.push(`Created: ${s.from} to ${s.to}`);
  }
  return parts;
}

type Resolution = { loading: true } | { loading: false; error: unknown } | { loading: false; matching: MatchingIds };

export function BulkDialog({
  clusterUid,
  action,
  filters,
  state,
  expected,
  detailHref,
  onClose,
}: {
  clusterUid: string;
  action: InvocationAction;
  filters: InvocationFilters;
  /** The list's state now, for the filters in words. */
  state: ListState;
  expected: number;
  detailHref: (id: string) => string;
  onClose: () => void;
}) {
  const info = ACTIONS[action];
  const filterSummary = describeFilters(state);
  const [resolution, setResolution] = useState<Resolution>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    resolveMatchingIds(clusterUid, filters, action).then(
      (matching) => live && setResolution({ loading: false, matching }),
      (error: unknown) => live && setResolution({ loading: false, error })
    );
    return () => {
      live = false;
    };
  }, [clusterUid, filters, action, attempt]);

  if (resolution.loading || 'error' in resolution) {
    return (
      <Modal title={`${info.label} all matching`} isOpen onDismiss={onClose}>
        {resolution.loading ? (
          <LoadingPlaceholder text={`Finding the ${expected.toLocaleString()} matching invocations…`} />
        ) : (
          <ErrorExplanation
            context="refresh"
            title="Could not find the matching invocations"
            error={resolution.error}
          />
        )}
        <Modal.ButtonRow>
          <Button variant="secondary" onClick={onClose}>
            Back
          </Button>
          {!resolution.loading && (
            <Button
              onClick={() => {
                setResolution({ loading: true });
                setAttempt((n) => n + 1);
              }}
            >
              Try again
            </Button>
          )}
        </Modal.ButtonRow>
      </Modal>
    );
  }
  return (
    <BulkRunDialog
      clusterUid={clusterUid}
      action={action}
      matching={resolution.matching}
      filterSummary={filterSummary}
      detailHref={detailHref}
      onClose={onClose}
    />
  );
}

function BulkRunDialog({
  clusterUid,
  action,
  matching,
  filterSummary,
  detailHref,
  onClose,
}: {
  clusterUid: string;
  action: InvocationAction;
  matching: MatchingIds;
  filterSummary: string[];
  detailHref: (id: string) => string;
  onClose: () => void;
}) {
  const styles = useStyles2(getStyles);
  const info = ACTIONS[action];
  const { ids } = matching;
  const n = ids.length;
  const { state, start, stop, failed, succeeded, notSent } = useBulkRun(clusterUid, action, ids);
  // While waiting out a rate limit, the seconds left count down.
  const [secondsLeft, setSecondsLeft] = useState<number>();
  const waitingUntil = state.progress?.waitingUntil;
  useEffect(() => {
    if (waitingUntil === undefined) {
      return;
    }
    const update = () => setSecondsLeft(Math.max(0, Math.ceil((waitingUntil - Date.now()) / 1000)));
    const t = setInterval(update, 250);
    return () => {
      clearInterval(t);
      setSecondsLeft(undefined);
    };
  }, [waitingUntil]);
  const [typed, setTyped] = useState('');
  const needsTyping = n > TYPED_CONFIRM_THRESHOLD;
  const confirmed = !needsTyping || typed.trim().replace(/[,.\s]/g, '') === String(n);
  const count = (k: number) => `${k.toLocaleString()} invocation${k === 1 ? '' : 's'}`;

  if (state.lastRunSize === 0) {
    const confirm = () => confirmed && n > 0 && start(ids);
    return (
      <Modal
        title={n === 0 ? `Nothing to ${info.label.toLowerCase()}` : `${info.label} ${count(n)}?`}
        isOpen
        onDismiss={onClose}
      >
        <Stack direction="column" gap={2}>
          {n === 0 ? (
            <Text>
              None of the matching invocations can be sent this action now ({info.label.toLowerCase()} applies to{' '}
              {appliesToText(action)} invocations only).
            </Text>
          ) : (
            <>
              <Text>{info.description}</Text>
              <div>
                <Text>
                  These {count(n)} match now
                  {filterSummary.length ? ':' : ' (no filter: every invocation it applies to).'}
                </Text>
                {filterSummary.length > 0 && (
                  <ul className={styles.filters} aria-label="Filters">
                    {filterSummary.map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                  </ul>
                )}
                <Text color="secondary" variant="bodySmall">
                  Only invocations {info.label.toLowerCase()} applies to ({appliesToText(action)}) are included. The set
                  is fixed now: invocations that start matching later are not included. Requests are sent{' '}
                  {DEFAULT_BULK_CONCURRENCY} at a time; you can stop at any moment.
                </Text>
              </div>
              {matching.capped && (
                <Alert severity="warning" title={`More than ${matching.cap.toLocaleString()} match`}>
                  This run covers the first {matching.cap.toLocaleString()} (by id). Run it again afterwards for the
                  rest, or narrow the filters.
                </Alert>
              )}
              {needsTyping && (
                <Field
                  label={`Type ${n} to confirm`}
                  description={`More than ${TYPED_CONFIRM_THRESHOLD} invocations: type how many to ${info.label.toLowerCase()}.`}
                  htmlFor="bulk-typed-confirmation"
                >
                  <Input
                    id="bulk-typed-confirmation"
                    width={20}
                    value={typed}
                    autoFocus
                    autoComplete="off"
                    onChange={(e) => setTyped(e.currentTarget.value)}
                    onKeyDown={(e) => e.key === 'Enter' && confirm()}
                  />
                </Field>
              )}
            </>
          )}
        </Stack>
        <Modal.ButtonRow>
          <Button variant="secondary" onClick={onClose}>
            Back
          </Button>
          {n > 0 && (
            <Button
              variant={info.destructive ? 'destructive' : 'primary'}
              disabled={!confirmed}
              onClick={confirm}
              autoFocus={!needsTyping}
            >
              {info.label} {count(n)}
            </Button>
          )}
        </Modal.ButtonRow>
      </Modal>
    );
  }

  const p = state.progress;
  // The bar and the tally are over the whole set: a retry or a resumed run adds to what is already done.
  const answered = state.results.size;
  const inFlight = state.running ? (p?.inFlight ?? 0) : 0;
  const finished = !state.running;
  const title = state.running
    ? p?.stopping
      ? `${info.label}: stopping`
      : `${info.label}: in progress`
    : state.stopped
      ? `${info.label}: stopped`
      : `${info.label}: done`;
  return (
    <Modal title={title} isOpen onDismiss={finished ? onClose : undefined} closeOnEscape={finished}>
      <Stack direction="column" gap={2}>
        <div>
          <div
            className={styles.bar}
            role="progressbar"
            aria-label="Progress"
            aria-valuemin={0}
            aria-valuemax={n}
            aria-valuenow={answered}
          >
            <div className={styles.barDone} style={{ width: `${(100 * succeeded) / Math.max(1, n)}%` }} />
            <div className={styles.barFailed} style={{ width: `${(100 * failed.length) / Math.max(1, n)}%` }} />
          </div>
          <div className={styles.tally} aria-label="Tally">
            <span>
              <Icon name="check" className={styles.ok} /> Done {succeeded.toLocaleString()}
            </span>
            <span>
              <Icon name="exclamation-triangle" className={styles.bad} /> Failed {failed.length.toLocaleString()}
            </span>
            <span>
              {finished && notSent.length > 0 ? 'Not sent' : 'Left'} {(n - answered).toLocaleString()}
            </span>
            {state.running && <span>In flight {inFlight}</span>}
          </div>
        </div>
        {state.running && p?.stopping && (
          <Text color="secondary">
            Stopping: nothing more is sent; waiting for the {p.inFlight} requests in flight.
          </Text>
        )}
        {state.running && !p?.stopping && p?.outage && (
          <Alert severity="warning" title="Restate cannot be reached: the run is paused">
            <BulkOutageText outage={p.outage} secondsLeft={secondsLeft} />
          </Alert>
        )}
        {!p?.outage && (p?.outagesSurvived ?? 0) > 0 && (
          <Text color="secondary">
            Restate was unreachable during this run and came back; the run went on by itself.{' '}
            {p?.resent ? `${p.resent.toLocaleString()} sent again because no answer came; ` : ''}
            none was done twice.
          </Text>
        )}
        {state.running && !p?.stopping && !p?.outage && p?.waitingUntil !== undefined && (
          <Alert severity="info" title="Restate is rate-limiting requests (429)">
            Waiting{secondsLeft !== undefined ? ` ${secondsLeft} s` : ''} before sending more; the refused ones are sent
            again.
          </Alert>
        )}
        {finished && (
          <Text>
            {state.stopped ? 'Stopped. ' : ''}
            {succeeded.toLocaleString()} of {n.toLocaleString()} done
            {failed.length ? `, ${failed.length.toLocaleString()} failed` : ''}
            {notSent.length ? `, ${notSent.length.toLocaleString()} not sent` : ''}.
          </Text>
        )}
        {failed.length > 0 && (
          <div>
            <Text weight="medium">Failed</Text>
            <ul className={styles.list} aria-label="Failures">
              {failed.slice(0, MAX_LISTED).map((r) => (
                <li key={r.id} className={styles.result}>
                  <Icon name="exclamation-triangle" className={styles.bad} />
                  <TextLink href={detailHref(r.id)} inline>
                    {r.id}
                  </TextLink>
                  <span>{r.error}</span>
                </li>
              ))}
              {failed.length > MAX_LISTED && <li>… and {(failed.length - MAX_LISTED).toLocaleString()} more</li>}
            </ul>
          </div>
        )}
      </Stack>
      <Modal.ButtonRow>
        {state.running ? (
          <Button variant="destructive" icon="square-shape" onClick={stop} disabled={p?.stopping}>
            Stop
          </Button>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              Close
            </Button>
            {notSent.length > 0 && (
              <Button variant="secondary" onClick={() => start(notSent)}>
                Send the {notSent.length.toLocaleString()} not sent
              </Button>
            )}
            {failed.length > 0 && (
              <Button onClick={() => start(failed.map((r) => r.id))}>
                Retry {failed.length.toLocaleString()} failed
              </Button>
            )}
          </>
        )}
      </Modal.ButtonRow>
    </Modal>
  );
}

function BulkOutageText({ outage, secondsLeft }: { outage: BulkOutage; secondsLeft?: number }) {
  const since = new Date(outage.since).toLocaleTimeString();
  return (
    <>
      {outage.error} Since {since}, {outage.tries.toLocaleString()} tr{outage.tries === 1 ? 'y' : 'ies'}; next try
      {secondsLeft !== undefined && secondsLeft > 0 ? ` in ${secondsLeft} s` : ' now'}. Nothing is counted as failed:
      the run goes on by itself once Restate answers
      {outage.inDoubt > 0
        ? `, and the ${outage.inDoubt.toLocaleString()} sent without an answer are sent again (an action Restate already applied is not done twice)`
        : ''}
      . Stop to end the run instead.
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({
    margin: theme.spacing(0.5, 0, 1),
    paddingLeft: theme.spacing(2),
    fontFamily: theme.typography.fontFamilyMonospace,
  }),
  bar: css({
    display: 'flex',
    height: 8,
    borderRadius: theme.shape.radius.pill,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    overflow: 'hidden',
  }),
  barDone: css({ background: theme.colors.success.main, transition: 'width 0.2s' }),
  barFailed: css({ background: theme.colors.error.main, transition: 'width 0.2s' }),
  tally: css({ display: 'flex', gap: theme.spacing(2), marginTop: theme.spacing(1), flexWrap: 'wrap' }),
  list: css({ margin: theme.spacing(0.5, 0, 0), padding: 0, maxHeight: 280, overflowY: 'auto' }),
  result: css({
    listStyle: 'none',
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'baseline',
    flexWrap: 'wrap',
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  ok: css({ color: theme.colors.success.text }),
  bad: css({ color: theme.colors.error.text }),
});
