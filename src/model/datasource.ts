import type { DataQuery, DataSourceJsonData } from '@grafana/schema';

/** The Restate data source's plugin id (the `id` of src/datasource/plugin.json; datasource.test.ts keeps them equal). */
export const DATASOURCE_TYPE = 'restatedev-restate-datasource';

/** Settings of one Restate cluster, stored by Grafana as the data source's jsonData. */
export interface RestateJsonData extends DataSourceJsonData {
  /** Human name of the cluster; also the `sts:ExternalId` Restate Cloud uses when assuming a Lambda role. */
  clusterName?: string;
  /** Admin API base URL, e.g. http://localhost:9070 (no trailing slash, no path). */
  adminUrl?: string;
  /** Ingress base URL, e.g. http://localhost:8080 (no trailing slash, no path). */
  ingressUrl?: string;
  /** uid of the Loki data source holding this cluster's logs. */
  lokiUid?: string;
  /** uid of the Tempo data source holding this cluster's traces. */
  tempoUid?: string;
  /** uid of the Prometheus data source scraping this cluster's metrics (self-hosted, :5122/metrics). */
  prometheusUid?: string;
  /** LogQL stream selector of this cluster's Restate logs. */
  logSelector?: string;
  /** AWS principal Restate assumes before your Lambda role (Restate Cloud). */
  awsPrincipal?: string;
  /** Seconds the backend waits for Restate per request (1 to 600; unset: 60), as Grafana's HTTP data sources name it. */
  timeout?: number;
}

/** Secrets of one Restate cluster: Grafana keeps them encrypted and only the proxy reads them. */
export interface RestateSecureJsonData {
  token?: string;
}

/** A panel/Explore query: Restate SQL. */
export interface RestateQuery extends DataQuery {
  sql: string;
}

export const DEFAULT_LOG_SELECTOR = '{kubernetes_container_name="restate"}';
