import { dataSourceUrlProblem, derivedUid, type DataSourceDefinition, slugify } from './model';
import { provisioningDocument, provisioningEntry } from './yaml';

/**
 * Restate's metrics in Grafana, for self-hosted clusters: every Restate node serves Prometheus metrics on its node
 * port (5122) at `/metrics`; a Prometheus server the user runs scrapes it (docker/prometheus.yml does for the local
 * stack), and Grafana reads that Prometheus. One model gives the provisioning YAML, the app's "Set up metrics"
 * preview/apply and the tests, as the Loki/Tempo one does (model.ts, setup.ts, yaml.ts).
 */

/** Where a Restate node serves its metrics, and the scrape job a Prometheus needs for it. */
export const RESTATE_METRICS_PORT = 5122;
export const RESTATE_METRICS_PATH = '/metrics';

export interface PrometheusCluster {
  /** Cluster name: names the data source and derives its uid. */
  name: string;
  /** uid of the cluster's Restate data source. */
  restateUid: string;
  /** The Prometheus server's URL as Grafana's server reaches it, e.g. http://prometheus:9090. */
  prometheusUrl: string;
  prometheusUid?: string;
  /** Prometheus's scrape interval (Grafana's "Scrape interval" setting, the floor of $__rate_interval). */
  scrapeInterval?: string;
}

export const DEFAULT_SCRAPE_INTERVAL = '15s';

export function prometheusUidOf(c: PrometheusCluster): string {
  return c.prometheusUid || derivedUid(c.name, 'prometheus');
}

/** The Prometheus data source of a cluster, as provisioning files and `POST /api/datasources` take it. */
export function buildPrometheus(c: PrometheusCluster): DataSourceDefinition {
  return {
    name: `Prometheus (Restate ${c.name})`,
    uid: prometheusUidOf(c),
    type: 'prometheus',
    access: 'proxy',
    url: c.prometheusUrl,
    // Field names: public/app/plugins/datasource/prometheus (packages/grafana-prometheus PromOptions).
    jsonData: { httpMethod: 'POST', timeInterval: c.scrapeInterval || DEFAULT_SCRAPE_INTERVAL },
  };
}

/** A Prometheus scrape job for a Restate node's metrics (prometheus.yml `scrape_configs` entry). */
export function scrapeJobYaml(target: string): string {
  return [
    'scrape_configs:',
    '  - job_name: restate',
    `    metrics_path: ${RESTATE_METRICS_PATH}`,
    '    static_configs:',
    `      - targets: ['${target}']`,
  ].join('\n');
}

/** A node's `host:5122` for the scrape job, from the cluster's admin URL (same host). */
export function metricsTarget(adminUrl: string | undefined): string {
  try {
    // URL.hostname keeps an IPv6 address in brackets.
    const host = adminUrl ? new URL(adminUrl).hostname : '';
    return `${host || 'restate'}:${RESTATE_METRICS_PORT}`;
  } catch {
    return `restate:${RESTATE_METRICS_PORT}`;
  }
}

/** Why a Prometheus URL cannot work, or undefined when it can. */
export function prometheusUrlProblem(url: string): string | undefined {
  return dataSourceUrlProblem(url, {
    empty: 'Enter the URL of your Prometheus server, e.g. http://prometheus:9090',
    credentials: 'set basic auth on the data source instead',
    scheme: 'http',
    example: 'http://prometheus:9090',
  });
}

/** The provisioning file (apiVersion 1) of a cluster's Prometheus data source. */
export function renderPrometheusYaml(c: PrometheusCluster, comment?: string): string {
  return provisioningDocument({ apiVersion: 1, datasources: [provisioningEntry(buildPrometheus(c))] }, comment);
}

export function prometheusFileName(c: PrometheusCluster): string {
  return `restate-${slugify(c.name) || 'cluster'}-prometheus.yaml`;
}
