/*
 * The "Restate metrics" dashboard (src/dashboards/restate-metrics.json): the Prometheus metrics an operator of a
 * self-hosted Restate watches, read from what restate-server 1.7.12 serves on its node port (5122) at /metrics. A
 * recorded sample is src/api/__fixtures__/metrics/restate-1.7.12-node-metrics.txt; the dashboard test checks that
 * every metric named here is in it, and tests/integration/metrics.test.ts checks them against a running server.
 * Latencies are summaries (quantile labels 0.5, 0.9, 0.99, 1), so the queries read quantiles, not histograms.
 */

export interface MetricsTarget {
  refId: string;
  expr: string;
  legendFormat: string;
}

export interface MetricsPanel {
  title: string;
  description: string;
  type: 'timeseries' | 'stat';
  unit: string;
  targets: MetricsTarget[];
  gridPos: { x: number; y: number; w: number; h: number };
}

const t = (refId: string, expr: string, legendFormat: string): MetricsTarget => ({ refId, expr, legendFormat });

export const METRICS_PANELS: MetricsPanel[] = [
  // Ingress throughput and latency.
  {
    title: 'Ingress requests by status',
    description: 'Requests per second to the ingress, by outcome (admitted, completed, invocation_error, ...).',
    type: 'timeseries',
    unit: 'reqps',
    targets: [t('A', 'sum by (status) (rate(restate_ingress_requests_total[$__rate_interval]))', '{{status}}')],
    gridPos: { x: 0, y: 0, w: 12, h: 8 },
  },
  {
    title: 'Ingress requests by service',
    description: 'Completed ingress requests per second, by service.',
    type: 'timeseries',
    unit: 'reqps',
    targets: [
      t(
        'A',
        'sum by (rpc_service) (rate(restate_ingress_requests_total{status="completed"}[$__rate_interval]))',
        '{{rpc_service}}'
      ),
    ],
    gridPos: { x: 12, y: 0, w: 12, h: 8 },
  },
  {
    title: 'Ingress latency p99 by service',
    description: "99th percentile of the ingress's request processing time, by service (a summary's quantile).",
    type: 'timeseries',
    unit: 's',
    targets: [
      t('A', 'max by (rpc_service) (restate_ingress_request_duration_seconds{quantile="0.99"})', '{{rpc_service}} p99'),
      t('B', 'max by (rpc_service) (restate_ingress_request_duration_seconds{quantile="0.5"})', '{{rpc_service}} p50'),
    ],
    gridPos: { x: 0, y: 8, w: 12, h: 8 },
  },
  // Invocations as the invoker runs them.
  {
    title: 'Invoker tasks by status',
    description: 'Invocation attempts per second the invoker started, completed, suspended or failed.',
    type: 'timeseries',
    unit: 'ops',
    targets: [t('A', 'sum by (status) (rate(restate_invoker_invocation_tasks_total[$__rate_interval]))', '{{status}}')],
    gridPos: { x: 12, y: 8, w: 12, h: 8 },
  },
  {
    title: 'Invocation attempt latency',
    description: 'Time an invoker task (one attempt of an invocation) takes, p50 and p99.',
    type: 'timeseries',
    unit: 's',
    targets: [
      t('A', 'max(restate_invoker_task_duration_seconds{quantile="0.99"})', 'p99'),
      t('B', 'max(restate_invoker_task_duration_seconds{quantile="0.5"})', 'p50'),
    ],
    gridPos: { x: 0, y: 16, w: 12, h: 8 },
  },
  {
    title: 'Invoker concurrency in use',
    description: 'Concurrency slots held by running invocation attempts.',
    type: 'timeseries',
    unit: 'short',
    targets: [
      t(
        'A',
        'sum by (node_name) (restate_invoker_concurrency_slots_acquired - restate_invoker_concurrency_slots_released)',
        '{{node_name}}'
      ),
    ],
    gridPos: { x: 12, y: 16, w: 12, h: 8 },
  },
  // Partition processor health.
  {
    title: 'Partitions running / leading / total',
    description: 'Partition processors started on the nodes, those leading, and partitions in the partition table.',
    type: 'stat',
    unit: 'short',
    targets: [
      t('A', 'sum(restate_num_active_partitions)', 'running'),
      t('B', 'sum(restate_num_active_partition_leaders)', 'leading'),
      t('C', 'max(restate_num_partitions)', 'partitions'),
    ],
    gridPos: { x: 0, y: 24, w: 8, h: 8 },
  },
  {
    title: 'Partition applied LSN lag',
    description: 'Records between the log tail and what partition processors applied (max quantile across partitions).',
    type: 'timeseries',
    unit: 'short',
    targets: [t('A', 'max by (node_name) (restate_partition_applied_lsn_lag{quantile="1.0"})', '{{node_name}}')],
    gridPos: { x: 8, y: 24, w: 8, h: 8 },
  },
  {
    title: 'Log commit to apply latency p99',
    description: 'Time from a record being committed to the log to a partition processor reading it.',
    type: 'timeseries',
    unit: 's',
    targets: [
      t(
        'A',
        'max by (node_name) (restate_partition_record_committed_to_read_latency_seconds{quantile="0.99"})',
        '{{node_name}}'
      ),
    ],
    gridPos: { x: 16, y: 24, w: 8, h: 8 },
  },
  {
    title: 'Storage writes stopped',
    description: 'RocksDB databases that stopped accepting writes (1), e.g. from a write stall; should stay 0.',
    type: 'timeseries',
    unit: 'short',
    targets: [t('A', 'max by (node_name, db) (restate_rocksdb_is_write_stopped)', '{{node_name}} {{db}}')],
    gridPos: { x: 0, y: 32, w: 24, h: 6 },
  },
];

/** The metric names a PromQL expression reads (Restate's are all `restate_…`). */
export function metricNames(expr: string): string[] {
  return [...new Set(expr.match(/\brestate_[a-z0-9_]+/g) ?? [])];
}
