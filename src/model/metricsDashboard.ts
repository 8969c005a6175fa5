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

/** A query of a panel: its PromQL and legend. refIds go A, B, C… in order. */
type Query = [expr: string, legendFormat: string];

/** A panel as written below: its place on the grid comes from its row. */
interface PanelSpec {
  title: string;
  description: string;
  /** Timeseries unless said. */
  type?: MetricsPanel['type'];
  unit: string;
  queries: Query[];
}

/** p99 and p50 of a summary metric, `max` across what `by` does not name (everything without it). */
function p99p50(metric: string, by?: string): Query[] {
  return [
    ['0.99', 'p99'],
    ['0.5', 'p50'],
  ].map(([q, name]) => [`max${by ? ` by (${by}) ` : ''}(${metric}{quantile="${q}"})`, by ? `{{${by}}} ${name}` : name]);
}

/** Rows of `h` grid units, one under the other, each split evenly over Grafana's 24 columns. */
function layout(rows: Array<{ h: number; panels: PanelSpec[] }>): MetricsPanel[] {
  let y = 0;
  return rows.flatMap(({ h, panels }) => {
    const w = 24 / panels.length;
    const row = panels.map(({ title, description, type = 'timeseries', unit, queries }, i) => ({
      title,
      description,
      type,
      unit,
      targets: queries.map(([expr, legendFormat], j) => ({ refId: String.fromCharCode(65 + j), expr, legendFormat })),
      gridPos: { x: i * w, y, w, h },
    }));
    y += h;
    return row;
  });
}

export const METRICS_PANELS: MetricsPanel[] = layout([
  {
    h: 8,
    panels: [
      // Ingress throughput and latency.
      {
        title: 'Ingress requests by status',
        description: 'Requests per second to the ingress, by outcome (admitted, completed, invocation_error, ...).',
        unit: 'reqps',
        queries: [['sum by (status) (rate(restate_ingress_requests_total[$__rate_interval]))', '{{status}}']],
      },
      {
        title: 'Ingress requests by service',
        description: 'Completed ingress requests per second, by service.',
        unit: 'reqps',
        queries: [
          [
            'sum by (rpc_service) (rate(restate_ingress_requests_total{status="completed"}[$__rate_interval]))',
            '{{rpc_service}}',
          ],
        ],
      },
    ],
  },
  {
    h: 8,
    panels: [
      {
        title: 'Ingress latency p99 by service',
        description: "99th percentile of the ingress's request processing time, by service (a summary's quantile).",
        unit: 's',
        queries: p99p50('restate_ingress_request_duration_seconds', 'rpc_service'),
      },
      // Invocations as the invoker runs them.
      {
        title: 'Invoker tasks by status',
        description: 'Invocation attempts per second the invoker started, completed, suspended or failed.',
        unit: 'ops',
        queries: [['sum by (status) (rate(restate_invoker_invocation_tasks_total[$__rate_interval]))', '{{status}}']],
      },
    ],
  },
  {
    h: 8,
    panels: [
      {
        title: 'Invocation attempt latency',
        description: 'Time an invoker task (one attempt of an invocation) takes, p50 and p99.',
        unit: 's',
        queries: p99p50('restate_invoker_task_duration_seconds'),
      },
      {
        title: 'Invoker concurrency in use',
        description: 'Concurrency slots held by running invocation attempts.',
        unit: 'short',
        queries: [
          [
            'sum by (node_name) (restate_invoker_concurrency_slots_acquired - restate_invoker_concurrency_slots_released)',
            '{{node_name}}',
          ],
        ],
      },
    ],
  },
  {
    h: 8,
    panels: [
      // Partition processor health.
      {
        title: 'Partitions running / leading / total',
        description: 'Partition processors started on the nodes, those leading, and partitions in the partition table.',
        type: 'stat',
        unit: 'short',
        queries: [
          ['sum(restate_num_active_partitions)', 'running'],
          ['sum(restate_num_active_partition_leaders)', 'leading'],
          ['max(restate_num_partitions)', 'partitions'],
        ],
      },
      {
        title: 'Partition applied LSN lag',
        description:
          'Records between the log tail and what partition processors applied (max quantile across partitions).',
        unit: 'short',
        queries: [['max by (node_name) (restate_partition_applied_lsn_lag{quantile="1.0"})', '{{node_name}}']],
      },
      {
        title: 'Log commit to apply latency p99',
        description: 'Time from a record being committed to the log to a partition processor reading it.',
        unit: 's',
        queries: [
          [
            'max by (node_name) (restate_partition_record_committed_to_read_latency_seconds{quantile="0.99"})',
            '{{node_name}}',
          ],
        ],
      },
    ],
  },
  {
    h: 6,
    panels: [
      {
        title: 'Storage writes stopped',
        description: 'RocksDB databases that stopped accepting writes (1), e.g. from a write stall; should stay 0.',
        unit: 'short',
        queries: [['max by (node_name, db) (restate_rocksdb_is_write_stopped)', '{{node_name}} {{db}}']],
      },
    ],
  },
]);

/** The metric names a PromQL expression reads (Restate's are all `restate_…`). */
export function metricNames(expr: string): string[] {
  return [...new Set(expr.match(/\brestate_[a-z0-9_]+/g) ?? [])];
}
