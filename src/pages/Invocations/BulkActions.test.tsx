import React from 'react';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { render } from '../../test/render';
import InvocationsPage from './InvocationsPage';
import { installCluster, installFakeBackend, rows, setRole, type Handler } from '../../test/backendSrv';
import * as sql from '../../api/__fixtures__/sql/samples';
import * as actions from '../../api/__fixtures__/invocations/actions';

const BASE = '/a/restatedev-restate-app/invocations';
const [OK, FAILED] = sql.sysInvocation.rows;
const ids = (n: number) => Array.from({ length: n }, (_, i) => `inv_1${String(i).padStart(33, '0')}`);

const renderAt = (url: string) => render(<InvocationsPage />, { url, path: `${BASE}/*` });

/** The list page's reads, and the ids query of "all matching" answered with `matching`. */
const handler =
  (matching: string[], patch: Handler = () => ({ status: 202, data: '' })): Handler =>
  (req) => {
    if (req.method === 'PATCH') {
      return patch(req);
    }
    if (req.sql?.includes('GROUP BY status')) {
      return rows(sql.counts.rows);
    }
    if (req.sql?.startsWith('SELECT id, target')) {
      return rows([OK, FAILED]);
    }
    if (req.sql?.startsWith('SELECT id FROM')) {
      return rows(matching.map((id) => ({ id })));
    }
    return undefined;
  };

beforeEach(() => {
  installCluster();
  setRole('Editor');
});

/** The dialog as it is now (each phase is a modal of its own). */
const d = () => within(screen.getByRole('dialog'));

async function openAction(label: RegExp) {
  fireEvent.click(await screen.findByRole('button', { name: 'Act on all 10 matching' }));
  fireEvent.click(await screen.findByRole('menuitem', { name: label }));
  return screen.findByRole('dialog');
}

describe('actions on all matching', () => {
  it('says up front how many each action applies to, resolves the ids with the list’s filter, and runs', async () => {
    const backend = installFakeBackend(
      handler(ids(3), (req) =>
        req.url.includes(ids(3)[1]) ? { status: 409, data: actions.cancelAgain.body } : { status: 202, data: '' }
      )
    );
    renderAt(`${BASE}?cluster=restate-dev&service=greeter`);
    fireEvent.click(await screen.findByRole('button', { name: 'Act on all 10 matching' }));
    // Counts per status: 7 not completed (cancel applies), 3 completed (purge applies), none backing off.
    expect(await screen.findByRole('menuitem', { name: /^Cancel 7…/ })).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: /^Purge 3…/ })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('menuitem', { name: /^Cancel 7…/ }));

    await screen.findByRole('dialog');
    expect(await screen.findByText('Cancel 3 invocations?')).toBeInTheDocument();
    expect(backend.sqls().find((s) => s.startsWith('SELECT id FROM'))).toBe(
      "SELECT id FROM sys_invocation WHERE target_service_name = 'greeter' AND status IN ('pending', 'scheduled', 'ready', " +
        "'running', 'backing-off', 'suspended', 'paused') ORDER BY id LIMIT 10001"
    );
    expect(d().getByRole('list', { name: 'Filters' })).toHaveTextContent('Service: greeter');
    // Three: no typed confirmation.
    expect(d().queryByRole('textbox')).not.toBeInTheDocument();
    await act(async () => fireEvent.click(d().getByRole('button', { name: 'Cancel 3 invocations' })));

    expect(await screen.findByText('2 of 3 done, 1 failed.')).toBeInTheDocument();
    expect(backend.requests.filter((r) => r.method === 'PATCH').map((r) => r.url)).toEqual(
      ids(3).map((id) => `/api/datasources/uid/restate-dev/resources/invocations/${id}/cancel`)
    );
    const failures = d().getByRole('list', { name: 'Failures' });
    expect(within(failures).getByRole('link', { name: ids(3)[1] })).toBeInTheDocument();
    expect(failures).toHaveTextContent(/already completed, so there is nothing to cancel/);

    // Retry sends only the failure.
    await act(async () => fireEvent.click(d().getByRole('button', { name: 'Retry 1 failed' })));
    await waitFor(() => expect(backend.requests.filter((r) => r.method === 'PATCH')).toHaveLength(4));
    expect(backend.requests.filter((r) => r.method === 'PATCH').at(-1)!.url).toContain(ids(3)[1]);
    expect(await screen.findByText('2 of 3 done, 1 failed.')).toBeInTheDocument();
  });

  it('asks to type the count above 100, and sends nothing until it matches', async () => {
    const backend = installFakeBackend(handler(ids(150)));
    renderAt(`${BASE}?cluster=restate-dev`);
    await openAction(/^Kill 7…/);
    const typed = await screen.findByRole('textbox', { name: /^Type 150 to confirm/ });
    const confirm = d().getByRole('button', { name: 'Kill 150 invocations' });
    expect(confirm).toBeDisabled();
    fireEvent.change(typed, { target: { value: '15' } });
    fireEvent.keyDown(typed, { key: 'Enter' });
    expect(confirm).toBeDisabled();
    expect(backend.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    fireEvent.change(typed, { target: { value: '150' } });
    expect(confirm).toBeEnabled();
    await act(async () => fireEvent.keyDown(typed, { key: 'Enter' }));
    expect(await screen.findByText('150 of 150 done.')).toBeInTheDocument();
    expect(backend.requests.filter((r) => r.method === 'PATCH')).toHaveLength(150);
  });

  it('states the cap when more match than it includes', async () => {
    installFakeBackend(handler(ids(10_001)));
    renderAt(`${BASE}?cluster=restate-dev`);
    await openAction(/^Purge 3…/);
    expect(await screen.findByText('More than 10,000 match')).toBeInTheDocument();
    expect(d().getByRole('textbox', { name: /^Type 10000 to confirm/ })).toBeInTheDocument();
  });

  it('explains when the ids cannot be resolved, and tries again', async () => {
    let fail = true;
    installFakeBackend((req) =>
      req.sql?.startsWith('SELECT id FROM') && fail
        ? { status: 400, data: { results: { A: { status: 400, error: 'Restate SQL failed: boom' } } } }
        : handler(ids(2))(req)
    );
    renderAt(`${BASE}?cluster=restate-dev`);
    await openAction(/^Pause 4…/);
    expect(await screen.findByText('Could not find the matching invocations')).toBeInTheDocument();
    fail = false;
    fireEvent.click(d().getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Pause 2 invocations?')).toBeInTheDocument();
  });

  it('is not offered to a Viewer', async () => {
    setRole('Viewer');
    installFakeBackend(handler([]));
    renderAt(`${BASE}?cluster=restate-dev`);
    await screen.findByRole('table', { name: 'Invocations' });
    expect(await screen.findByText('10 matching')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Act on all/ })).not.toBeInTheDocument();
  });
});
