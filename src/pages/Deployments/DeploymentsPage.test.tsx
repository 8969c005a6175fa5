import React from 'react';
import { screen, within } from '@testing-library/react';
import { installFakeBackend, rows, setRole } from '../../test/backendSrv';
import { render } from '../../test/render';
import { recorded } from '../../api/__fixtures__/admin/recorded';
import DeploymentsPage from './DeploymentsPage';

const CURRENT = 'dp_15XTIJJUiMFkIvG6dtWNy7f';
const list = recorded('deployments_list').data as { deployments: Array<Record<string, unknown>> };
// An older deployment of the same services, superseded by CURRENT and with nothing pinned: drained.
const older = {
  ...list.deployments[0],
  id: 'dp_old',
  created_at: '2026-11-20T10:00:00Z',
  additional_headers: {},
  services: [{ name: 'greeter', revision: 1 }],
};

/** Answers the page's three reads from recorded Restate responses, by URL. */
function serveRestate(pinned: Array<{ pinned_deployment_id: string; pinned: number }>) {
  return installFakeBackend((req) => {
    const path = req.url
      .replace('/api/datasources/proxy/uid/ds1/', '')
      .replace('/api/datasources/uid/ds1/resources/', '');
    if (path === 'deployments') {
      return { data: { deployments: [list.deployments[0], older] } };
    }
    if (path === `deployments/${CURRENT}`) {
      return { data: recorded('deployment_get').data };
    }
    if (path === 'admin/services') {
      return { data: recorded('services_list').data };
    }
    if (path === '/api/ds/query') {
      return rows(pinned);
    }
    return undefined;
  }).requests;
}

function renderAt(url: string) {
  return render(<DeploymentsPage />, {
    url,
    path: 'deployments/*',
    dataSources: { list: [{ uid: 'ds1', name: 'Dev', isDefault: true, jsonData: { clusterName: 'dev' } }] },
  });
}

describe('DeploymentsPage', () => {
  beforeEach(() => {
    setRole('Viewer');
  });

  it('lists deployments with header names, pinned counts, latest and drained, read-only for a Viewer', async () => {
    serveRestate([{ pinned_deployment_id: CURRENT, pinned: 3 }]);
    renderAt('/deployments?cluster=ds1');
    const current = (await screen.findByRole('link', { name: CURRENT })).closest('tr')!;
    expect(current).toHaveTextContent('http://127.0.0.1:9080/');
    expect(current).toHaveTextContent('HTTP · HTTP/2.0 · BidiStream');
    expect(current).toHaveTextContent('x-api-key');
    expect(current).not.toHaveTextContent('abc');
    expect(current).toHaveTextContent('greeter r2 · latest');
    expect(current).toHaveTextContent('3 unfinished');
    const old = screen.getByRole('link', { name: 'dp_old' }).closest('tr')!;
    expect(old).toHaveTextContent('greeter r1 · superseded');
    expect(within(old).getByText('drained')).toBeInTheDocument();
    for (const remove of screen.getAllByRole('button', { name: /^Remove deployment/ })) {
      expect(remove).toBeDisabled();
    }
  });

  it('opens a deployment by its URL with header values masked', async () => {
    const requests = serveRestate([]);
    renderAt(`/deployments/${CURRENT}?cluster=ds1`);
    expect(await screen.findByRole('heading', { name: CURRENT })).toBeInTheDocument();
    expect(screen.getByText('x-api-key')).toBeInTheDocument();
    expect(screen.queryByText(/abc/)).not.toBeInTheDocument();
    expect(screen.getByText(/0 unfinished invocations pinned here/)).toBeInTheDocument();
    const sql = requests.find((r) => r.sql)!.sql;
    expect(sql).toContain(`pinned_deployment_id = '${CURRENT}'`);
  });
});
