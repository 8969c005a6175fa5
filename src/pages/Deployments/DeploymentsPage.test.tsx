import React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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

/** Answers the page's reads: the backend's search page, services, one deployment and the pinned SQL count. */
function serveRestate(pinned: Array<{ pinned_deployment_id: string; pinned: number }>, matched = 2) {
  return installFakeBackend((req) => {
    const path = req.url
      .replace('/api/datasources/proxy/uid/ds1/', '')
      .replace('/api/datasources/uid/ds1/resources/', '');
    if (path === 'deployments/search') {
      return {
        data: {
          items: [
            { deployment: list.deployments[0], state: 'active', pinned: 3, latest_for: ['greeter'] },
            {
              deployment: { ...older, sdk_version: 'restate-sdk-typescript/1.16.0', metadata: { team: 'payments' } },
              state: 'drained',
              pinned: 0,
              latest_for: [],
            },
          ],
          total: matched,
          matched,
          offset: matched > 50 ? 50 : 0,
          limit: 50,
          states: { active: 1, drained: 1 },
        },
      };
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
    serveRestate([]);
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
    expect(within(current).getByText('active')).toBeInTheDocument();
    expect(old).toHaveTextContent('outdated: 1.17.2 is out');
    expect(current).not.toHaveTextContent('outdated');
    expect(old).toHaveTextContent('team=payments');
    for (const remove of screen.getAllByRole('button', { name: /^Remove deployment/ })) {
      expect(remove).toBeDisabled();
    }
    expect(screen.getByRole('button', { name: /Prune drained \(1\)/ })).toBeDisabled();
  });

  it('pages and searches on the server, with the state in the URL', async () => {
    const requests = serveRestate([], 120);
    renderAt('/deployments?cluster=ds1&page=2&state=drained');
    await screen.findByRole('link', { name: CURRENT });
    const search = () => requests.filter((r) => r.url.endsWith('deployments/search'));
    expect(search().at(-1)!.params).toEqual({ state: 'drained', offset: 50, limit: 50 });
    expect(screen.getByText(/51–52 of 120 matching/)).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: 'Search deployments' }), { target: { value: 'team=pay' } });
    await waitFor(() => expect(search().at(-1)!.params).toEqual({ q: 'team=pay', state: 'drained', offset: 0, limit: 50 }));
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
