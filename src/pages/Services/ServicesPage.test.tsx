import React from 'react';
import { fireEvent, screen } from '@testing-library/react';
import { render } from '../../test/render';
import { replayBackendSrv, setRole } from '../../test/backendSrv';
import ServicesPage from './ServicesPage';

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
    expect(requests.map((r) => r.url)).toEqual([requests[0].url, requests[0].url]);
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
});
