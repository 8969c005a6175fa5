import React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { render } from '../../test/render';
import { recorded } from '../../api/__fixtures__/admin/recorded';
import { replayBackendSrv, setRole } from '../../test/backendSrv';
import type { DeploymentDetail } from '../../api/deployments';
import { RemoveDeployment } from './RemoveDeployment';
import { UpdateDeploymentDrawer } from './UpdateDeploymentDrawer';

// jsdom has no ResizeObserver/IntersectionObserver; the Drawer (TruncatedText, scroll container) needs them to mount.
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
beforeAll(() => {
  global.ResizeObserver ??= NoopObserver as unknown as typeof ResizeObserver;
  global.IntersectionObserver ??= NoopObserver as unknown as typeof IntersectionObserver;
});

const deployment = recorded('deployment_get').data as DeploymentDetail;

describe('UpdateDeploymentDrawer', () => {
  beforeEach(() => setRole('Admin'));

  it('prefills the headers masked, validates, previews, then applies the rotation', async () => {
    const { requests } = replayBackendSrv('deployment_patch_headers', 'deployment_patch_headers');
    const onUpdated = jest.fn();
    render(
      <UpdateDeploymentDrawer clusterUid="ds1" deployment={deployment} onClose={() => {}} onUpdated={onUpdated} />
    );
    const value = screen.getByLabelText('Header 1 value');
    expect(value).toHaveAttribute('type', 'password');
    expect(value).toHaveValue('abc');
    expect(screen.getByLabelText('Header 1 name')).toHaveValue('x-api-key');

    fireEvent.change(screen.getByLabelText(/Service URI/), { target: { value: 'ftp://host' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByText(/use http:\/\/ or https:\/\//)).toBeInTheDocument();
    expect(requests).toHaveLength(0);

    fireEvent.change(screen.getByLabelText(/Service URI/), { target: { value: 'http://127.0.0.1:9080/' } });
    fireEvent.change(value, { target: { value: 'def' } });
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Preview: Restate reached the endpoint and would serve')).toBeInTheDocument();
    expect(requests[0]).toMatchObject({
      method: 'PATCH',
      url: '/api/datasources/uid/ds1/resources/deployments/dp_15XTIJJUiMFkIvG6dtWNy7f',
      data: {
        dry_run: true,
        additional_headers: { 'x-api-key': 'def' },
        uri: 'http://127.0.0.1:9080/',
        use_http_11: false,
        overwrite: false,
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(onUpdated).toHaveBeenCalled());
    expect(requests[1].data).toMatchObject({ dry_run: false, additional_headers: { 'x-api-key': 'def' } });
    expect(onUpdated).toHaveBeenCalledWith(expect.objectContaining({ additional_headers: { 'x-api-key': 'def' } }));
  });

  it('explains an unreachable new URI and keeps the input', async () => {
    replayBackendSrv('deployment_register_bad_unreachable');
    render(<UpdateDeploymentDrawer clusterUid="ds1" deployment={deployment} onClose={() => {}} onUpdated={() => {}} />);
    fireEvent.change(screen.getByLabelText(/Service URI/), { target: { value: 'http://127.0.0.1:9999' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Restate could not reach http://127.0.0.1:9999/')).toBeInTheDocument();
    expect(screen.getByLabelText(/Service URI/)).toHaveValue('http://127.0.0.1:9999');
  });
});

describe('RemoveDeployment', () => {
  const uses = [{ name: 'greeter', revision: 2, latest: true, latestRevision: 2 }];

  it('shows what is pinned, says removal is forced, and needs the id typed when invocations are pinned', async () => {
    setRole('Admin');
    const { requests } = replayBackendSrv('deployment_delete_force');
    const onRemoved = jest.fn();
    render(<RemoveDeployment clusterUid="ds1" deployment={deployment} pinned={2} uses={uses} onRemoved={onRemoved} />);
    fireEvent.click(screen.getByRole('button', { name: `Remove deployment ${deployment.id}` }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('2 unfinished invocations are pinned to this deployment');
    expect(dialog).toHaveTextContent('It serves the latest revision of greeter');
    expect(dialog).toHaveTextContent('Removal is forced: it is the only mode Restate supports');
    const confirm = within(dialog).getByRole('button', { name: 'Remove (forced)' });
    expect(confirm).toBeDisabled();
    fireEvent.change(within(dialog).getByPlaceholderText(`Type "${deployment.id}" to confirm`), {
      target: { value: deployment.id },
    });
    fireEvent.click(confirm);
    await waitFor(() => expect(onRemoved).toHaveBeenCalled());
    expect(requests[0]).toMatchObject({ method: 'DELETE', params: { force: true } });
    expect(onRemoved).toHaveBeenCalled();
  });

  it('is disabled for Editors with the reason', () => {
    setRole('Editor');
    replayBackendSrv();
    render(<RemoveDeployment clusterUid="ds1" deployment={deployment} pinned={0} uses={uses} onRemoved={() => {}} />);
    expect(screen.getByRole('button', { name: `Remove deployment ${deployment.id}` })).toBeDisabled();
    expect(screen.getByLabelText(/Needs the Admin role/)).toBeInTheDocument();
  });
});
