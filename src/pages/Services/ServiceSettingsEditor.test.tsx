import React from 'react';
import { fireEvent, screen } from '@testing-library/react';
import { render } from '../../test/render';
import { recorded } from '../../api/__fixtures__/admin/recorded';
import { replayBackendSrv, setRole } from '../../test/backendSrv';
import type { ServiceMetadata } from '../../api/services';
import { ServiceSettingsEditor } from './ServiceSettingsEditor';

const counter = recorded('service_get_counter').data as ServiceMetadata;

function setField(label: RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('ServiceSettingsEditor', () => {
  it('refuses a duration Restate would refuse, with a fix, and sends nothing', () => {
    setRole('Editor');
    const { requests } = replayBackendSrv();
    render(<ServiceSettingsEditor clusterUid="ds1" service={counter} onSaved={() => {}} />);
    setField(/Journal retention/, '1 month');
    expect(screen.getByText('Use units of days or smaller (for example 30d instead of 1 month).')).toBeInTheDocument();
    setField(/Abort timeout/, '30m 1h');
    expect(screen.getByText(/largest to smallest/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
    fireEvent.submit(screen.getByRole('form', { name: 'Service settings' }));
    expect(requests).toHaveLength(0);
  });

  it('sends only what changed and reports success', async () => {
    setRole('Editor');
    const { requests } = replayBackendSrv('service_patch_counter');
    const onSaved = jest.fn();
    render(<ServiceSettingsEditor clusterUid="ds1" service={counter} onSaved={onSaved} />);
    setField(/Idempotency retention/, '2h');
    setField(/Journal retention/, '3h');
    setField(/Inactivity timeout/, '30s');
    setField(/Abort timeout/, '5m');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved')).toBeInTheDocument();
    expect(requests[0]).toMatchObject({
      method: 'PATCH',
      url: '/api/datasources/proxy/uid/ds1/admin/services/counter',
      data: { idempotency_retention: '2h', journal_retention: '3h', inactivity_timeout: '30s', abort_timeout: '5m' },
    });
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ journal_retention: '3h' }));
  });

  it('explains a Restate error in place and keeps the typed values', async () => {
    setRole('Admin');
    replayBackendSrv('service_get_unknown');
    render(<ServiceSettingsEditor clusterUid="ds1" service={counter} onSaved={() => {}} />);
    setField(/Journal retention/, '90 minutes');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('The service does not exist')).toBeInTheDocument();
    expect(screen.getByLabelText(/Journal retention/)).toHaveValue('90 minutes');
  });

  it('shows workflow retention only for workflows', () => {
    setRole('Editor');
    replayBackendSrv();
    const { unmount } = render(<ServiceSettingsEditor clusterUid="ds1" service={counter} onSaved={() => {}} />);
    expect(screen.queryByLabelText(/Workflow completion retention/)).not.toBeInTheDocument();
    unmount();
    render(
      <ServiceSettingsEditor
        clusterUid="ds1"
        service={{ ...counter, ty: 'Workflow', workflow_completion_retention: '1d' }}
        onSaved={() => {}}
      />
    );
    expect(screen.getByLabelText(/Workflow completion retention/)).toHaveValue('1d');
  });

  it('is read-only for Viewers and says why', () => {
    setRole('Viewer');
    replayBackendSrv();
    render(<ServiceSettingsEditor clusterUid="ds1" service={counter} onSaved={() => {}} />);
    expect(screen.getByLabelText(/Journal retention/)).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
    expect(
      screen.getAllByText(/Needs the Editor role in this Grafana organization; you are Viewer/).length
    ).toBeGreaterThan(0);
  });
});
