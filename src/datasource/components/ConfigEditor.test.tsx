import React, { useState } from 'react';
import { render, screen, fireEvent, within } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';
import { setDataSourceSrv, type DataSourceSrv } from '@grafana/runtime';
import { ConfigEditor } from './ConfigEditor';
import type { RestateJsonData, RestateSecureJsonData } from '../../model/datasource';

// jsdom lacks IntersectionObserver, which the data source picker's list uses to load more items.
class NoopIntersectionObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
Object.assign(window, { IntersectionObserver: NoopIntersectionObserver });

type Options = DataSourceSettings<RestateJsonData, RestateSecureJsonData>;

const loki = { uid: 'loki-1', name: 'Loki prod', type: 'loki', meta: { id: 'loki', info: { logos: {} } } };
const tempo = { uid: 'tempo-1', name: 'Tempo prod', type: 'tempo', meta: { id: 'tempo', info: { logos: {} } } };
// The data sources Grafana knows, for DataSourcePicker. Like Grafana's DatasourceSrv.getInstanceSettings
// (public/app/features/plugins/datasource_srv.ts), a lookup takes a uid, a name or a reference.
setDataSourceSrv({
  getList: (filters: { type?: string | string[] } = {}) =>
    [loki, tempo].filter((d) => !filters.type || [filters.type].flat().includes(d.type)),
  getInstanceSettings: (ref: string | { uid?: string } | null) => {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    return [loki, tempo].find((d) => d.uid === key || d.name === key);
  },
  get: jest.fn(),
  reload: jest.fn(),
  registerRuntimeDataSource: jest.fn(),
} as unknown as DataSourceSrv);

function baseOptions(over: Partial<Options> = {}): Options {
  return {
    id: 1,
    uid: 'restate',
    orgId: 1,
    name: 'Restate',
    type: 'restatedev-restate-datasource',
    typeName: 'Restate',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData: {},
    secureJsonFields: {},
    ...over,
  } as Options;
}

/** Renders the editor the way Grafana does: it owns the options and passes every change back. */
function renderEditor(initial: Options) {
  const seen: Options[] = [];
  function Host() {
    const [options, setOptions] = useState(initial);
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(o) => {
          seen.push(o);
          setOptions(o);
        }}
      />
    );
  }
  render(<Host />);
  return { last: () => seen[seen.length - 1], seen };
}

const type = (label: RegExp | string, value: string) => {
  const input = screen.getByLabelText(label);
  fireEvent.change(input, { target: { value } });
  return input;
};

