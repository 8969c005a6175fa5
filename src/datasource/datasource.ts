import {
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';
import { runSql } from '../api/sql';
import type { RestateJsonData, RestateQuery } from './types';
import { interpolateSql } from './variables';

/** What a new query starts with: recent invocations, filtered by the dashboard's time range. */
export const DEFAULT_SQL = `SELECT id, target, status, created_at, modified_at
FROM sys_invocation
WHERE $__timeFilter(created_at)
ORDER BY created_at DESC
LIMIT 100`;

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

  applyTemplateVariables(query: RestateQuery, scopedVars: ScopedVars): RestateQuery {
    return { ...query, sql: interpolateSql(query.sql ?? '', scopedVars) };
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

  /** The backend's health check; its "connected, but ..." notes come back as a warning. */
  async testDatasource(): Promise<TestDataSourceResponse> {
    return super.testDatasource();
  }
}
