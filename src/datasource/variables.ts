import type { ScopedVars } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { sqlEscape, sqlString } from '../api/sqlLiteral';

/**
 * How a dashboard variable's value is written into SQL, as Grafana's own SQL data sources do
 * (grafana/grafana public/app/features/plugins/sql/datasource/SqlDatasource.ts, `interpolateVariable`):
 * a multi-value or "All" variable becomes a comma-separated list of quoted literals, ready for `IN ($var)`;
 * a single value only has its quotes escaped, so it can be written inside quotes (`'$var'`) or as a number.
 */
export function formatSqlVariable(
  value: string | string[] | number,
  variable: { multi?: boolean; includeAll?: boolean }
): string | number {
  if (typeof value === 'string') {
    return variable.multi || variable.includeAll ? sqlString(value) : sqlEscape(value);
  }
  if (Array.isArray(value)) {
    return value.map((v) => sqlString(String(v))).join(',');
  }
  return value;
}

/** Replaces dashboard and scoped variables in a SQL query. */
export function interpolateSql(sql: string, scopedVars?: ScopedVars): string {
  return getTemplateSrv().replace(sql, scopedVars, formatSqlVariable);
}
