import React, { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, Icon, Text, Tooltip, useStyles2 } from '@grafana/ui';
import { JOURNAL_LIMIT, type JournalEntry, type JournalEvent } from '../../api/invocations';
import { invocationHref } from '../../utils/utils.routing';
import { PayloadBlock } from './PayloadBlock';
import { formatDuration, isSignal, layoutTimeline, type TimelineRow } from './timelineLayout';

export interface JournalTimelineProps {
  entries: JournalEntry[];
  events: JournalEvent[];
  clusterUid: string;
  createdAt?: number;
  completedAt?: number;
  /** Current attempt count (sys_invocation.retry_count). */
  attempts?: number;
  /** Offered in an expanded entry when set: opens the restart dialog at that entry. */
  onRestartFrom?: (index: number) => void;
  /** Entries a restart can keep the journal up to (others are not offered). */
  restartAllowed?: (index: number) => boolean;
  /** For tests: the clock. */
  now?: number;
}

const ENTRIES_PARAM = 'entries';

/** `entries=1,4` → {1, 4}; anything else is ignored. */
export function expandedOf(param: string | null): Set<number> {
  return new Set(
    (param ?? '')
      .split(',')
      .filter((x) => /^\d+$/.test(x))
      .map(Number)
  );
}

type Kind = 'call' | 'sleep' | 'run' | 'awakeable' | 'state' | 'io' | 'other';

function kindOf(e: JournalEntry): Kind {
  if (isSignal(e)) {
    return 'awakeable';
  }
  if (/Call|Attach|GetInvocationOutput/.test(e.type)) {
    return 'call';
  }
  if (e.type === 'Sleep') {
    return 'sleep';
  }
  if (e.type === 'Run') {
    return 'run';
  }
  if (/State|Promise/.test(e.type)) {
    return 'state';
  }
  if (e.type === 'Input' || e.type === 'Output') {
    return 'io';
  }
  return 'other';
}

const KIND_LABELS: Array<[Kind, string]> = [
  ['call', 'call'],
  ['sleep', 'sleep'],
  ['run', 'run'],
  ['awakeable', 'awakeable / signal'],
  ['state', 'state, promise'],
];

/** "Call greeter/greet", "Run “big”", "Awakeable resolved", "Call completed". */
export function entryTitle(e: JournalEntry): string {
  if (isSignal(e)) {
    return e.signal === 1 ? 'Cancellation signal' : (e.signal ?? 0) >= 17 ? 'Awakeable resolved' : `Signal ${e.signal}`;
  }
  if (e.category === 'Notification') {
    return e.type === 'CallInvocationId' ? 'Call id assigned' : `${e.type} completed`;
  }
  const target = e.details.find((d) => d.label === 'target')?.value;
  const key = e.details.find((d) => d.label === 'key' || d.label === 'promise')?.value;
  return [e.type, e.name ? `“${e.name}”` : undefined, target ?? key].filter(Boolean).join(' ');
}

