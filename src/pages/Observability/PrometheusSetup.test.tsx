import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { installDataSourceSrv } from '../../test/dataSourceSrv';
import { installGrafanaFake, setRole } from '../../test/backendSrv';
import { FakeGrafanaDataSources, storedRestateDataSource } from '../../observability/testing/fakeGrafanaDataSources';
import type { ClusterSettings } from '../../hooks/cluster';
import { PrometheusSetup } from './PrometheusSetup';

let grafana: FakeGrafanaDataSources;

const cluster = {
  uid: 'restate-local',
  name: 'Restate local',
  type: 'restatedev-restate-datasource',
  jsonData: { clusterName: 'local', adminUrl: 'http://restate:9070' },
} as unknown as ClusterSettings;

beforeEach(() => {
  grafana = installGrafanaFake(new FakeGrafanaDataSources([storedRestateDataSource(cluster)]));
  installDataSourceSrv({ reload: jest.fn() });
});

describe('PrometheusSetup', () => {
  it('shows the scrape job for :5122/metrics, previews the Prometheus data source and the link, then applies them', async () => {
    setRole('Admin');
    render(<PrometheusSetup cluster={cluster} />);
    expect(screen.getByLabelText('Prometheus scrape job')).toHaveTextContent("targets: ['restate:5122']");
    expect(screen.getByText('not set up')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Prometheus URL/)).toHaveValue('http://prometheus:9090');

    fireEvent.click(screen.getByRole('button', { name: 'Preview metrics changes' }));
    const prom = await screen.findByTestId('change-prometheus-metrics');
    expect(within(prom).getByText('Create Prometheus (Restate local)')).toBeInTheDocument();
    expect(screen.getByTestId('change-restate-metrics')).toHaveTextContent(
      'jsonData.prometheusUid—restate-local-prometheus'
    );
    expect(grafana.store.has('restate-local-prometheus')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Apply metrics changes' }));
    expect(await screen.findByText('Metrics are set up')).toBeInTheDocument();
    expect(grafana.store.get('restate-local-prometheus')).toMatchObject({ type: 'prometheus' });
    expect(grafana.store.get('restate-local')!.jsonData.prometheusUid).toBe('restate-local-prometheus');
  });

  it('sends nothing for a URL that cannot work, and says why', async () => {
    setRole('Admin');
    render(<PrometheusSetup cluster={cluster} />);
    fireEvent.change(screen.getByLabelText(/^Prometheus URL/), { target: { value: 'prometheus:9090' } });
    expect(screen.getByText(/Use http:\/\/ or https:\/\/ in front/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview metrics changes' })).toBeDisabled();
    expect(grafana.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('tells a non-Admin that adding the data source is for admins, with the form disabled', () => {
    setRole('Editor');
    render(<PrometheusSetup cluster={cluster} />);
    expect(screen.getByText('Adding a Prometheus data source is for admins')).toBeInTheDocument();
    expect(screen.getByText(/Creating data sources needs the Admin role/)).toHaveTextContent('you are Editor');
    expect(screen.getByRole('button', { name: 'Preview metrics changes' })).toBeDisabled();
    expect(screen.getByLabelText(/^Prometheus URL/)).toBeDisabled();
  });
});
