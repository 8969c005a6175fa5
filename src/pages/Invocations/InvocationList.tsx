import React, { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, type GrafanaTheme2, type TimeRange } from '@grafana/data';
import {
  Alert,
  Button,
  Checkbox,
  Field,
  Icon,
  Input,
  LoadingPlaceholder,
  Pagination,
  RadioButtonGroup,
  RefreshPicker,
  Stack,
  Text,
  TimeRangePicker,
  Tooltip,
  useStyles2,
} from '@grafana/ui';
import {
  matchingTotal,
  STATUS_DESCRIPTIONS,
  STATUS_FILTERS,
  STATUS_LABELS,
  validateFilters,
  type InvocationAction,
  type InvocationSummary,
  type SortColumn,
  type StatusCounts,
  type StatusFilter,
} from '../../api/invocations';
import type { ClusterSettings } from '../../hooks/cluster';
import { usePermissions } from '../../hooks/roles';
import { useInvocationCounts, useInvocations } from '../../hooks/resources/invocations';
import { invocationHref } from '../../utils/utils.routing';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import type { ActionTarget } from './ActionButton';
import { AllMatchingActions } from './AllMatchingActions';
import { STATUS_COLORS, StatusBadge } from '../../components/StatusBadge/StatusBadge';
import {
  fromTimeRange,
  PAGE_SIZES,
  parseListState,
  refreshMs,
  TEXT_FILTERS,
  toFilters,
  toTimeRange,
  writeListState,
  type ListState,
} from './urlState';

// The actions on the selected rows (their buttons and dialog) are a chunk of their own, fetched when a row is first
// selected: the list's first paint does not wait for them.
const loadActions = () => import('./ActionDialog');
const ActionButtons = lazy(() => loadActions().then((m) => ({ default: m.ActionButtons })));
const ActionDialog = lazy(() => loadActions().then((m) => ({ default: m.ActionDialog })));

const COLUMNS: Array<{ label: string; sort?: SortColumn; width?: number }> = [
  { label: 'Invocation' },
  { label: 'Target', sort: 'target' },
  { label: 'Status', sort: 'status' },
  { label: 'Created', sort: 'created_at' },
  { label: 'Modified', sort: 'modified_at' },
  { label: 'Attempts', sort: 'retry_count' },
  { label: 'Next retry', sort: 'next_retry_at' },
  { label: 'Journal', sort: 'journal_size' },
  { label: 'Last failure' },
];

