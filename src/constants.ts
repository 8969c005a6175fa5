import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** App routes (relative to PLUGIN_BASE_URL). */
export enum ROUTES {
  Overview = 'overview',
  Invocations = 'invocations',
  Services = 'services',
  Deployments = 'deployments',
  Sql = 'sql',
  Observability = 'observability',
  Alerting = 'alerting',
  FlowControl = 'flow-control',
  Kafka = 'kafka',
  State = 'state',
  Invoke = 'invoke',
}

/** Query parameter that names the cluster (Restate data source uid) a page works on, so links can be shared. */
export const CLUSTER_PARAM = 'cluster';