describe('ConfigEditor', () => {
  it('has labelled sections and fields reachable by label (keyboard and screen readers)', () => {
    renderEditor(baseOptions());
    for (const section of ['Cluster', 'Connection', 'Logs and traces', 'Restate Cloud']) {
      expect(screen.getByText(section)).toBeInTheDocument();
    }
    for (const label of [
      'Cluster name',
      /Admin API URL/,
      'Ingress URL',
      'Bearer token',
      'Log label selector',
      'AWS principal',
    ]) {
      expect(screen.getByLabelText(typeof label === 'string' ? new RegExp(`^${label}`) : label)).toBeInTheDocument();
    }
    expect(screen.getByLabelText(/^Log label selector/)).toHaveValue('{kubernetes_container_name="restate"}');
    expect(screen.getByLabelText(/^AWS principal/)).toHaveValue('arn:aws:iam::663487780041:role/restate-dev');
  });

  it('a bad admin URL shows how to fix it on blur, and keeps what was typed', () => {
    const { last } = renderEditor(baseOptions());
    const admin = type(/Admin API URL/, 'localhost:9070');
    // Not while typing.
    expect(screen.queryByText(/Add http:\/\/ or https:\/\//)).not.toBeInTheDocument();
    fireEvent.blur(admin);
    expect(screen.getByText('Add http:// or https:// in front, e.g. http://localhost:9070.')).toBeInTheDocument();
    expect(admin).toHaveValue('localhost:9070');
    expect(last().jsonData.adminUrl).toBe('localhost:9070');

    type(/Admin API URL/, 'http://localhost:9070/query');
    fireEvent.blur(admin);
    expect(
      screen.getByText("Remove '/query': the admin URL is the server root, e.g. https://cluster.restate.cloud:9070.")
    ).toBeInTheDocument();
    expect(admin).toHaveValue('http://localhost:9070/query');
  });

  it('an emptied admin URL says it is required; a valid one loses its trailing slash on blur', () => {
    const { last } = renderEditor(baseOptions());
    const admin = type(/Admin API URL/, '');
    fireEvent.blur(admin);
    expect(screen.getByText(/Enter the URL of Restate's admin API/)).toBeInTheDocument();
    type(/Admin API URL/, ' http://restate:9070/ ');
    fireEvent.blur(admin);
    expect(admin).toHaveValue('http://restate:9070');
    expect(last().jsonData.adminUrl).toBe('http://restate:9070');
    expect(screen.queryByText(/Enter the URL/)).not.toBeInTheDocument();
  });

  it('shows the errors of saved values when it opens, and warns when ingress is the admin endpoint', () => {
    renderEditor(baseOptions({ jsonData: { adminUrl: 'http://restate:9070', ingressUrl: 'http://restate:9070' } }));
    expect(screen.getByText(/same host and port as the admin API \(restate:9070\)/)).toBeInTheDocument();
  });

  it('token: typed into secureJsonData; once saved only "configured" with Reset, which clears it', () => {
    const { last } = renderEditor(baseOptions());
    type(/^Bearer token/, 'key_abc');
    expect(last().secureJsonData).toEqual({ token: 'key_abc' });
    expect(last().jsonData).toEqual({});
  });

  it('a saved token is never shown back; Reset lets a new one be entered', () => {
    const { last } = renderEditor(baseOptions({ secureJsonFields: { token: true } }));
    const token = screen.getByLabelText(/^Bearer token/);
    expect(token).toHaveValue('configured');
    expect(token).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(last().secureJsonFields.token).toBe(false);
    expect(last().secureJsonData?.token).toBe('');
    const fresh = screen.getByLabelText(/^Bearer token/);
    expect(fresh).toBeEnabled();
    fireEvent.change(fresh, { target: { value: 'key_new' } });
    expect(last().secureJsonData?.token).toBe('key_new');
  });

  it('nothing typed is lost: every field lands in the options', () => {
    const { last } = renderEditor(baseOptions());
    type(/^Cluster name/, 'prod');
    type(/Admin API URL/, 'https://x.restate.cloud:9070');
    type(/^Ingress URL/, 'https://x.restate.cloud:8080');
    type(/^Log label selector/, 'app="restate"');
    fireEvent.blur(screen.getByLabelText(/^Log label selector/));
    expect(screen.getByText(/Write a LogQL stream selector in braces/)).toBeInTheDocument();
    type(/^AWS principal/, 'arn:aws:iam::123456789012:role/mine');
    expect(last().jsonData).toEqual({
      clusterName: 'prod',
      adminUrl: 'https://x.restate.cloud:9070',
      ingressUrl: 'https://x.restate.cloud:8080',
      logSelector: 'app="restate"',
      awsPrincipal: 'arn:aws:iam::123456789012:role/mine',
    });
  });

  it('Loki and Tempo pickers show only their type and store the uid', async () => {
    const { last } = renderEditor(baseOptions({ jsonData: { tempoUid: 'tempo-1' } }));
    expect(screen.getByText('Tempo prod')).toBeInTheDocument();
    const lokiPicker = screen.getByLabelText(/^Loki data source/);
    fireEvent.focus(lokiPicker);
    fireEvent.keyDown(lokiPicker, { key: 'ArrowDown' });
    const menu = await screen.findByText('Loki prod');
    expect(within(document.body).queryAllByText('Tempo prod')).toHaveLength(1);
    fireEvent.click(menu);
    expect(last().jsonData).toEqual({ tempoUid: 'tempo-1', lokiUid: 'loki-1' });
  });
});
