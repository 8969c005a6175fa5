import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { FakeGrafanaAlerting } from '../../alerting/testing/fakeGrafanaAlerting';
import type { ClusterSettings } from '../../hooks/cluster';
import { AlertRulesSetup } from './AlertRulesSetup';
import { installGrafanaFake, setRole } from '../../test/backendSrv';

let grafana: FakeGrafanaAlerting;

const cluster = {
  uid: 'restate-prod',
  name: 'Restate prod',
  type: 'restatedev-restate-datasource',
  jsonData: { clusterName: 'prod' },
} as unknown as ClusterSettings;

const preview = () => fireEvent.click(screen.getByRole('button', { name: 'Preview' }));

beforeEach(() => {
  grafana = installGrafanaFake(new FakeGrafanaAlerting());
});

describe('AlertRulesSetup', () => {
  it('previews the folder and the rules it will create, creates them, and then has nothing to change', async () => {
    setRole('Admin');
    render(<AlertRulesSetup cluster={cluster} />);
    expect(screen.getByText('Restate prod', { selector: 'code' })).toBeInTheDocument();
    preview();
    expect(await screen.findByTestId('plan-folder')).toHaveTextContent('create Folder Restate (uid restate-alerts)');
    const paused = screen.getByTestId('rule-rst-paused-restate-prod');
    expect(within(paused).getByText('Create Restate prod: invocations paused')).toBeInTheDocument();
    expect(within(paused).getByText('data[A].model.sql')).toBeInTheDocument();
    expect(within(paused).getByText(/WHERE status = 'paused'/)).toBeInTheDocument();
    expect(screen.getByTestId('rule-rst-stuck-restate-prod')).toHaveTextContent('uid rst-stuck-restate-prod');
    expect(grafana.writes()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Alert rules are in place')).toBeInTheDocument();
    expect(screen.getByText('Restate prod: invocations paused').closest('a')).toHaveAttribute(
      'href',
      '/alerting/grafana/rst-paused-restate-prod/view'
    );
    expect([...grafana.rules.keys()]).toHaveLength(4);

    preview();
    expect(await screen.findByRole('button', { name: 'Nothing to change' })).toBeDisabled();
    expect(screen.getByTestId('plan-folder')).toHaveTextContent('exists Folder Restate');
    expect(screen.getAllByText('unchanged')).toHaveLength(4);
  });

  it('shows a changed threshold as before and after', async () => {
    setRole('Admin');
    render(<AlertRulesSetup cluster={cluster} />);
    preview();
    fireEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    await screen.findByText('Alert rules are in place');

    fireEvent.change(screen.getByLabelText(/^Failure ratio above/), { target: { value: '25' } });
    preview();
    const failures = await screen.findByTestId('rule-rst-failures-restate-prod');
    expect(within(failures).getByText('Update Restate prod: failure ratio above 25%')).toBeInTheDocument();
    const row = within(failures).getByText('data[B].model.conditions[0].evaluator.params[0]').closest('tr')!;
    expect(row).toHaveTextContent(/params\[0\]\s*10\s*25/);
    expect(screen.getByTestId('rule-rst-paused-restate-prod')).toHaveTextContent('Unchanged:');
  });

  it('explains to an Editor why they cannot add rules, sends nothing, and still offers the YAML', () => {
    setRole('Editor');
    render(<AlertRulesSetup cluster={cluster} />);
    expect(screen.getByText('Adding alert rules is for admins')).toBeInTheDocument();
    expect(screen.getByText(/Needs the Admin role in this Grafana organization; you are Editor\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeDisabled();
    expect(screen.getByLabelText(/^Stuck for over/)).toBeDisabled();
    expect(screen.getByRole('button', { name: /Download YAML/ })).toBeEnabled();
    expect(grafana.requests).toEqual([]);
  });

  it('says what is wrong with a threshold and does not preview it', () => {
    setRole('Admin');
    render(<AlertRulesSetup cluster={cluster} />);
    fireEvent.change(screen.getByLabelText(/^Failure ratio above/), { target: { value: '120' } });
    expect(screen.getByText('A percentage below 100')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeDisabled();
  });

  it('shows Grafana’s refusal in words', async () => {
    setRole('Admin');
    grafana.denyWrites = true;
    render(<AlertRulesSetup cluster={cluster} />);
    preview();
    fireEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Adding alert rules failed')).toBeInTheDocument();
    expect(screen.getByText(/Creating folder Restate: Grafana refused/)).toBeInTheDocument();
  });

  it('downloads the rules with the form’s thresholds as a provisioning file', async () => {
    setRole('Viewer');
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:x';
    });
    URL.revokeObjectURL = jest.fn();
    // jsdom cannot follow the download link (it prints "Not implemented: navigation").
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<AlertRulesSetup cluster={cluster} />);
    fireEvent.change(screen.getByLabelText(/^Stuck for over/), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: /Download YAML/ }));
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]);
    });
    expect(text).toContain('name: Restate prod');
    expect(text).toContain("INTERVAL '300 seconds'");
    expect(text).toContain('{{ $labels.service }}');
    expect(text).toContain('datasourceUid: restate-prod');
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });
});
