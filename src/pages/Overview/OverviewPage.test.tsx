import React from 'react';
import { screen, within } from '@testing-library/react';
import { render } from '../../test/render';
import OverviewPage from './OverviewPage';
import { installCluster, installFakeBackend, rows, setRole } from '../../test/backendSrv';
import * as sql from '../../api/__fixtures__/sql/samples';

const BASE = '/a/restatedev-restate-app/overview';

function renderPage() {
  return render(<OverviewPage />, { url: `${BASE}?cluster=restate-dev`, path: BASE });
}

beforeEach(() => {
  installCluster();
  setRole('Viewer');
});

describe('Overview page', () => {
  it('shows the version, invocations per status linking to the filtered list, and deployments and services', async () => {
    installFakeBackend(({ url, sql: q }) => {
      if (url.endsWith('/admin/version')) {
        return { data: { version: '1.7.12', min_admin_api_version: 2, max_admin_api_version: 4 } };
      }
      if (q?.includes('GROUP BY status')) {
        return rows(sql.counts.rows);
      }
      if (q?.includes('sys_deployment')) {
        return rows([{ deployments: 2, services: 3 }]);
      }
      return undefined;
    });
    renderPage();
    expect(await screen.findByText(/runs Restate 1\.7\.12/)).toBeInTheDocument();
    const suspended = await screen.findByRole('link', { name: 'Suspended invocations' });
    expect(within(suspended).getByText('3')).toBeInTheDocument();
    expect(suspended).toHaveAttribute(
      'href',
      '/a/restatedev-restate-app/invocations?cluster=restate-dev&status=suspended'
    );
    expect(await screen.findByText(/2 registered/)).toBeInTheDocument();
    expect(screen.getByText(/3 services/)).toBeInTheDocument();
  });

  it('explains an unreachable cluster', async () => {
    installFakeBackend(() => ({ status: 502, data: '' }));
    renderPage();
    expect(await screen.findByText('Could not reach Restate dev')).toBeInTheDocument();
    expect(screen.getAllByText(/Grafana could not reach Restate \(502 Bad Gateway\)/).length).toBeGreaterThan(0);
  });
});
