import { getDataSourceByUid, type GrafanaDataSource } from './grafanaApi';
import type { DataSourceDefinition } from './model';
import { buildPrometheus, prometheusUidOf, type PrometheusCluster } from './prometheusModel';
import { dataSourceChange, type DataSourceChange, sendDataSourceChanges } from './setup';

export * from './prometheusModel';

/** "Set up metrics": the plan of changes to Grafana's data sources (see prometheusModel.ts for the model). */

export type PrometheusChange = Omit<DataSourceChange, 'role'> & { role: 'prometheus' | 'restate' };

export interface PrometheusPlan {
  changes: PrometheusChange[];
  /** What the set-up leaves to the user (e.g. the link of a Restate data source provisioned from a file). */
  warnings: string[];
}

/** The changes a metrics set-up would make, given what exists. Pure: the preview and the tests use it. */
export function planPrometheus(
  c: PrometheusCluster,
  existing: { prometheus?: GrafanaDataSource; restate?: GrafanaDataSource }
): PrometheusPlan {
  const restate = existing.restate;
  if (!restate) {
    throw new Error(`The Restate data source ${c.restateUid} was not found: it may have been deleted.`);
  }
  const desired = buildPrometheus(c);
  // The Restate data source only gets the link: its url, token and everything else stay.
  const link: DataSourceDefinition = {
    name: restate.name,
    uid: restate.uid,
    type: restate.type,
    access: 'proxy',
    url: restate.url,
    jsonData: { prometheusUid: desired.uid },
  };
  const linkChange = dataSourceChange('restate', restate, link);
  if (restate.readOnly && linkChange.diff.length > 0) {
    // A provisioned Restate data source cannot take the link through the API; the Prometheus works without it.
    return {
      changes: [dataSourceChange('prometheus', existing.prometheus, desired)],
      warnings: [
        `${restate.name} is provisioned from a file, so it is not linked to the Prometheus data source: add ` +
          `jsonData.prometheusUid: ${desired.uid} to its provisioning file to show the link here.`,
      ],
    };
  }
  return { changes: [dataSourceChange('prometheus', existing.prometheus, desired), linkChange], warnings: [] };
}

export async function previewPrometheus(c: PrometheusCluster): Promise<PrometheusPlan> {
  const [prometheus, restate] = await Promise.all([
    getDataSourceByUid(prometheusUidOf(c)),
    getDataSourceByUid(c.restateUid),
  ]);
  return planPrometheus(c, { prometheus, restate });
}

/** Sends the plan: Prometheus first (the Restate data source must not link to a uid that does not exist yet). */
export function applyPrometheus(plan: PrometheusPlan) {
  return sendDataSourceChanges(plan.changes);
}
