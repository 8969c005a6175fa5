import React from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import { render } from '../../test/render';
import { installFakeBackend, rows, setRole } from '../../test/backendSrv';
import { recorded } from '../../api/__fixtures__/admin/recorded';
import ServicesPage from './ServicesPage';

/**
 * Answers the health query (SQL) with `health` rows, and every other request with the next recorded Restate
 * response, in order.
 */
function replayBackendSrv(...names: string[]) {
  return replayWithHealth([], ...names);
}
function replayWithHealth(health: Array<Record<string, unknown>>, ...names: string[]) {
  const queue = [...names];
  return installFakeBackend((req) => {
    if (req.sql !== undefined) {
      return rows(health);
    }
    const name = queue.shift();
    if (!name) {
      throw new Error(`unexpected request ${req.method} ${req.url}`);
    }
    return recorded(name);
  });
}

function renderAt(url: string) {
  return render(<ServicesPage />, {
    url,
    path: 'services/*',
    dataSources: { list: [{ uid: 'ds1', name: 'Dev', isDefault: true, jsonData: {} }] },
  });
}

describe('ServicesPage', () => {
  beforeEach(() => {
    setRole('Editor');
  });

  it('lists services with type, deployment, revision, public flag and handlers', async () => {
    replayBackendSrv('services_list');
    renderAt('/services?cluster=ds1');
    const counter = (await screen.findByRole('link', { name: 'counter' })).closest('tr')!;
    expect(counter).toHaveTextContent('Virtual object');
    expect(counter).toHaveTextContent('dp_15XTIJJUiMFkIvG6dtWNy7f');
    expect(counter).toHaveTextContent('add, get, slowAdd');
    expect(counter).toHaveTextContent('public');
    expect(screen.getByRole('link', { name: 'counter' })).toHaveAttribute(
      'href',
      '/a/restatedev-restate-app/services/counter?cluster=ds1'
    );
  });

  it('explains a failed load and loads again on Retry', async () => {
    // any recorded error answer will do for the first request
    const { requests } = replayBackendSrv('service_get_unknown', 'services_list');
    renderAt('/services?cluster=ds1');
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'counter' })).toBeInTheDocument();
    const reads = requests.filter((r) => r.sql === undefined).map((r) => r.url);
    expect(reads).toEqual([reads[0], reads[0]]);
  });

  it('explains an unknown service opened by URL', async () => {
    replayBackendSrv('service_get_unknown');
    renderAt('/services/nope?cluster=ds1');
    expect(await screen.findByText('The service does not exist')).toBeInTheDocument();
  });

  it('opens a service with its settings editable by an Editor', async () => {
    replayBackendSrv('service_get_counter');
    renderAt('/services/counter?cluster=ds1');
    expect(await screen.findByRole('heading', { name: 'counter' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Journal retention/)).toHaveValue('1d');
    expect(screen.getByLabelText(/Journal retention/)).toBeEnabled();
  });

  it('shows each service’s health from its invocations of the last hour, as Restate’s UI computes it', async () => {
    const { sqls } = replayWithHealth(
      [{ service: 'counter', succeeded: 80, failed: 20, running: 88, backing_off: 10, paused: 2 }],
      'services_list'
    );
    renderAt('/services?cluster=ds1');
    const counter = (await screen.findByRole('link', { name: 'counter' })).closest('tr')!;
    expect(await within(counter).findByLabelText('Health of counter: unhealthy')).toBeInTheDocument();
    expect(counter).toHaveTextContent(
      'failed: 20 of 100 completed (20% ≥ 10%) · backing off: 10 of 100 in flight (10% ≥ 10%) · paused: 2 of 100 in flight (2% ≥ 1%)'
    );
    const greeter = screen.getByRole('link', { name: 'greeter' }).closest('tr')!;
    expect(within(greeter).getByLabelText('Health of greeter: idle')).toBeInTheDocument();
    expect(screen.getByText(/^Health: As Restate's UI computes it/)).toBeInTheDocument();
    expect(sqls()[0]).toMatch(/WHERE created_at >= '[^']+'\nGROUP BY target_service_name/);
  });

  it('shows the retry policy read only, saying where it is set', async () => {
    replayBackendSrv('service_get_counter');
    renderAt('/services/counter?cluster=ds1');
    const policy = await screen.findByRole('table', { name: 'Retry policy of counter' });
    expect(within(policy).getByRole('row', { name: 'Retry policy of add' })).toBeInTheDocument();
    expect(screen.getByText('Set in the service’s code, not here')).toBeInTheDocument();
    expect(within(policy).queryByRole('textbox')).not.toBeInTheDocument();
  });
});