/** The invocations of a cluster: counts per status, filters, a sortable page of rows, bulk actions. */
export function InvocationList({ cluster }: { cluster: ClusterSettings }) {
  const styles = useStyles2(getStyles);
  const { canOperate, operateReason } = usePermissions();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseListState(params), [params]);
  const update = useCallback(
    (patch: Partial<ListState>, { keepPage = false } = {}) => {
      setParams(
        (current) =>
          writeListState(current, { ...parseListState(current), ...(keepPage ? {} : { page: 1 }), ...patch }),
        {
          replace: false,
        }
      );
    },
    [setParams]
  );

  const problems = validateFilters(toFilters(state));
  const valid = Object.keys(problems).length === 0;
  // What each query depends on (raw URL values: a relative time range is resolved at each load).
  const interval = refreshMs(state.refresh);

  const filters = toFilters(state);
  const list = useInvocations(
    cluster.uid,
    filters,
    state.sort,
    { offset: (state.page - 1) * state.pageSize, limit: state.pageSize },
    { intervalMs: interval, enabled: valid }
  );
  // Rows first: the counts scan every invocation too, so they are asked once this list's rows are in (or failed)
  // and never compete with the rows for Restate's cores; the previous counts stay shown meanwhile.
  const counts = useInvocationCounts(cluster.uid, filters, 'restate-invocations-counts', {
    intervalMs: interval,
    enabled: valid && !list.loading,
  });

  const total = counts.data ? matchingTotal(counts.data, state.statuses) : undefined;
  const pages = total !== undefined ? Math.max(1, Math.ceil(total / state.pageSize)) : undefined;

  const [selected, setSelected] = useState<Map<string, ActionTarget>>(new Map());
  const [dialog, setDialog] = useState<{ action: InvocationAction; targets: ActionTarget[] } | undefined>();
  const rows = list.data ?? [];

  const toggle = (r: InvocationSummary) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(r.id)) {
        next.delete(r.id);
      } else {
        next.set(r.id, { id: r.id, status: r.status, completionResult: r.completionResult });
      }
      return next;
    });
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggleAll = () =>
    setSelected((prev) => {
      const next = new Map(prev);
      rows.forEach((r) =>
        allOnPage
          ? next.delete(r.id)
          : next.set(r.id, { id: r.id, status: r.status, completionResult: r.completionResult })
      );
      return next;
    });

  const timeRange: TimeRange = toTimeRange(state.from, state.to);
  const hasTime = state.from !== undefined;

  return (
    <Stack direction="column" gap={2}>
      <StatusCountsBar
        counts={counts.data}
        loading={counts.loading || (valid && list.loading)}
        selected={state.statuses}
        onToggle={(s, only) =>
          update({
            statuses: only
              ? [s]
              : state.statuses.includes(s)
                ? state.statuses.filter((x) => x !== s)
                : [...state.statuses, s],
          })
        }
        onClear={() => update({ statuses: [] })}
      />

      <div className={styles.filters} role="search" aria-label="Invocation filters">
        {TEXT_FILTERS.map((f) => (
          <TextFilter
            key={f.param}
            label={f.label}
            placeholder={'placeholder' in f ? f.placeholder : undefined}
            value={state[f.field]}
            error={problems[f.field]}
            onCommit={(v) => update({ [f.field]: v } as Partial<ListState>)}
          />
        ))}
        <Field label="Created" description={hasTime ? undefined : 'Any time'}>
          <Stack gap={1} alignItems="center">
            {hasTime ? (
              <>
                <TimeRangePicker
                  value={timeRange}
                  onChange={(r) => update(fromTimeRange(r))}
                  onChangeTimeZone={() => {}}
                  onMoveBackward={() => shift(timeRange, -1, update)}
                  onMoveForward={() => shift(timeRange, 1, update)}
                  onZoom={() => zoom(timeRange, update)}
                />
                <Button
                  variant="secondary"
                  fill="text"
                  icon="times"
                  onClick={() => update({ from: undefined, to: undefined })}
                >
                  Any time
                </Button>
              </>
            ) : (
              <Button variant="secondary" icon="clock-nine" onClick={() => update({ from: 'now-1h', to: 'now' })}>
                Filter by time
              </Button>
            )}
          </Stack>
        </Field>
      </div>

      <div className={styles.toolbar}>
        <Stack gap={1} alignItems="center">
          <Text color="secondary">
            {total === undefined ? '' : `${total.toLocaleString()} matching`}
            {selected.size > 0 ? ` · ${selected.size} selected` : ''}
          </Text>
          {canOperate && valid && (
            <AllMatchingActions
              clusterUid={cluster.uid}
              state={state}
              filters={filters}
              counts={counts.data}
              total={total}
              detailHref={(id) => invocationHref(id, cluster.uid)}
            />
          )}
          {selected.size > 0 && (
            <>
              <Suspense fallback={<LoadingPlaceholder text="Loading actions…" />}>
                <ActionButtons
                  canOperate={canOperate}
                  operateReason={operateReason}
                  onClick={(a) => setDialog({ action: a, targets: [...selected.values()] })}
                />
              </Suspense>
              <Button size="sm" variant="secondary" fill="text" onClick={() => setSelected(new Map())}>
                Clear selection
              </Button>
            </>
          )}
        </Stack>
        <RefreshPicker
          value={state.refresh}
          onIntervalChanged={(v) => update({ refresh: v }, { keepPage: true })}
          onRefresh={() => {
            counts.refresh();
            list.refresh();
          }}
          isLoading={list.fetching}
          tooltip={
            list.delayMs && interval && list.delayMs > interval
              ? `Backing off: next refresh in ${Math.round(list.delayMs / 1000)}s`
              : undefined
          }
        />
      </div>

      {!valid && <Alert severity="warning" title="Fix the highlighted filter to see invocations" />}
      {!!(list.error || counts.error) && (
        <ErrorExplanation
          context="refresh"
          title="Could not load invocations"
          error={list.error ?? counts.error}
          extra={list.data ? 'Showing the last rows loaded.' : undefined}
          nextTryInMs={list.error ? list.delayMs : counts.error ? counts.delayMs : undefined}
        />
      )}

      {list.loading && !list.data ? (
        <LoadingPlaceholder text="Loading invocations…" />
      ) : rows.length === 0 && !list.error && valid ? (
        <div className={styles.empty}>
          <Text color="secondary">
            {state.page > 1 ? 'No invocations on this page.' : 'No invocations match these filters.'}
          </Text>
        </div>
      ) : rows.length > 0 ? (
        <div className={styles.tableWrap}>
          <table className={styles.table} aria-label="Invocations">
            <thead>
              <tr>
                <th className={styles.check}>
                  <Checkbox value={allOnPage} onChange={toggleAll} aria-label="Select all on this page" />
                </th>
                {COLUMNS.map((c) => {
                  const active = c.sort && state.sort.column === c.sort;
                  return (
                    <th
                      key={c.label}
                      aria-sort={active ? (state.sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                    >
                      {c.sort ? (
                        <button
                          type="button"
                          className={styles.sortButton}
                          onClick={() =>
                            update({
                              sort: {
                                column: c.sort!,
                                direction: active && state.sort.direction === 'desc' ? 'asc' : 'desc',
                              },
                            })
                          }
                        >
                          {c.label}
                          {active && (
                            <Icon name={state.sort.direction === 'asc' ? 'arrow-up' : 'arrow-down'} size="sm" />
                          )}
                        </button>
                      ) : (
                        c.label
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <Row
                  key={r.id}
                  row={r}
                  clusterUid={cluster.uid}
                  selected={selected.has(r.id)}
                  onToggle={() => toggle(r)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <div className={styles.toolbar}>
        <Stack gap={1} alignItems="center">
          <Text color="secondary">Rows per page</Text>
          <RadioButtonGroup
            size="sm"
            options={PAGE_SIZES.map((n) => ({ label: String(n), value: n }))}
            value={state.pageSize}
            onChange={(n) => update({ pageSize: n })}
          />
        </Stack>
        {pages !== undefined && pages > 1 && (
          <Pagination
            currentPage={state.page}
            numberOfPages={pages}
            onNavigate={(p) => update({ page: p }, { keepPage: true })}
          />
        )}
      </div>

      {dialog && (
        // (no fallback: the buttons that open it loaded its chunk)
        <Suspense fallback={null}>
          <ActionDialog
            clusterUid={cluster.uid}
            action={dialog.action}
            targets={dialog.targets}
            detailHref={(id) => invocationHref(id, cluster.uid)}
            onClose={() => setDialog(undefined)}
            onDone={() => {
              setSelected(new Map());
            }}
          />
        </Suspense>
      )}
    </Stack>
  );
}

function shift(r: TimeRange, dir: 1 | -1, update: (p: Partial<ListState>) => void) {
  const span = r.to.valueOf() - r.from.valueOf();
  update({ from: String(r.from.valueOf() + dir * span), to: String(r.to.valueOf() + dir * span) });
}

function zoom(r: TimeRange, update: (p: Partial<ListState>) => void) {
  const span = r.to.valueOf() - r.from.valueOf();
  update({ from: String(r.from.valueOf() - span / 2), to: String(r.to.valueOf() + span / 2) });
}

function Row({
  row: r,
  clusterUid,
  selected,
  onToggle,
}: {
  row: InvocationSummary;
  clusterUid: string;
  selected: boolean;
  onToggle: () => void;
}) {
  const styles = useStyles2(getStyles);
  return (
    <tr className={cx(selected && styles.selectedRow)}>
      <td className={styles.check}>
        <Checkbox value={selected} onChange={onToggle} aria-label={`Select ${r.id}`} />
      </td>
      <td>
        <Link className={styles.mono} to={invocationHref(r.id, clusterUid)}>
          {r.id}
        </Link>
      </td>
      <td>
        <span className={styles.target}>{r.target}</span>
      </td>
      <td>
        <StatusBadge status={r.status} completionResult={r.completionResult} />
      </td>
      <td title={r.createdAt ? dateTimeFormat(r.createdAt) : undefined}>
        {r.createdAt ? dateTimeFormatTimeAgo(r.createdAt) : ''}
      </td>
      <td title={r.modifiedAt ? dateTimeFormat(r.modifiedAt) : undefined}>
        {r.modifiedAt ? dateTimeFormatTimeAgo(r.modifiedAt) : ''}
      </td>
      <td className={styles.num}>{r.retryCount ?? ''}</td>
      <td>{r.nextRetryAt ? dateTimeFormat(r.nextRetryAt, { format: 'HH:mm:ss' }) : ''}</td>
      <td className={styles.num}>{r.journalSize ?? ''}</td>
      <td className={styles.failure} title={r.lastFailure}>
        {r.lastFailureCode && <code>{r.lastFailureCode}</code>} {r.lastFailure?.split('\n')[0]}
      </td>
    </tr>
  );
}

/** A text filter applied on Enter or when leaving the field, so typing does not send a query per key. */
function TextFilter({
  label,
  placeholder,
  value,
  error,
  onCommit,
}: {
  label: string;
  placeholder?: string;
  value: string;
  error?: string;
  onCommit: (v: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    // The URL changed (back button, a link): show its value.
    setSeen(value);
    setDraft(value);
  }
  const commit = () => draft.trim() !== value && onCommit(draft.trim());
  const id = `invocations-filter-${label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Field label={label} invalid={!!error} error={error} htmlFor={id}>
      <Input
        id={id}
        width={24}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        placeholder={placeholder ?? 'any'}
        suffix={
          draft ? (
            <button
              type="button"
              aria-label={`Clear ${label}`}
              style={{ background: 'none', border: 'none', padding: 0, cursor: 'pointer', color: 'inherit' }}
              onClick={() => {
                setDraft('');
                onCommit('');
              }}
            >
              <Icon name="times" />
            </button>
          ) : undefined
        }
      />
    </Field>
  );
}

/** Counts per status, each a toggle of the status filter (Ctrl/Cmd-click or Shift-click: only that status). */
export function StatusCountsBar({
  counts,
  loading,
  selected,
  onToggle,
  onClear,
}: {
  counts?: StatusCounts;
  loading: boolean;
  selected: StatusFilter[];
  onToggle: (s: StatusFilter, only: boolean) => void;
  onClear: () => void;
}) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.counts} role="group" aria-label="Invocations by status">
      <button
        type="button"
        className={cx(styles.count, selected.length === 0 && styles.countActive)}
        onClick={onClear}
        aria-pressed={selected.length === 0}
      >
        <span className={styles.countLabel}>All</span>
        <span className={styles.countValue}>
          {counts ? matchingTotal(counts).toLocaleString() : loading ? '…' : '–'}
        </span>
      </button>
      {STATUS_FILTERS.map((s) => (
        <Tooltip key={s} content={STATUS_DESCRIPTIONS[s]}>
          <button
            type="button"
            className={cx(styles.count, selected.includes(s) && styles.countActive)}
            aria-pressed={selected.includes(s)}
            onClick={(e) => onToggle(s, e.ctrlKey || e.metaKey || e.shiftKey)}
          >
            <span className={styles.countLabel}>
              <span className={styles.dot} style={{ background: dotColor(s) }} />
              {STATUS_LABELS[s]}
            </span>
            <span className={styles.countValue}>{counts ? counts[s].toLocaleString() : loading ? '…' : '–'}</span>
          </button>
        </Tooltip>
      ))}
    </div>
  );
}

function dotColor(s: StatusFilter): string {
  const c = STATUS_COLORS[s];
  return (
    { blue: '#3d71d9', orange: '#ff9830', darkgrey: '#8e8e8e', purple: '#a352cc', green: '#56a64b', red: '#e02f44' }[
      c as string
    ] ?? '#8e8e8e'
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0, 2), alignItems: 'flex-start' }),
  toolbar: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(2),
    flexWrap: 'wrap',
  }),
  counts: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) }),
  count: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    minWidth: 96,
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
    cursor: 'pointer',
    '&:hover': { borderColor: theme.colors.border.strong },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  countActive: css({ borderColor: theme.colors.primary.border, background: theme.colors.primary.transparent }),
  countLabel: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  countValue: css({ fontSize: theme.typography.h4.fontSize, fontWeight: theme.typography.fontWeightMedium }),
  dot: css({ width: 8, height: 8, borderRadius: '50%', display: 'inline-block' }),
  tableWrap: css({ overflowX: 'auto' }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      whiteSpace: 'nowrap',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    'tbody tr:hover': { background: theme.colors.action.hover },
  }),
  selectedRow: css({ background: theme.colors.action.selected }),
  check: css({ width: 32 }),
  sortButton: css({
    background: 'none',
    border: 'none',
    padding: 0,
    color: 'inherit',
    font: 'inherit',
    cursor: 'pointer',
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace, color: theme.colors.text.link }),
  // Targets of keyed objects can be long: let them wrap (any character, keys have no spaces) so that the columns
  // on the right stay on screen.
  target: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    display: 'inline-block',
    whiteSpace: 'normal',
    overflowWrap: 'anywhere',
    minWidth: 160,
    maxWidth: 260,
  }),
  num: css({ textAlign: 'right' }),
  failure: css({ maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', color: theme.colors.error.text }),
  empty: css({ padding: theme.spacing(4), textAlign: 'center', border: `1px dashed ${theme.colors.border.weak}` }),
});
