import {
  DataSourceApi,
  LoadingState,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { checkConnection } from '../api/cluster';
import { isRestateApiError } from '../api/errors';
import { rowsToFrame, runSql } from '../api/sql';
import { expandMacros, MacroError, type MacroTimeRange } from './macros';
import type { RestateJsonData, RestateQuery } from '../model/datasource';
import { interpolateSql } from './variables';

/** What a new query starts with: recent invocations, filtered by the dashboard's time range. */
export const DEFAULT_SQL = `SELECT id, target, status, created_at, modified_at
FROM sys_invocation
WHERE $__timeFilter(created_at)
ORDER BY created_at DESC
LIMIT 100`;

function errorMessage(e: unknown): string {
  if (isRestateApiError(e) || e instanceof MacroError || e instanceof Error) {
    return e.message;
  }
  return String(e);
}

/**
 * One Restate cluster as a Grafana data source. `query()` runs Restate SQL (DataFusion over `POST /query`,
 * through Grafana's proxy) and returns one data frame per query, so introspection tables can be shown in
 * panels and Explore; "Save & test" checks the connection (src/api/cluster.ts).
 */
export class RestateDataSource extends DataSourceApi<RestateQuery, RestateJsonData> {
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

  /** The SQL sent to Restate for one query: variables first (a column may be a variable), then time macros. */
  expandQuery(query: RestateQuery, scopedVars: ScopedVars, range: MacroTimeRange): string {
    return expandMacros(this.applyTemplateVariables(query, scopedVars).sql, range);
  }

  async query(request: DataQueryRequest<RestateQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.filter((t) => this.filterQuery(t));
    const results = await Promise.all(
      targets.map(async (target): Promise<DataFrame | DataQueryError | undefined> => {
        let sql: string | undefined;
        try {
          sql = this.expandQuery(target, request.scopedVars, request.range);
          // One id per panel and query: a newer run of the same query cancels the one still in flight.
          const rows = await runSql(this.uid, sql, { requestId: `${request.requestId}_${target.refId}` });
          const frame = rowsToFrame(rows, { refId: target.refId });
          return { ...frame, meta: { ...frame.meta, executedQueryString: sql, preferredVisualisationType: 'table' } };
        } catch (e) {
          if (isRestateApiError(e) && e.cancelled) {
            // A newer run of this query replaced it; Grafana shows that one.
            return undefined;
          }
          return {
            refId: target.refId,
            message: errorMessage(e),
            status: isRestateApiError(e) ? e.status : undefined,
          };
        }
      })
    );
    const data = results.filter((r): r is DataFrame => r !== undefined && 'fields' in r);
    const errors = results.filter((r): r is DataQueryError => r !== undefined && !('fields' in r));
    return errors.length > 0 ? { data, errors, state: LoadingState.Error } : { data, state: LoadingState.Done };
  }

  /**
   * Values of a dashboard query variable: the first column of the SQL's rows
   * (or `__value`/`__text` columns when the query names them).
   */
  async metricFindQuery(
    query: RestateQuery | string,
    options?: { scopedVars?: ScopedVars; range?: MacroTimeRange }
  ): Promise<MetricFindValue[]> {
    const q: RestateQuery = typeof query === 'string' ? { refId: 'variable', sql: query } : query;
    if (!this.filterQuery(q)) {
      return [];
    }
    const range = options?.range ?? { from: Date.now() - 3600_000, to: Date.now() };
    const rows = await runSql(this.uid, this.expandQuery(q, options?.scopedVars ?? {}, range));
    return rows.map((row) => {
      const first = Object.values(row)[0];
      const value = row.__value ?? first;
      const text = row.__text ?? value;
      return { text: String(text ?? ''), value: typeof value === 'number' ? value : String(value ?? '') };
    });
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    const { status, message, details } = await checkConnection(this.uid, this.settings);
    return { status, message, details };
  }
}
