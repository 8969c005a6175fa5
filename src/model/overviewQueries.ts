/*
 * The live overview's panels: one definition of each panel's Restate SQL, its panel type and its field settings,
 * read by the app's Overview page (rendered with Grafana's own panels through PanelRenderer) and by the shipped
 * dashboard src/dashboards/restate-overview.json (its unit test checks every panel's SQL equals the one here).
 *
 * Columns are those of restate-server 1.7.12's sys_invocation (checked by tests/integration/overview.test.ts):
 * `created_at` is set for every invocation, `completed_at` once it completed, `completion_result` is 'success' or
 * 'failure' and `completion_failure` its error; `last_failure` is the error of the last failed attempt of one
 * that is still retrying (backing-off) or gave up retrying (paused). Completed invocations stay in the table for
 * their service's retention only (`completion_retention`), so older ranges count only those still kept.
 *
 * Macros are the data source's (pkg/plugin/macros.go): `$__timeFilter(col)` is the panel's time range and
 * `$__interval` the bucket Grafana picks for the range and the panel's width.
 */

/** Grafana's core panel types the overview uses: they are what PanelRenderer renders in every Grafana. */
export type OverviewPanelType = 'timeseries' | 'stat' | 'table' | 'bargauge';

export interface OverviewPanel {
  /** Stable key: the dashboard panel's `id` is its index + 1, its refId A. */
  key: string;
  title: string;
  description: string;
  type: OverviewPanelType;
  sql: string;
  /** `time_series` has the backend turn the service column into one series per service (long to wide). */
  format: 'table' | 'time_series';
  /** Panel options (the panel plugin's own, as in a dashboard's `options`). */
  options: Record<string, unknown>;
  /** Field settings (a dashboard's `fieldConfig`). */
  fieldConfig: {
    defaults: Record<string, unknown>;
    overrides: Array<{ matcher: { id: string; options: string }; properties: Array<{ id: string; value: unknown }> }>;
  };
  /** Place in the dashboard's 24-column grid (the page lays the panels out the same way). */
  gridPos: { x: number; y: number; w: number; h: number };
}

/** Invocations per bucket and per service of one timestamp column, for the rows `where` keeps. */
function perServiceOverTime(column: string, value: string, where?: string): string {
  return [
    `SELECT date_bin($__interval, ${column}) AS time, target_service_name AS service, COUNT(*) AS ${value}`,
    'FROM sys_invocation',
    `WHERE ${where ? `${where} AND ` : ''}$__timeFilter(${column})`,
    'GROUP BY 1, 2',
    'ORDER BY 1',
  ].join('\n');
}

const SERIES_FIELDS = {
  // One series per service: the wide frame's fields carry the service as a label (pkg/plugin/query.go toTimeSeries).
  displayName: '${__field.labels.service}',
  unit: 'short',
  decimals: 0,
  min: 0,
  color: { mode: 'palette-classic' },
  custom: {
    drawStyle: 'bars',
    fillOpacity: 80,
    lineWidth: 1,
    barMaxWidth: 24,
    stacking: { mode: 'normal', group: 'A' },
  },
};

const SERIES_OPTIONS = {
  legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] },
  tooltip: { mode: 'multi', sort: 'desc' },
};

const noOverrides = { overrides: [] };

export const CREATED_SQL = perServiceOverTime('created_at', 'created');
export const COMPLETED_SQL = perServiceOverTime('completed_at', 'completed', "completion_result = 'success'");
export const FAILED_SQL = perServiceOverTime('completed_at', 'failed', "completion_result = 'failure'");

/** Paused and backing-off right now (not limited to the time range: they are waiting now, whenever they started). */
export const WAITING_NOW_SQL = `SELECT COUNT(CASE WHEN status = 'paused' THEN 1 END) AS paused,
  COUNT(CASE WHEN status = 'backing-off' THEN 1 END) AS "backing-off"
FROM sys_invocation
WHERE status IN ('paused', 'backing-off')`;

/**
 * Handlers with the most failures: failed in the time range, plus retrying or paused now, with the newest error
 * (a failed one's completion failure, a retrying one's last attempt's failure).
 */
export const TOP_FAILING_SQL = `SELECT concat(target_service_name, '/', target_handler_name) AS handler,
  COUNT(CASE WHEN status = 'completed' THEN 1 END) AS failed,
  COUNT(CASE WHEN status = 'backing-off' THEN 1 END) AS "backing-off",
  COUNT(CASE WHEN status = 'paused' THEN 1 END) AS paused,
  max(modified_at) AS last_failure_at,
  last_value(substr(coalesce(completion_failure, last_failure), 1, 300) ORDER BY modified_at) AS last_error
FROM sys_invocation
WHERE (status = 'completed' AND completion_result = 'failure' AND $__timeFilter(completed_at))
  OR status IN ('backing-off', 'paused')
GROUP BY 1
ORDER BY COUNT(*) DESC, handler
LIMIT 10`;

