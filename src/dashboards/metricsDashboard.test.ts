import fs from 'node:fs';
import path from 'node:path';
import dashboard from './restate-metrics.json';
import pluginJson from '../plugin.json';
import { METRICS_PANELS, metricNames } from '../model/metricsDashboard';

// What restate-server 1.7.12 serves on its node port at /metrics (one line per metric name, HELP and TYPE kept),
// recorded from a harness server; tests/integration/metrics.test.ts checks the names against a running one.
const SAMPLE = fs.readFileSync(
  path.join(__dirname, '../api/__fixtures__/metrics/restate-1.7.12-node-metrics.txt'),
  'utf8'
);

/** Metric names of a Prometheus text exposition, summaries and histograms under their base name too. */
function exposed(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = line.match(/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) /) ?? line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/);
    if (m) {
      names.add(m[1]);
    }
  }
  return names;
}

describe('Restate metrics dashboard', () => {
  it('is included by the app', () => {
    expect(pluginJson.includes).toContainEqual({
      type: 'dashboard',
      name: 'Restate metrics',
      path: 'dashboards/restate-metrics.json',
    });
  });

  it('queries a Prometheus data source chosen by a variable in every panel', () => {
    const v = dashboard.templating.list.find((x) => x.name === 'datasource')!;
    expect(v).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const p of dashboard.panels) {
      expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets.every((t) => t.datasource.uid === '${datasource}')).toBe(true);
    }
  });

  it('has the panels and PromQL of src/model/metricsDashboard.ts', () => {
    expect(dashboard.panels.map((p) => p.title)).toEqual(METRICS_PANELS.map((p) => p.title));
    METRICS_PANELS.forEach((m, i) => {
      const p = dashboard.panels[i];
      expect(p.type).toBe(m.type);
      expect(p.gridPos).toEqual(m.gridPos);
      expect(p.fieldConfig.defaults.unit).toBe(m.unit);
      expect(p.targets.map((t) => ({ refId: t.refId, expr: t.expr, legendFormat: t.legendFormat }))).toEqual(m.targets);
    });
  });

  it('covers ingress throughput and latency, invocation latency and partition processor health', () => {
    const all = METRICS_PANELS.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr)));
    expect(all).toEqual(
      expect.arrayContaining([
        'restate_ingress_requests_total',
        'restate_ingress_request_duration_seconds',
        'restate_invoker_task_duration_seconds',
        'restate_num_active_partitions',
        'restate_partition_applied_lsn_lag',
      ])
    );
  });

  it('names only metrics a real restate-server exposes (recorded sample)', () => {
    const names = exposed(SAMPLE);
    expect(names.size).toBeGreaterThan(100);
    const missing = METRICS_PANELS.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr))).filter(
      (n) => !names.has(n)
    );
    expect(missing).toEqual([]);
  });

  it('reads summary quantiles that the server labels (0.5, 0.99, 1.0)', () => {
    for (const p of METRICS_PANELS) {
      for (const t of p.targets) {
        for (const [, name, q] of t.expr.matchAll(/(restate_[a-z0-9_]+)\{quantile="([0-9.]+)"\}/g)) {
          expect(SAMPLE).toMatch(new RegExp(`^# TYPE ${name} (summary|gauge)`, 'm'));
          expect(['0.5', '0.9', '0.99', '1', '1.0']).toContain(q);
        }
      }
    }
  });

  it('extracts metric names from PromQL', () => {
    expect(metricNames('sum(rate(restate_a_total[5m])) / restate_b')).toEqual(['restate_a_total', 'restate_b']);
  });
});
