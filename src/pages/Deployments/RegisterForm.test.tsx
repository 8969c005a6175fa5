import React from 'react';
import { fireEvent, screen } from '@testing-library/react';
import { render } from '../../test/render';
import { replayBackendSrv, setRole } from '../../test/backendSrv';
import type { ClusterSettings } from '../../hooks/cluster';
import { RegisterForm } from './RegisterForm';
import { registerDryRunBody } from '../../api/__fixtures__/admin/recorded';

const cluster = { uid: 'ds1', name: 'Dev', jsonData: { clusterName: 'dev-cluster' } } as unknown as ClusterSettings;

function type(el: HTMLElement, value: string) {
  fireEvent.change(el, { target: { value } });
}

async function fillHttp(uri: string, header?: [string, string]) {
  render(<RegisterForm cluster={cluster} />);
  type(screen.getByLabelText(/Service URI/), uri);
  if (header) {
    type(screen.getByLabelText('Header 1 name'), header[0]);
    type(screen.getByLabelText('Header 1 value'), header[1]);
  }
  return {
    click: async (el: HTMLElement) => fireEvent.click(el),
    type: async (el: HTMLElement, v: string) => type(el, v),
  };
}

describe('RegisterForm', () => {
  beforeEach(() => setRole('Admin'));

  it('validates before sending anything and says how to fix the URI', async () => {
    const { requests } = replayBackendSrv();
    const user = await fillHttp('localhost:9080', ['bad name', 'secret']);
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByText('Add the scheme: http://localhost:9080 or https://localhost:9080.')).toBeInTheDocument();
    expect(screen.getByText(/“space” is not allowed in a header name/)).toBeInTheDocument();
    expect(requests).toHaveLength(0);
  });

  it('previews with force and breaking explicit, shows the diff, then registers', async () => {
    const { requests } = replayBackendSrv('services_after_delete', 'deployment_register_dryrun', 'deployment_register');
    const user = await fillHttp('http://127.0.0.1:9080', ['x-api-key', 'abc']);
    expect(screen.getByRole('button', { name: 'Register' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByRole('region', { name: 'Preview' });
    expect(preview).toHaveTextContent('greeter');
    expect(preview).toHaveTextContent('counter');
    expect(requests[1].data).toEqual(registerDryRunBody());
    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(await screen.findByText('Registered deployment dp_15XTIJJUiMFkIvG6dtWNy7f')).toBeInTheDocument();
    expect(requests[2].data).toMatchObject({ dry_run: false, force: false, breaking: false });
  });

  it('sends metadata with the registration, and refuses a bad row without sending anything', async () => {
    const { requests } = replayBackendSrv('services_after_delete', 'deployment_register_dryrun');
    const user = await fillHttp('http://127.0.0.1:9080');
    await user.type(screen.getByLabelText('Metadata 1 value'), 'payments');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByText('Give this value a key, or clear the row.')).toBeInTheDocument();
    expect(requests).toHaveLength(0);
    expect(screen.getByLabelText('Metadata 1 value')).toHaveValue('payments');
    await user.type(screen.getByLabelText('Metadata 1 key'), 'team');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByRole('region', { name: 'Preview' });
    expect(requests[1].data).toMatchObject({ dry_run: true, metadata: { team: 'payments' } });
  });

  it('previews on Enter, and registers on Enter once the preview is current', async () => {
    const { requests } = replayBackendSrv('services_after_delete', 'deployment_register_dryrun', 'deployment_register');
    await fillHttp('http://127.0.0.1:9080');
    fireEvent.submit(screen.getByRole('form', { name: 'Register deployment' }));
    await screen.findByRole('region', { name: 'Preview' });
    expect(requests[1].data).toMatchObject({ dry_run: true });
    fireEvent.submit(screen.getByRole('form', { name: 'Register deployment' }));
    expect(await screen.findByText('Registered deployment dp_15XTIJJUiMFkIvG6dtWNy7f')).toBeInTheDocument();
    expect(requests[2].data).toMatchObject({ dry_run: false });
  });

  it('asks for a new preview when the input changed after the preview', async () => {
    replayBackendSrv('services_after_delete', 'deployment_register_dryrun');
    const user = await fillHttp('http://127.0.0.1:9080');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByRole('region', { name: 'Preview' });
    await user.click(screen.getByLabelText('Allow breaking changes'));
    expect(screen.getByRole('button', { name: 'Register' })).toBeDisabled();
    expect(screen.getByText(/preview again before registering/)).toBeInTheDocument();
  });

  it('explains an unreachable deployment in place and keeps what was typed', async () => {
    replayBackendSrv('services_list', 'deployment_register_bad_unreachable');
    const user = await fillHttp('http://127.0.0.1:9999', ['x-api-key', 'abc']);
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Restate could not reach http://127.0.0.1:9999/')).toBeInTheDocument();
    expect(
      screen.getByText(/not your browser: the address must be reachable from where Restate runs/)
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/Service URI/)).toHaveValue('http://127.0.0.1:9999');
    expect(screen.getByLabelText('Header 1 value')).toHaveValue('abc');
  });

  it('explains a breaking change and points at the breaking option', async () => {
    replayBackendSrv('services_list', 'deployment_register_breaking_conflict');
    const user = await fillHttp('http://127.0.0.1:9081');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Breaking change in service “greeter”')).toBeInTheDocument();
    expect(screen.getByText(/turn on “Allow breaking changes”/)).toBeInTheDocument();
  });

  it('validates Lambda ARNs and shows the trust policy for this cluster', async () => {
    const { requests } = replayBackendSrv();
    render(<RegisterForm cluster={cluster} />);
    const user = {
      click: async (el: HTMLElement) => fireEvent.click(el),
      type: async (el: HTMLElement, v: string) => type(el, v),
    };
    await user.click(screen.getByLabelText('AWS Lambda'));
    await user.type(
      screen.getByLabelText(/Lambda function ARN/),
      'arn:aws:lambda:eu-central-1:123456789012:function:greeter'
    );
    await user.type(screen.getByLabelText(/Assume-role ARN/), 'arn:aws:iam::123456789012:user/bob');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByText(/Add a version or alias after the function name/)).toBeInTheDocument();
    expect(screen.getByText(/Enter an IAM role ARN/)).toBeInTheDocument();
    const policy = JSON.parse(screen.getByLabelText('IAM trust policy').textContent ?? '');
    expect(policy.Statement[0].Condition.StringEquals['sts:ExternalId']).toEqual(['dev-cluster']);
    expect(policy.Statement[0].Principal.AWS).toBe('arn:aws:iam::663487780041:role/restate-dev');
    expect(requests).toHaveLength(0);
  });

  it('is read-only for Editors and says why', () => {
    setRole('Editor');
    replayBackendSrv();
    render(<RegisterForm cluster={cluster} />);
    expect(screen.getByRole('button', { name: 'Preview' })).toBeDisabled();
    expect(
      screen.getAllByText(/Needs the Admin role in this Grafana organization; you are Editor/).length
    ).toBeGreaterThan(0);
  });
});