export const BY_STATUS_SQL = `SELECT CASE WHEN status = 'completed' THEN concat('completed: ', completion_result) ELSE status END AS status,
  COUNT(*) AS invocations
FROM sys_invocation
WHERE status <> 'completed' OR $__timeFilter(created_at)
GROUP BY 1
ORDER BY invocations DESC`;

export const WAITING_LIST_SQL = `SELECT id, target, status, retry_count, next_retry_at, last_failure_error_code,
  substr(last_failure, 1, 200) AS last_failure, modified_at
FROM sys_invocation
WHERE status IN ('backing-off', 'paused')
ORDER BY retry_count DESC
LIMIT 100`;

const overTime = (key: string, title: string, description: string, sql: string, x: number): OverviewPanel => ({
  key,
  title,
  description,
  type: 'timeseries',
  sql,
  format: 'time_series',
  options: SERIES_OPTIONS,
  fieldConfig: { defaults: SERIES_FIELDS, ...noOverrides },
  gridPos: { x, y: 0, w: 8, h: 8 },
});

/** The panels of the live overview, in the order of the page and the dashboard. */
export const OVERVIEW_PANELS: OverviewPanel[] = [
  overTime('created', 'Invocations created', 'Invocations created per interval, by service.', CREATED_SQL, 0),
  overTime(
    'completed',
    'Invocations completed',
    'Invocations that completed successfully per interval, by service.',
    COMPLETED_SQL,
    8
  ),
  overTime(
    'failed',
    'Invocations failed',
    'Invocations that completed with a failure per interval, by service.',
    FAILED_SQL,
    16
  ),
  {
    key: 'waiting-now',
    title: 'Paused and backing-off now',
    description: 'Invocations retrying after failures (backing-off) and those that stopped retrying (paused), now.',
    type: 'stat',
    sql: WAITING_NOW_SQL,
    format: 'table',
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'none',
      textMode: 'value_and_name',
      justifyMode: 'center',
      orientation: 'horizontal',
    },
    fieldConfig: {
      defaults: {
        unit: 'short',
        decimals: 0,
        color: { mode: 'thresholds' },
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            { color: 'orange', value: 1 },
          ],
        },
      },
      overrides: [
        {
          matcher: { id: 'byName', options: 'paused' },
          properties: [
            {
              id: 'thresholds',
              value: {
                mode: 'absolute',
                steps: [
                  { color: 'green', value: null },
                  { color: 'red', value: 1 },
                ],
              },
            },
          ],
        },
      ],
    },
    gridPos: { x: 0, y: 8, w: 6, h: 8 },
  },
  {
    key: 'top-failing',
    title: 'Top failing handlers',
    description:
      'Handlers with the most invocations failed in the time range or retrying/paused now, with their newest error.',
    type: 'table',
    sql: TOP_FAILING_SQL,
    format: 'table',
    options: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } },
    fieldConfig: {
      defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' }, inspect: true } },
      overrides: [
        { matcher: { id: 'byName', options: 'handler' }, properties: [{ id: 'custom.width', value: 220 }] },
        { matcher: { id: 'byName', options: 'failed' }, properties: [{ id: 'custom.width', value: 80 }] },
        { matcher: { id: 'byName', options: 'backing-off' }, properties: [{ id: 'custom.width', value: 100 }] },
        { matcher: { id: 'byName', options: 'paused' }, properties: [{ id: 'custom.width', value: 80 }] },
        { matcher: { id: 'byName', options: 'last_failure_at' }, properties: [{ id: 'custom.width', value: 180 }] },
      ],
    },
    gridPos: { x: 6, y: 8, w: 18, h: 8 },
  },
];

/** The overview's panels by key. */
export function overviewPanel(key: string): OverviewPanel {
  const p = OVERVIEW_PANELS.find((x) => x.key === key);
  if (!p) {
    throw new Error(`No overview panel ${key}`);
  }
  return p;
}

/** The page's time range when the link has none, and the refresh choices of its picker. */
export const DEFAULT_OVERVIEW_RANGE = { from: 'now-6h', to: 'now' };
export const OVERVIEW_REFRESH_INTERVALS = ['5s', '10s', '30s', '1m', '5m', '15m'];
