import React from 'react';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { render } from '../../test/render';
import { installCluster, installFakeBackend, type Handler } from '../../test/backendSrv';
import { toJournalEntry } from '../../api/invocations';
import { journalTrip } from '../../api/__fixtures__/sql/journalTrip';
import { RestartDialog } from './RestartDialog';
import { ResumeDialog } from './ResumeDialog';
import { deploymentOptions } from './DeploymentPicker';

const ID = 'inv_1dAfIwEHxshU59QudbdU20oq8F4dCckmTu';
const NEW_ID = 'inv_1hT9MioSlVHX0fgdue1wZHwvGv4vulGFdT';
const DP1 = 'dp_12S1Ert1tZ6oLL5GaAHV1cJ';
const DP2 = 'dp_142ij4Tba6FF8ieHM9ZtPsB';
const deployment = (id: string, port: number, revision: number, created: string) => ({
  id,
  uri: `http://127.0.0.1:${port}/`,
  protocol_type: 'BidiStream',
  http_version: 'HTTP/2.0',
  created_at: created,
  min_protocol_version: 5,
  max_protocol_version: 6,
  services: [{ name: 'timeline', revision }],
});
const DEPLOYMENTS = [
  deployment(DP1, 40001, 1, '2026-12-01T23:00:00Z'),
  deployment(DP2, 40002, 2, '2026-12-01T23:05:00Z'),
  {
    ...deployment('dp_1other0000000000000000', 40003, 1, '2026-12-01T22:00:00Z'),
    services: [{ name: 'greeter', revision: 1 }],
  },
];
const SERVICES = [{ name: 'timeline', deployment_id: DP2, revision: 2, handlers: [], ty: 'Service' }];

function backend(patch: Handler) {
  return installFakeBackend((req) => {
    if (req.method === 'PATCH') {
      return patch(req);
    }
    if (req.url.endsWith('/resources/deployments')) {
      return { data: { deployments: DEPLOYMENTS } };
    }
    if (req.url.endsWith('/admin/services')) {
      return { data: { services: SERVICES } };
    }
    if (req.sql?.includes('pinned_deployment_id')) {
      return { data: { results: { A: { status: 200, frames: [] } } } };
    }
    return undefined;
  });
}

beforeEach(() => installCluster());

// Combobox measures its options' text on a canvas, which jsdom lacks (the shared setup stubs getContext empty).
const getContext = HTMLCanvasElement.prototype.getContext;
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => ({
    font: '',
    measureText: (t: string) => ({ width: t.length * 7 }),
  })) as never;
});
afterAll(() => {
  HTMLCanvasElement.prototype.getContext = getContext;
});

describe('deployment choices', () => {
  it('lists only the deployments that serve the service, with endpoint, latest and pinned', () => {
    expect(deploymentOptions(DEPLOYMENTS as never, SERVICES, 'timeline', DP1)).toEqual([
      { id: DP1, endpoint: 'http://127.0.0.1:40001/', latest: false, pinned: true, revision: 1 },
      { id: DP2, endpoint: 'http://127.0.0.1:40002/', latest: true, pinned: false, revision: 2 },
    ]);
  });
});

describe('restart dialog', () => {
  it('restarts from the chosen entry on the chosen deployment and links to the new invocation', async () => {
    const fake = backend(() => ({ data: { new_invocation_id: NEW_ID } }));
    const entries = journalTrip.rows.map(toJournalEntry);
    render(
      <RestartDialog
        clusterUid="restate-dev"
        target={{ id: ID, service: 'timeline', pinnedDeployment: DP1 }}
        journal={entries}
        initialFrom={5}
        detailHref={(id) => `/a/restatedev-restate-app/invocations/${id}?cluster=restate-dev`}
        onClose={() => undefined}
      />
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('combobox', { name: 'Keep the journal up to (included)' })).toHaveValue(
      '#5 Sleep completed'
    );
    // The latest is named, with its endpoint.
    expect(
      await within(dialog).findByText(/Runs on dp_142ij4Tba6FF8ieHM9ZtPsB \(http:\/\/127\.0\.0\.1:40002\/\)/)
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Keep pinned' }));
    expect(within(dialog).getByText(`Stays on ${DP1}, the deployment it is pinned to.`)).toBeInTheDocument();
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Restart from #5' })));
    const patch = fake.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.url).toBe(`/api/datasources/uid/restate-dev/resources/invocations/${ID}/restart-as-new`);
    expect(patch.params).toEqual({ from: '5', deployment: 'keep' });
    expect(await within(dialog).findByRole('link', { name: NEW_ID })).toHaveAttribute(
      'href',
      `/a/restatedev-restate-app/invocations/${NEW_ID}?cluster=restate-dev`
    );
  });

  it('offers only entries whose prefix completed, says why the others are not, and sends no deployment from the start', async () => {
    const fake = backend(() => ({ data: { new_invocation_id: NEW_ID } }));
    // Killed during its sleep: #4 never completed.
    const entries = journalTrip.rows.map(toJournalEntry).filter((e) => e.index <= 4);
    render(
      <RestartDialog
        clusterUid="restate-dev"
        target={{ id: ID, service: 'timeline', pinnedDeployment: DP1 }}
        journal={entries}
        detailHref={(id) => id}
        onClose={() => undefined}
      />
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('radio', { name: 'A journal entry' }));
    expect(
      within(dialog).getByText(/#4 cannot be chosen: #4 Sleep never completed, so Restate could not replay/)
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Restart from the beginning' })).toBeDisabled();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'The beginning' }));
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Restart from the beginning' })));
    expect(fake.requests.find((r) => r.method === 'PATCH')!.params).toEqual({});
  });

  it('shows Restate’s refusal in words and lets the user change the choice', async () => {
    backend(() => ({
      status: 400,
      data: { message: 'The given deployment was not found when trying to restart as new the invocation.' },
    }));
    render(
      <RestartDialog
        clusterUid="restate-dev"
        target={{ id: ID, service: 'timeline', pinnedDeployment: DP1 }}
        journal={journalTrip.rows.map(toJournalEntry)}
        initialFrom={2}
        detailHref={(id) => id}
        onClose={() => undefined}
      />
    );
    const dialog = await screen.findByRole('dialog');
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Restart from #2' })));
    expect(await within(dialog).findByText(/chosen deployment does not exist/)).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change and retry' }));
    expect(within(dialog).getByRole('button', { name: 'Restart from #2' })).toBeEnabled();
  });
});

describe('resume dialog', () => {
  it('resumes a paused invocation on the latest deployment', async () => {
    const fake = backend(() => ({ data: '' }));
    render(
      <ResumeDialog
        clusterUid="restate-dev"
        target={{ id: ID, service: 'timeline', status: 'paused', pinnedDeployment: DP1 }}
        onClose={() => undefined}
      />
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Latest' }));
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Resume' })));
    const patch = fake.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.url).toBe(`/api/datasources/uid/restate-dev/resources/invocations/${ID}/resume`);
    expect(patch.params).toEqual({ deployment: 'latest' });
    expect(await within(dialog).findByText('Restate runs it again on the chosen deployment.')).toBeInTheDocument();
  });
});
