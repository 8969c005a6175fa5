import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import { of } from 'rxjs';
import { FieldType, toDataFrame, type DataQueryRequest } from '@grafana/data';
import { setDataSourceSrv } from '@grafana/runtime';
import { render } from '../../test/render';
import { LivePanels } from './LivePanels';
import { OVERVIEW_PANELS } from '../../model/overviewQueries';

// PanelRenderer is Grafana's (set by Grafana at start): here a probe shows what the page hands it.
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PanelRenderer: (p: { pluginId: string; title: string; data?: { series: Array<{ length: number }> } }) => (
    <div data-testid={`renderer-${p.pluginId}`}>
      {p.title}: {p.data?.series.map((s) => s.length).join(',')}
    </div>
  ),
}));

// jsdom has no layout: every observed element is 600 px wide.
class FixedResizeObserver {
  constructor(private cb: (entries: Array<{ target: Element; contentRect: { width: number } }>) => void) {}
  observe(target: Element) {
    this.cb([{ target, contentRect: { width: 600 } }]);
  }
  unobserve() {}
  disconnect() {}
}

const requests: Array<DataQueryRequest<{ refId: string; sql: string; format: string }>> = [];

beforeEach(() => {
  requests.length = 0;
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = FixedResizeObserver;
  const ds = {
    uid: 'restate-dev',
    type: 'restatedev-restate-datasource',
    query: (r: DataQueryRequest<{ refId: string; sql: string; format: string }>) => {
      requests.push(r);
      if (r.targets[0].sql.includes('AS created')) {
        return of({ data: [], errors: [{ message: 'Restate rejected the SQL: boom', status: 400 }] });
      }
      return of({
        data: [toDataFrame({ fields: [{ name: 'n', type: FieldType.number, values: [1, 2] }] })],
      });
    },
  };
  setDataSourceSrv({ get: async () => ds, getInstanceSettings: () => undefined } as never);
});

describe('LivePanels', () => {
  it("runs each panel's SQL with the link's time range and an interval for its width, and renders it", async () => {
    const url = '/a/restatedev-restate-app/overview?cluster=restate-dev&from=now-1h&to=now';
    render(<LivePanels clusterUid="restate-dev" />, { url, path: '/a/restatedev-restate-app/overview' });
    await waitFor(() => expect(screen.getByTestId('renderer-table')).toHaveTextContent('Top failing handlers: 2'));
    expect(screen.getByTestId('renderer-stat')).toHaveTextContent('Paused and backing-off now: 2');
    await waitFor(() => expect(requests).toHaveLength(OVERVIEW_PANELS.length));
    for (const r of requests) {
      expect(Math.abs(r.range.to.valueOf() - r.range.from.valueOf() - 3600_000)).toBeLessThan(1000);
      expect(r.maxDataPoints).toBe(600);
      expect(r.intervalMs).toBeGreaterThan(0);
    }
    const created = requests.find((r) => r.targets[0].sql.includes('AS created'))!;
    expect(created.targets[0]).toMatchObject({ refId: 'A', format: 'time_series', datasource: { uid: 'restate-dev' } });
  });

  it("shows a panel's query error in words inside that panel, and the other panels still render", async () => {
    render(<LivePanels clusterUid="restate-dev" />, { url: '/?cluster=restate-dev' });
    const panel = await screen.findByTestId('overview-panel-created');
    expect(await within(panel).findByText(/Restate rejected the SQL: boom/)).toBeInTheDocument();
    expect(within(panel).queryByTestId('renderer-timeseries')).toBeNull();
    expect(await screen.findAllByTestId('renderer-timeseries')).toHaveLength(2);
  });

  it('defaults to the last 6 hours when the link has no or a broken range', async () => {
    render(<LivePanels clusterUid="restate-dev" />, { url: '/?cluster=restate-dev&from=garbage&to=now' });
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    expect(Math.abs(requests[0].range.to.valueOf() - requests[0].range.from.valueOf() - 6 * 3600_000)).toBeLessThan(
      1000
    );
    expect(screen.getByRole('button', { name: /Time range selected/ })).toHaveTextContent('Last 6 hours');
  });
});