/** The journal on a time axis: bars for what waited (calls, sleeps, runs, awakeables), marks for failed attempts. */
export function JournalTimeline({
  entries,
  events,
  clusterUid,
  createdAt,
  completedAt,
  attempts,
  onRestartFrom,
  restartAllowed,
  now,
}: JournalTimelineProps) {
  const styles = useStyles2(getStyles);
  // Expanded entries are in the URL (`entries=1,4`), so a link can point at them.
  const [params, setParams] = useSearchParams();
  const open = useMemo(() => expandedOf(params.get(ENTRIES_PARAM)), [params]);
  const [clock] = useState(() => now ?? Date.now());
  const layout = useMemo(
    () => layoutTimeline(entries, events, { now: now ?? clock, createdAt, completedAt }),
    [entries, events, now, clock, createdAt, completedAt]
  );
  const first = [...open].sort((a, b) => a - b)[0];
  const hasEntries = entries.length > 0;
  useEffect(() => {
    // A shared link opens where it points.
    if (first !== undefined && hasEntries) {
      document.getElementById(`journal-entry-${first}`)?.scrollIntoView?.({ block: 'center' });
    }
    // Only when the page opens with entries.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hasEntries]);
  if (entries.length === 0) {
    return <Text color="secondary">No journal entries (not started yet, or the journal was purged).</Text>;
  }
  const toggle = (index: number) =>
    setParams(
      (p) => {
        const next = new Set(expandedOf(p.get(ENTRIES_PARAM)));
        next.has(index) ? next.delete(index) : next.add(index);
        const q = new URLSearchParams(p);
        if (next.size) {
          q.set(ENTRIES_PARAM, [...next].sort((a, b) => a - b).join(','));
        } else {
          q.delete(ENTRIES_PARAM);
        }
        return q;
      },
      { replace: true }
    );
  const total = layout.t1 - layout.t0;

  return (
    <div className={styles.wrap}>
      <div className={styles.summary}>
        <Text color="secondary">
          {entries.length} entries over {formatDuration(total)}
          {completedAt === undefined ? ' so far' : ''}
          {layout.failedAttempts > 0 &&
            ` · ${layout.failedAttempts} failed attempt${layout.failedAttempts === 1 ? '' : 's'} shown`}
          {attempts !== undefined && attempts > 1 && ` · ${attempts} attempts in all`}
        </Text>
        <ul className={styles.legend} aria-label="Legend">
          {KIND_LABELS.map(([k, label]) => (
            <li key={k}>
              <span className={cx(styles.swatch, styles.kind[k])} /> {label}
            </li>
          ))}
          <li>
            <span className={styles.legendMark} /> failed attempt, pause
          </li>
        </ul>
      </div>
      <div className={styles.axisRow} aria-hidden>
        <div />
        <div className={styles.axis}>
          {layout.ticks.map((t) => (
            <span key={t.at} className={styles.tick} style={{ left: `${t.left}%` }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <ol className={styles.list} aria-label="Journal entries">
        {layout.rows.map((row) =>
          row.kind === 'event' ? (
            <EventRow key={row.key} row={row} />
          ) : (
            <EntryRow
              key={row.key}
              row={row}
              expanded={open.has(row.entry!.index)}
              onToggle={() => toggle(row.entry!.index)}
              clusterUid={clusterUid}
              onRestartFrom={onRestartFrom}
              restartAllowed={restartAllowed}
            />
          )
        )}
        {entries.length >= JOURNAL_LIMIT && <li>Only the first {JOURNAL_LIMIT} entries are shown.</li>}
      </ol>
    </div>
  );
}

function EventRow({ row }: { row: TimelineRow }) {
  const styles = useStyles2(getStyles);
  const ev = row.event!;
  const title = ev.type === 'TransientError' ? 'Attempt failed' : ev.type;
  return (
    <li className={cx(styles.row, styles.eventRow)}>
      <div className={styles.label}>
        <Icon name={ev.type === 'Paused' ? 'pause' : 'exclamation-triangle'} /> <strong>{title}</strong>{' '}
        {ev.message && (
          <span className={styles.eventText}>
            {ev.errorCode !== undefined ? `[${ev.errorCode}] ` : ''}
            {ev.message.split('\n')[0]}
            {ev.docCode ? ` (${ev.docCode})` : ''}
          </span>
        )}
      </div>
      <div className={styles.track}>
        {row.start !== undefined && (
          <Tooltip content={`${title} at ${dateTimeFormat(row.start)}`}>
            <span className={styles.eventMark} style={{ left: `calc(${row.left}% - 5px)` }} />
          </Tooltip>
        )}
      </div>
    </li>
  );
}

function EntryRow({
  row,
  expanded,
  onToggle,
  clusterUid,
  onRestartFrom,
  restartAllowed,
}: {
  row: TimelineRow;
  expanded: boolean;
  onToggle: () => void;
  clusterUid: string;
  onRestartFrom?: (index: number) => void;
  restartAllowed?: (index: number) => boolean;
}) {
  const styles = useStyles2(getStyles);
  const e = row.entry!;
  const kind = kindOf(e);
  const note = e.category === 'Notification' && !isSignal(e);
  const failed = e.result && !e.result.ok;
  const detailsId = `journal-entry-${e.index}`;
  const duration =
    row.durationMs !== undefined ? formatDuration(row.durationMs) + (row.open ? ' so far' : '') : undefined;
  return (
    <li className={styles.item}>
      <button
        type="button"
        className={cx(styles.row, styles.rowButton)}
        aria-expanded={expanded}
        aria-controls={detailsId}
        onClick={onToggle}
      >
        <span className={styles.label}>
          <Icon name={expanded ? 'angle-down' : 'angle-right'} className={styles.chevron} />
          <span className={styles.index}>#{e.index}</span>
          <span className={cx(styles.title, note && styles.noteTitle)}>{entryTitle(e)}</span>
          {e.completed === false && <Badge text="waiting" color="blue" />}
          {row.open && <Badge text="waiting" color="blue" />}
          {e.result && !e.result.ok && <Badge text={`failed${e.result.code ? ` ${e.result.code}` : ''}`} color="red" />}
          {(duration || row.beyondEnd !== undefined) && (
            <span className={styles.duration}>
              {duration}
              {row.beyondEnd !== undefined &&
                `${duration ? ', ' : ''}due ${dateTimeFormat(row.beyondEnd, { format: 'HH:mm:ss' })}`}
            </span>
          )}
        </span>
        <span className={styles.track}>
          {row.start !== undefined && (
            <span
              className={cx(
                styles.bar,
                note ? styles.noteBar : styles.kind[kind],
                row.open && styles.openBar,
                failed && styles.failedBar
              )}
              style={{ left: `${row.left}%`, width: `${row.width}%` }}
            />
          )}
          {row.beyondEnd !== undefined && (
            <span
              className={styles.beyond}
              title={`Due at ${dateTimeFormat(row.beyondEnd)}, after the end of the axis`}
            >
              <Icon name="arrow-right" size="sm" />
            </span>
          )}
        </span>
      </button>
      {expanded && (
        <div id={detailsId} className={styles.details}>
          <dl className={styles.facts}>
            {e.appendedAt !== undefined && (
              <>
                <dt>appended</dt>
                <dd>{dateTimeFormat(e.appendedAt, { format: 'YYYY-MM-DD HH:mm:ss.SSS' })}</dd>
              </>
            )}
            {duration && (
              <>
                <dt>{row.open ? 'waiting for' : 'took'}</dt>
                <dd>
                  {duration}
                  {row.completedBy !== undefined && ` (completed by #${row.completedBy})`}
                  {isSignal(e) && ' (since the entry before it)'}
                </dd>
              </>
            )}
            {row.completes !== undefined && (
              <>
                <dt>completes</dt>
                <dd>#{row.completes}</dd>
              </>
            )}
            {e.details
              .filter((d) => !['input', 'value'].includes(d.label) || !e.payloads)
              .map((x, i) => (
                <React.Fragment key={i}>
                  <dt>{x.label}</dt>
                  <dd>
                    {x.invocationId ? (
                      <>
                        <span className={styles.mono}>{x.value}</span> (
                        <Link className={styles.link} to={invocationHref(x.invocationId, clusterUid)}>
                          {x.invocationId}
                        </Link>
                        )
                      </>
                    ) : x.time !== undefined ? (
                      dateTimeFormat(x.time, { format: 'YYYY-MM-DD HH:mm:ss.SSS' })
                    ) : (
                      <span className={styles.mono}>{x.value}</span>
                    )}
                  </dd>
                </React.Fragment>
              ))}
          </dl>
          {e.result && !e.result.ok && (
            <div className={styles.failureText}>
              {e.result.code ? `[${e.result.code}] ` : ''}
              {e.result.message}
            </div>
          )}
          {e.payloads?.map((p, i) => (
            <PayloadBlock key={i} label={p.label} payload={p.payload} />
          ))}
          {!e.payloads && e.result?.ok && e.result.value !== undefined && (
            <PayloadBlock
              label="result"
              payload={{ kind: 'text', text: e.result.value, bytes: e.result.value.length }}
            />
          )}
          {onRestartFrom && (restartAllowed?.(e.index) ?? true) && (
            <Button
              className={styles.restart}
              size="sm"
              variant="secondary"
              icon="history"
              onClick={() => onRestartFrom(e.index)}
            >
              Restart as new from #{e.index}…
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

const LABEL_COL = 'minmax(280px, 38%)';

const getStyles = (theme: GrafanaTheme2) => {
  const color = (name: string) => theme.visualization.getColorByName(name);
  return {
    wrap: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
    summary: css({ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: theme.spacing(1) }),
    legend: css({
      display: 'flex',
      gap: theme.spacing(2),
      listStyle: 'none',
      margin: 0,
      padding: 0,
      fontSize: theme.typography.bodySmall.fontSize,
      color: theme.colors.text.secondary,
      li: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
    }),
    swatch: css({ display: 'inline-block', width: 12, height: 8, borderRadius: 2 }),
    axisRow: css({
      display: 'grid',
      gridTemplateColumns: `${LABEL_COL} 1fr`,
      gap: theme.spacing(1),
      borderBottom: `1px solid ${theme.colors.border.medium}`,
    }),
    axis: css({ position: 'relative', height: 20, marginRight: theme.spacing(4) }),
    tick: css({
      position: 'absolute',
      bottom: 2,
      transform: 'translateX(-50%)',
      fontSize: theme.typography.bodySmall.fontSize,
      color: theme.colors.text.secondary,
      whiteSpace: 'nowrap',
      '&:first-child': { transform: 'none' },
    }),
    list: css({ listStyle: 'none', margin: 0, padding: 0 }),
    item: css({ borderBottom: `1px solid ${theme.colors.border.weak}` }),
    row: css({
      display: 'grid',
      gridTemplateColumns: `${LABEL_COL} 1fr`,
      gap: theme.spacing(1),
      alignItems: 'center',
      minHeight: 28,
      width: '100%',
    }),
    rowButton: css({
      background: 'none',
      border: 'none',
      padding: theme.spacing(0.25, 0),
      color: 'inherit',
      textAlign: 'left',
      cursor: 'pointer',
      font: 'inherit',
      '&:hover': { background: theme.colors.action.hover },
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
    }),
    eventRow: css({
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      color: theme.colors.warning.text,
      fontSize: theme.typography.bodySmall.fontSize,
    }),
    label: css({
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      minWidth: 0,
      paddingLeft: theme.spacing(0.5),
    }),
    chevron: css({ flexShrink: 0, color: theme.colors.text.secondary }),
    index: css({ color: theme.colors.text.secondary, fontFamily: theme.typography.fontFamilyMonospace, minWidth: 28 }),
    title: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: 500 }),
    noteTitle: css({ fontWeight: 'normal', color: theme.colors.text.secondary }),
    duration: css({
      marginLeft: 'auto',
      paddingRight: theme.spacing(1),
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      whiteSpace: 'nowrap',
    }),
    eventText: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
    track: css({ position: 'relative', height: 16, marginRight: theme.spacing(4) }),
    bar: css({ position: 'absolute', top: 3, height: 10, borderRadius: 2, minWidth: 3 }),
    kind: {
      call: css({ background: color('blue') }),
      sleep: css({ background: color('purple') }),
      run: css({ background: color('green') }),
      awakeable: css({ background: color('orange') }),
      state: css({ background: color('yellow') }),
      io: css({ background: theme.colors.text.secondary }),
      other: css({ background: theme.colors.text.disabled }),
    },
    noteBar: css({ background: theme.colors.border.strong, width: '3px !important', top: 1, height: 14 }),
    openBar: css({
      backgroundImage: `repeating-linear-gradient(45deg, transparent 0 6px, ${theme.colors.background.primary}66 6px 12px)`,
    }),
    failedBar: css({ background: color('red') }),
    eventMark: css({
      position: 'absolute',
      top: 3,
      display: 'inline-block',
      width: 10,
      height: 10,
      background: color('red'),
      transform: 'rotate(45deg)',
    }),
    legendMark: css({
      display: 'inline-block',
      width: 8,
      height: 8,
      margin: '0 2px',
      background: color('red'),
      transform: 'rotate(45deg)',
    }),
    beyond: css({ position: 'absolute', right: theme.spacing(-3), top: -2, color: theme.colors.text.secondary }),
    details: css({ padding: theme.spacing(1, 2, 1.5, 6), background: theme.colors.background.secondary }),
    facts: css({
      display: 'grid',
      gridTemplateColumns: 'max-content 1fr',
      gap: theme.spacing(0.25, 2),
      margin: 0,
      fontSize: theme.typography.bodySmall.fontSize,
      dt: { color: theme.colors.text.secondary },
      dd: { margin: 0, wordBreak: 'break-word' },
    }),
    mono: css({ fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-all' }),
    link: css({ color: theme.colors.text.link, fontFamily: theme.typography.fontFamilyMonospace }),
    failureText: css({ color: theme.colors.error.text, marginTop: theme.spacing(1) }),
    restart: css({ marginTop: theme.spacing(1.5) }),
  };
};
