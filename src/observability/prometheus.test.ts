import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { LOCAL_PROMETHEUS, PROMETHEUS_PROVISIONING_FILE, renderLocalPrometheusFile } from './prometheusFiles';
import {
  applyPrometheus,
  buildPrometheus,
  metricsTarget,
  planPrometheus,
  previewPrometheus,
  prometheusFileName,
  prometheusUrlProblem,
  renderPrometheusYaml,
  scrapeJobYaml,
  type PrometheusCluster,
} from './prometheus';
import { FakeGrafanaDataSources, storedRestateDataSource } from './testing/fakeGrafanaDataSources';
import { loadDataSourceEntry } from './provisioningValues';
import { installGrafanaFake } from '../test/backendSrv';

const restateDs = storedRestateDataSource(
  {
    uid: 'restate-prod',
    name: 'Restate prod',
    jsonData: { clusterName: 'prod', adminUrl: 'http://restate.internal:9070', lokiUid: 'restate-prod-loki' },
  },
  { token: 'restate-token' }
);

const cluster: PrometheusCluster = {
  name: 'prod',
  restateUid: 'restate-prod',
  prometheusUrl: 'http://prometheus:9090',
};

let grafana: FakeGrafanaDataSources;
beforeEach(() => {
  grafana = installGrafanaFake(new FakeGrafanaDataSources([restateDs]));
});

