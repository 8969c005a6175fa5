import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { installDataSourceSrv } from '../../test/dataSourceSrv';
import { setRole, installGrafanaFake } from '../../test/backendSrv';
import { FakeGrafanaDataSources, storedRestateDataSource } from '../../observability/testing/fakeGrafanaDataSources';
import type { ClusterSettings } from '../../hooks/cluster';
import { ObservabilitySetup } from './ObservabilitySetup';
import { settle } from '../../test/render';

let grafana: FakeGrafanaDataSources;

const cluster = {
  uid: 'restate-prod',
  name: 'Restate prod',
  type: 'restatedev-restate-datasource',
  jsonData: {
    clusterName: 'prod',
    adminUrl: 'https://prod.dev.restate.cloud:9070',
    ingressUrl: 'https://prod.dev.restate.cloud:8080',
  },
} as unknown as ClusterSettings;

beforeEach(() => {
  grafana = installGrafanaFake(new FakeGrafanaDataSources([storedRestateDataSource(cluster)]));
  installDataSourceSrv({ reload: jest.fn() });
});

describe('ObservabilitySetup', () => {
  it('previews the data sources it will create as a diff, then creates and links them', async () => {
    setRole('Admin');
    render(<ObservabilitySetup cluster={cluster} />);

    expect(screen.getAllByText('not linked')).toHaveLength(2);
    expect(screen.getByLabelText(/^Loki URL/)).toHaveValue('https://prod.dev.restate.cloud:3100');
    fireEvent.change(screen.getByLabelText(/^Token/), { target: { value: 'eyJ-secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview changes' }));

    const loki = await screen.findByTestId('change-loki');
    expect(within(loki).getByText('Create Loki (Restate prod)')).toBeInTheDocument();
    expect(within(loki).getByText('jsonData.derivedFields[Restate invocation].matcherRegex')).toBeInTheDocument();
    expect(within(loki).getByText('"restate.invocation.id":"(.+?)"')).toBeInTheDocument();
    expect(within(loki).getByText('secureJsonData.httpHeaderValue1')).toBeInTheDocument();
    expect(screen.getByTestId('change-tempo')).toHaveTextContent('jsonData.tracesToLogsV2.query');
    expect(screen.getByTestId('change-restate')).toHaveTextContent('jsonData.lokiUid—restate-prod-loki');
    // The token is never shown back.
    expect(document.body.textContent).not.toContain('eyJ-secret');

    fireEvent.click(screen.getByRole('button', { name: 'Apply changes' }));
    expect(await screen.findByText('Logs and traces are set up')).toBeInTheDocument();
    expect(grafana.store.get('restate-prod-loki')?.secureJsonData).toEqual({ httpHeaderValue1: 'Bearer eyJ-secret' });
    expect(grafana.store.get('restate-prod')?.jsonData).toMatchObject({
      lokiUid: 'restate-prod-loki',
      tempoUid: 'restate-prod-tempo',
    });
    expect(screen.getByLabelText(/^Token/)).toHaveValue('');
  });

  it('shows what an update changes on an existing data source, before and after', async () => {
    setRole('Admin');
    grafana.put({
      uid: 'restate-prod-tempo',
      name: 'Tempo',
      type: 'tempo',
      access: 'proxy',
      url: 'https://old:3200',
      jsonData: { custom: 1 },
    });
    render(<ObservabilitySetup cluster={cluster} />);
    // The URL of the existing Tempo is prefilled; the user changes it.
    await waitFor(() => expect(screen.getByLabelText(/^Tempo URL/)).toHaveValue('https://old:3200'));
    fireEvent.change(screen.getByLabelText(/^Tempo URL/), { target: { value: 'https://new:3100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview changes' }));
    const tempo = await screen.findByTestId('change-tempo');
    expect(within(tempo).getByText('Update Tempo')).toBeInTheDocument();
    const urlRow = within(tempo).getByText('url').closest('tr')!;
    expect(urlRow).toHaveTextContent('https://old:3200');
    expect(urlRow).toHaveTextContent('https://new:3100');
    expect(within(tempo).queryByText('jsonData.custom')).not.toBeInTheDocument();
    // No token typed and none stored: say what will happen.
    expect(screen.getAllByText(/will be called without an Authorization header/)).toHaveLength(2);
  });

  it('does not send anything for invalid input and says what is wrong', async () => {
    setRole('Admin');
    render(<ObservabilitySetup cluster={cluster} />);
    await settle();
    fireEvent.change(screen.getByLabelText(/^Loki URL/), { target: { value: 'prod.dev.restate.cloud:3100' } });
    expect(screen.getByText(/Use http:\/\/ or https:\/\//)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview changes' })).toBeDisabled();
    expect(grafana.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('explains to a non-admin why set up is unavailable, and still offers the YAML', async () => {
    setRole('Editor');
    render(<ObservabilitySetup cluster={cluster} />);
    expect(screen.getByText('Setting up data sources is for admins')).toBeInTheDocument();
    expect(screen.getByText(/Needs the Admin role in this Grafana organization; you are Editor\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview changes' })).toBeDisabled();
    expect(screen.getByLabelText(/^Token/)).toBeDisabled();
    expect(screen.getByRole('button', { name: /Download YAML/ })).toBeEnabled();
    expect(grafana.requests).toEqual([]);
  });

  it('downloads YAML rendered from the same model, with $RESTATE_TOKEN and never a typed token', async () => {
    setRole('Admin');
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:x';
    });
    URL.revokeObjectURL = jest.fn();
    // jsdom cannot follow the download link; the browser tests download for real.
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<ObservabilitySetup cluster={cluster} />);
    await settle();
    fireEvent.change(screen.getByLabelText(/^Token/), { target: { value: 'eyJ-secret' } });
    fireEvent.click(screen.getByRole('button', { name: /Download YAML/ }));
    expect(blobs).toHaveLength(1);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]);
    });
    expect(text).toContain('Bearer $RESTATE_TOKEN');
    expect(text).toContain('$${__value.raw}');
    expect(text).toContain('uid: restate-prod-loki');
    expect(text).not.toContain('eyJ-secret');
  });

  it('shows linked data sources with links to them and Explore starter queries', () => {
    setRole('Viewer');
    const linked = {
      ...cluster,
      jsonData: { ...cluster.jsonData, lokiUid: 'l1', tempoUid: 'gone' },
    } as ClusterSettings;
    installDataSourceSrv({
      instanceSettings: (uid) => (uid === 'l1' ? { uid: 'l1', name: 'Loki prod', type: 'loki' } : undefined),
      reload: jest.fn(),
    });
    render(<ObservabilitySetup cluster={linked} />);
    expect(screen.getByText('Loki prod').closest('a')).toHaveAttribute('href', '/connections/datasources/edit/l1');
    expect(screen.getByText('missing').closest('li')).toHaveTextContent('linked to uid gone, which does not exist');
    const explore = screen.getByRole('link', { name: /Restate logs without DEBUG/ }).getAttribute('href')!;
    const panes = JSON.parse(new URL(explore, 'http://g').searchParams.get('panes')!);
    expect(panes.logs.queries[0]).toMatchObject({
      datasource: { uid: 'l1', type: 'loki' },
      expr: '{kubernetes_container_name="restate"} != `DEBUG` | json fields | line_format `{{ .fields }}`',
    });
    expect(screen.queryByRole('link', { name: /Invocation traces/ })).not.toBeInTheDocument();
  });
});
