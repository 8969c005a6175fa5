import {
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';
import type { Observable } from 'rxjs';
import { runSql } from '../api/sql';
import type { RestateJsonData, RestateQuery } from '../model/datasource';
import { interpolateSql } from './variables';

/** What a new query starts with: recent invocations, filtered by the dashboard's time range. */
export const DEFAULT_SQL = `SELECT id, target, status, created_at, modified_at
FROM sys_invocation
WHERE $__timeFilter(created_at)
ORDER BY created_at DESC
LIMIT 100`;

/** What the backend's CheckHealth answers through `/api/datasources/uid/<uid>/health`. */
interface HealthAnswer {
  status?: string;
  message?: string;
  details?: { severity?: unknown; message?: unknown };
}

/**
 * One Restate cluster as a Grafana data source. Queries are Restate SQL, run by the data source's Go backend
 * (pkg/plugin): it expands the time macros, posts the SQL to Restate's `/query` with the token it alone holds
 * and turns Restate's Arrow answer into data frames, so panels, Explore, alert rules and recorded queries
 * all use one path. Template variables are applied here, in the browser, as Grafana's SQL data sources do.
 * "Save & test" is the backend's health check.
 */
export class RestateDataSource extends DataSourceWithBackend<RestateQuery, RestateJsonData> {
  readonly settings: RestateJsonData;

  constructor(instanceSettings: DataSourceInstanceSettings<RestateJsonData>) {
    super(instanceSettings);
    this.settings = instanceSettings.jsonData ?? {};
  }

  getDefaultQuery(): Partial<RestateQuery> {
    return { sql: DEFAULT_SQL };
  }

  /** Grafana skips queries this rejects; an empty editor sends nothing that cannot succeed. */
  filterQuery(query: RestateQuery): boolean {
    return !query.hide && (query.sql ?? '').trim() !== '';
  }

  /** `$__interval` and `$__interval_ms` stay for the backend, which expands them as SQL (an INTERVAL, a number). */
  applyTemplateVariables(query: RestateQuery, scopedVars: ScopedVars): RestateQuery {
    const { __interval, __interval_ms, ...vars } = scopedVars ?? {};
    return { ...query, sql: interpolateSql(query.sql ?? '', vars) };
  }

  /** Filters here too: the app's pages and scripts call query() without Grafana's query runner. */
  query(request: DataQueryRequest<RestateQuery>): Observable<DataQueryResponse> {
    return super.query({ ...request, targets: request.targets.filter((t) => this.filterQuery(t)) });
  }

  /**
   * Values of a dashboard query variable: the first column of the SQL's rows
   * (or `__value`/`__text` columns when the query names them).
   */
  async metricFindQuery(
    query: RestateQuery | string,
    options?: { scopedVars?: ScopedVars; range?: { from: { valueOf(): number }; to: { valueOf(): number } } }
  ): Promise<MetricFindValue[]> {
    const q: RestateQuery = typeof query === 'string' ? { refId: 'variable', sql: query } : query;
    if (!this.filterQuery(q)) {
      return [];
    }
    const range = options?.range ? { from: options.range.from.valueOf(), to: options.range.to.valueOf() } : undefined;
    const rows = await runSql(this.uid, this.applyTemplateVariables(q, options?.scopedVars ?? {}).sql, { range });
    return rows.map((row) => {
      const first = Object.values(row)[0];
      const value = row.__value ?? first;
      const text = row.__text ?? value;
      return { text: String(text ?? ''), value: typeof value === 'number' ? value : String(value ?? '') };
    });
  }

  /**
   * "Save & test": the backend's CheckHealth (reachability, token, Restate version and admin API range, the
   * URLs). Its "connected, but ..." notes (`details: {severity: 'warning', message}`) are shown as a warning.
   */
  async testDatasource(): Promise<TestDataSourceResponse> {
    const res: HealthAnswer | undefined = await this.callHealthCheck();
    const message = res?.message ?? 'The health check gave no answer.';
    if (res?.status !== 'OK') {
      return { status: 'error', message };
    }
    const { severity, message: notes } = res.details ?? {};
    return severity === 'warning' && typeof notes === 'string'
      ? { status: 'warning', message, details: { message: notes } }
      : { status: 'success', message };
  }
}