describe('the Prometheus model', () => {
  it('is a proxy Prometheus data source with a uid derived from the cluster name and the scrape interval', () => {
    expect(buildPrometheus(cluster)).toEqual({
      name: 'Prometheus (Restate prod)',
      uid: 'restate-prod-prometheus',
      type: 'prometheus',
      access: 'proxy',
      url: 'http://prometheus:9090',
      jsonData: { httpMethod: 'POST', timeInterval: '15s' },
    });
    expect(buildPrometheus({ ...cluster, prometheusUid: 'mine', scrapeInterval: '30s' })).toMatchObject({
      uid: 'mine',
      jsonData: { timeInterval: '30s' },
    });
  });

  it('scrapes a node on port 5122 at /metrics, on the admin URL host', () => {
    expect(metricsTarget('http://restate.internal:9070')).toBe('restate.internal:5122');
    expect(metricsTarget('http://[::1]:9070')).toBe('[::1]:5122');
    expect(metricsTarget(undefined)).toBe('restate:5122');
    expect(parse(scrapeJobYaml('restate:5122'))).toEqual({
      scrape_configs: [
        { job_name: 'restate', metrics_path: '/metrics', static_configs: [{ targets: ['restate:5122'] }] },
      ],
    });
  });

  it('explains a URL that cannot work', () => {
    expect(prometheusUrlProblem('')).toMatch(/Enter the URL of your Prometheus/);
    expect(prometheusUrlProblem('prometheus:9090')).toMatch(/http:\/\/ or https:\/\//);
    expect(prometheusUrlProblem('ftp://x')).toMatch(/got ftp/);
    expect(prometheusUrlProblem('http://u:p@prom:9090')).toMatch(/basic auth/);
    expect(prometheusUrlProblem('http://prometheus:9090')).toBeUndefined();
  });

  it('renders a provisioning file Grafana loads to exactly the model', () => {
    const text = renderPrometheusYaml(cluster, 'comment');
    expect(text.startsWith('# comment\n')).toBe(true);
    const doc = parse(text);
    expect(doc.apiVersion).toBe(1);
    expect(doc.datasources.map((d: Record<string, unknown>) => loadDataSourceEntry(d, { env: {} }))).toEqual([
      buildPrometheus(cluster),
    ]);
    expect(prometheusFileName(cluster)).toBe('restate-prod-prometheus.yaml');
  });
});

describe('the metrics set-up', () => {
  it('previews creating Prometheus and linking it, then does exactly that, and a second run changes nothing', async () => {
    const plan = await previewPrometheus(cluster);
    expect(plan.changes.map((c) => [c.role, c.action, c.uid])).toEqual([
      ['prometheus', 'create', 'restate-prod-prometheus'],
      ['restate', 'update', 'restate-prod'],
    ]);
    expect(plan.changes[1].diff).toEqual([
      { path: 'jsonData.prometheusUid', kind: 'added', after: 'restate-prod-prometheus' },
    ]);
    await applyPrometheus(plan);
    expect(grafana.store.get('restate-prod-prometheus')).toMatchObject({
      type: 'prometheus',
      url: 'http://prometheus:9090',
    });
    const restate = grafana.store.get('restate-prod')!;
    // Only the link changed: the token and the other links stay.
    expect(restate.jsonData).toEqual({ ...restateDs.jsonData, prometheusUid: 'restate-prod-prometheus' });
    expect(restate.secureJsonData).toEqual({ token: 'restate-token' });

    const again = await previewPrometheus(cluster);
    expect(again.changes.map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('updates the URL of the Prometheus it made and keeps settings added by hand', async () => {
    await applyPrometheus(await previewPrometheus(cluster));
    const stored = grafana.store.get('restate-prod-prometheus')!;
    grafana.put({ ...stored, jsonData: { ...stored.jsonData, manageAlerts: false } });
    const plan = await previewPrometheus({ ...cluster, prometheusUrl: 'http://prom2:9090' });
    expect(plan.changes[0].action).toBe('update');
    expect(plan.changes[0].diff).toEqual([
      { path: 'url', kind: 'changed', before: 'http://prometheus:9090', after: 'http://prom2:9090' },
    ]);
    await applyPrometheus(plan);
    expect(grafana.store.get('restate-prod-prometheus')!.jsonData).toMatchObject({
      manageAlerts: false,
      httpMethod: 'POST',
    });
  });

  it('refuses to write over a data source of another type, or one provisioned from a file', () => {
    const loki = { ...restateDs, uid: 'restate-prod-prometheus', name: 'x', type: 'loki' };
    const blocked = planPrometheus(cluster, { prometheus: loki, restate: restateDs });
    expect(blocked.changes[0].blocked).toMatch(/is of type loki, not prometheus/);
    expect(() => applyPrometheus(blocked)).rejects.toThrow(/is of type loki/);
    const provisioned = { ...buildPrometheus(cluster), name: 'P', url: 'http://old:9090', readOnly: true };
    expect(planPrometheus(cluster, { prometheus: provisioned, restate: restateDs }).changes[0].blocked).toMatch(
      /provisioned from a file/
    );
  });

  it('creates the Prometheus but leaves the link to the file when the Restate data source is provisioned', () => {
    const plan = planPrometheus(cluster, { restate: { ...restateDs, readOnly: true } });
    expect(plan.changes.map((c) => [c.role, c.action])).toEqual([['prometheus', 'create']]);
    expect(plan.warnings).toEqual([expect.stringContaining('add jsonData.prometheusUid: restate-prod-prometheus')]);
  });

  it('says when the Restate data source is gone', () => {
    expect(() => planPrometheus(cluster, {})).toThrow(/restate-prod was not found/);
  });
});

describe('the local stack', () => {
  const ROOT = path.resolve(__dirname, '../..');
  const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

  it('provisions the Prometheus of docker-compose from the model (run node scripts/gen-provisioning.mjs)', () => {
    expect(read(`provisioning/datasources/${PROMETHEUS_PROVISIONING_FILE}`)).toBe(renderLocalPrometheusFile());
  });

  it("scrapes the restate service's :5122/metrics with the job the app shows, at the provisioned interval", () => {
    const config = parse(read('docker/prometheus.yml'));
    expect(config.scrape_configs).toEqual(parse(scrapeJobYaml('restate:5122')).scrape_configs);
    expect(config.global.scrape_interval).toBe(LOCAL_PROMETHEUS.scrapeInterval);
  });

  it('points the data source at the compose service prometheus on the port it publishes', () => {
    const compose = parse(read('docker-compose.yaml'));
    const svc = compose.services.prometheus;
    expect(svc.volumes).toContain('./docker/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    const url = new URL(LOCAL_PROMETHEUS.prometheusUrl);
    expect(url.hostname).toBe('prometheus');
    expect(svc.ports).toContain(`${url.port}:${url.port}`);
    expect(compose.services.grafana.depends_on.prometheus).toEqual({ condition: 'service_healthy' });
  });
});
