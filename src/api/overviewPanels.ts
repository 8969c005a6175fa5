import {
  CoreApp,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  LoadingState,
  type PanelData,
  rangeUtil,
  type TimeRange,
} from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { from, lastValueFrom } from 'rxjs';
import type { RestateQuery } from '../model/datasource';
import type { OverviewPanel } from '../model/overviewQueries';
import { RestateApiError } from './errors';
import { kindOf } from './sql';

/**
 * The data of one live-overview panel, from the Restate data source's own `query()` (the path of every dashboard
 * panel: DataSourceWithBackend posts to Grafana's `/api/ds/query`, the Go backend expands the macros and runs the
 * SQL), with the page's time range and an interval for the panel's width, as Grafana's query runner computes it
 * (public/app/features/query/state/PanelQueryRunner.ts: `rangeUtil.calculateInterval(timeRange, maxDataPoints)`).
 */
export interface OverviewQueryOptions {
  /** Data points the panel can show (its width in pixels), which decides `$__interval`. */
  maxDataPoints: number;
  timeZone?: string;
  /** A newer request with the same id cancels this one (BackendSrv). */
  requestId?: string;
}

/** Grafana's smallest interval for a panel without its own `interval` (PanelQueryRunner's lowLimit default). */
const MIN_INTERVAL = '1s';

export function overviewRequest(
  dataSource: Pick<DataSourceApi, 'uid' | 'type'>,
  panel: OverviewPanel,
  range: TimeRange,
  opts: OverviewQueryOptions
): DataQueryRequest<RestateQuery & { format: OverviewPanel['format'] }> {
  const { interval, intervalMs } = rangeUtil.calculateInterval(range, Math.max(1, opts.maxDataPoints), MIN_INTERVAL);
  return {
    app: CoreApp.PanelViewer,
    requestId: opts.requestId ?? `restate-overview-${panel.key}`,
    timezone: opts.timeZone ?? 'browser',
    range,
    interval,
    intervalMs,
    maxDataPoints: opts.maxDataPoints,
    scopedVars: {
      __interval: { text: interval, value: interval },
      __interval_ms: { text: String(intervalMs), value: intervalMs },
    },
    targets: [
      { refId: 'A', datasource: { uid: dataSource.uid, type: dataSource.type }, sql: panel.sql, format: panel.format },
    ],
    startTime: Date.now(),
  };
}

/** The first error of a response, in the words the backend wrote for the user. */
function responseError(res: DataQueryResponse): RestateApiError | undefined {
  // A failed fetch can come back with the single (older) `error` only: read both.
  const e: DataQueryError | undefined = res.errors?.[0] ?? (res as { error?: DataQueryError }).error;
  if (!e) {
    return undefined;
  }
  const status = e.status ?? 400;
  return new RestateApiError({
    kind: kindOf(status),
    status,
    message: e.message || e.data?.message || `The query of this panel failed (${status}).`,
    request: { method: 'POST', path: 'query' },
  });
}

/** Runs one panel's query on the cluster's data source; rejects with a RestateApiError when the query failed. */
export async function queryOverviewPanel(
  clusterUid: string,
  panel: OverviewPanel,
  range: TimeRange,
  opts: OverviewQueryOptions
): Promise<PanelData> {
  const ds = await getDataSourceSrv().get({ uid: clusterUid });
  const request = overviewRequest(ds, panel, range, opts);
  const res = await lastValueFrom(from(ds.query(request)));
  const error = responseError(res);
  if (error) {
    throw error;
  }
  return { state: LoadingState.Done, series: res.data, timeRange: range, request };
}
