import React from 'react';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { delayWhen, Subject } from 'rxjs';
import { useLocation } from 'react-router-dom';
import { render } from '../../test/render';
import InvocationsPage from './InvocationsPage';
import { installCluster, installFakeBackend, rows, setRole, type Answer, type Handler } from '../../test/backendSrv';
import * as sql from '../../api/__fixtures__/sql/samples';
import * as actions from '../../api/__fixtures__/invocations/actions';

const BASE = '/a/restatedev-restate-app/invocations';
const [OK, FAILED] = sql.sysInvocation.rows;
const PAUSED = sql.detailPaused.rows[0];

function Location() {
  const l = useLocation();
  return <output data-testid="location">{l.pathname + l.search}</output>;
}

function renderAt(url: string) {
  return render(<InvocationsPage />, { url, path: `${BASE}/*`, around: <Location /> });
}

const location = () => screen.getByTestId('location').textContent ?? '';

/** Answers like Restate would for the list page: counts, then a page of rows. */
const listHandler: Handler = ({ sql: q }) => {
  if (q?.includes('GROUP BY status')) {
    return rows(sql.counts.rows);
  }
  if (q?.startsWith('SELECT id, target')) {
    return rows([OK, FAILED, PAUSED]);
  }
  return undefined;
};

beforeEach(() => {
  installCluster();
  setRole('Editor');
});

describe('invocations list', () => {
  it('shows counts per status and one page of rows, each linking to its detail', async () => {
    const backend = installFakeBackend(listHandler);
    renderAt(`${BASE}?cluster=restate-dev`);
    const table = await screen.findByRole('table', { name: 'Invocations' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    const link = within(table).getByRole('link', { name: OK.id });
    expect(link).toHaveAttribute('href', `${BASE}/${OK.id}?cluster=restate-dev`);

    const counts = screen.getByRole('group', { name: 'Invocations by status' });
    // (the counts follow the rows)
    expect(await within(counts).findByRole('button', { name: /Suspended\s*3/ })).toBeInTheDocument();
    expect(within(counts).getByRole('button', { name: /All\s*10/ })).toHaveAttribute('aria-pressed', 'true');

    const list = backend.sqls().find((s) => s.startsWith('SELECT id, target'))!;
    expect(list).toMatch(/ORDER BY created_at DESC NULLS LAST, id DESC LIMIT 50\) ORDER BY created_at DESC/);
    expect(backend.sqls().find((s) => s.includes('GROUP BY'))).toBe(
      'SELECT status, completion_result, COUNT(*) AS count FROM sys_invocation GROUP BY status, completion_result'
    );
  });

  it('shows the rows first: the counts are asked only once the rows are in', async () => {
    const backend = installFakeBackend(listHandler);
    const answered = backend.fetch.getMockImplementation()!;
    const release = new Subject<void>();
    backend.fetch.mockImplementation((opts) => {
      const answer = answered(opts);
      const isList = backend.requests[backend.requests.length - 1].sql?.startsWith('SELECT id, target');
      return isList ? answer.pipe(delayWhen(() => release)) : answer;
    });
    renderAt(`${BASE}?cluster=restate-dev`);
    await waitFor(() => expect(backend.sqls().some((s) => s.startsWith('SELECT id, target'))).toBe(true));
    const counts = screen.getByRole('group', { name: 'Invocations by status' });
    expect(within(counts).getByRole('button', { name: /All\s*…/ })).toBeInTheDocument();
    expect(backend.sqls().filter((s) => s.includes('GROUP BY'))).toEqual([]);

    act(() => release.next());
    await screen.findByRole('table', { name: 'Invocations' });
    expect(await within(counts).findByRole('button', { name: /All\s*10/ })).toBeInTheDocument();
    const sent = backend.sqls();
    expect(sent.findIndex((s) => s.includes('GROUP BY'))).toBeGreaterThan(
      sent.findIndex((s) => s.startsWith('SELECT id, target'))
    );
  });

  it('filters by a status when its count is clicked, in the URL and in SQL', async () => {
    const backend = installFakeBackend(listHandler);
    renderAt(`${BASE}?cluster=restate-dev`);
    await screen.findByRole('table', { name: 'Invocations' });
    fireEvent.click(await screen.findByRole('button', { name: /Failed\s*1/ }));
    await waitFor(() => expect(location()).toContain('status=failed'));
    await waitFor(() =>
      expect(
        backend.sqls().some((s) => s.includes("WHERE (status = 'completed' AND completion_result = 'failure')"))
      ).toBe(true)
    );
  });

  it('applies a text filter on Enter, and refuses a malformed invocation id without querying', async () => {
    const backend = installFakeBackend(listHandler);
    renderAt(`${BASE}?cluster=restate-dev`);
    await screen.findByRole('table', { name: 'Invocations' });
    const service = screen.getByRole('textbox', { name: 'Service' });
    fireEvent.change(service, { target: { value: "greet'er" } });
    fireEvent.keyDown(service, { key: 'Enter' });
    await waitFor(() => expect(location()).toContain('service=greet%27er'));
    await waitFor(() => expect(backend.sqls().some((s) => s.includes("target_service_name = 'greet''er'"))).toBe(true));

    const before = backend.requests.length;
    const id = screen.getByRole('textbox', { name: 'Invocation id' });
    fireEvent.change(id, { target: { value: 'not-an-id' } });
    fireEvent.blur(id);
    expect(await screen.findByText(/An invocation id looks like/)).toBeInTheDocument();
    expect(screen.getByText('Fix the highlighted filter to see invocations')).toBeInTheDocument();
    expect(backend.requests.length).toBe(before);
  });

  it('sorts on the server when a column header is clicked', async () => {
    const backend = installFakeBackend(listHandler);
    renderAt(`${BASE}?cluster=restate-dev`);
    await screen.findByRole('table', { name: 'Invocations' });
    fireEvent.click(screen.getByRole('button', { name: 'Attempts' }));
    await waitFor(() => expect(location()).toContain('sort=retry_count%3Adesc'));
    await waitFor(() => expect(backend.sqls().some((s) => s.includes('ORDER BY retry_count DESC'))).toBe(true));
    expect(screen.getByRole('columnheader', { name: /Attempts/ })).toHaveAttribute('aria-sort', 'descending');
  });

  it('pages on the server: page 2 asks Restate for OFFSET 50', async () => {
    const backend = installFakeBackend(({ sql: q }) =>
      q?.includes('GROUP BY')
        ? rows([{ status: 'running', count: 120 }])
        : listHandler({ url: '', method: 'POST', sql: q })
    );
    renderAt(`${BASE}?cluster=restate-dev&page=2`);
    await screen.findByRole('table', { name: 'Invocations' });
    expect(backend.sqls().find((s) => s.startsWith('SELECT id'))).toMatch(/LIMIT 50 OFFSET 50\) ORDER BY/);
    expect(await screen.findByText('120 matching')).toBeInTheDocument();
  });

  it('cancels a selection after a confirmation that says what cancel does, and reports each result', async () => {
    const backend = installFakeBackend((req) => {
      if (req.method === 'PATCH') {
        return req.url.includes(PAUSED.id)
          ? { status: 409, data: actions.cancelAgain.body }
          : { status: 202, data: '' };
      }
      return listHandler(req);
    });
    renderAt(`${BASE}?cluster=restate-dev`);
    await screen.findByRole('table', { name: 'Invocations' });
    fireEvent.click(screen.getByRole('checkbox', { name: `Select ${PAUSED.id}` }));
    fireEvent.click(screen.getByRole('checkbox', { name: `Select ${OK.id}` }));
    // (the actions' buttons load once a row is selected)
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Cancels gracefully/)).toBeInTheDocument();
    // The completed one is not sent: Restate would refuse it.
    expect(within(dialog).getByText(/1 of the 2 selected will not be sent/)).toBeInTheDocument();
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel invocation' })));

    await waitFor(() => expect(backend.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1));
    expect(backend.requests.find((r) => r.method === 'PATCH')!.url).toBe(
      `/api/datasources/uid/restate-dev/resources/invocations/${PAUSED.id}/cancel`
    );
    const results = await screen.findByRole('list', { name: 'Results' });
    expect(within(results).getByText(/already completed, so there is nothing to cancel/)).toBeInTheDocument();
  });

  it('disables actions for a Viewer and says why', async () => {
    setRole('Viewer');
    installFakeBackend(listHandler);
    renderAt(`${BASE}?cluster=restate-dev`);
    await screen.findByRole('table', { name: 'Invocations' });
    fireEvent.click(screen.getByRole('checkbox', { name: `Select ${OK.id}` }));
    expect(await screen.findByRole('button', { name: 'Purge' })).toBeDisabled();
  });

  it('explains a failed load with Restate’s message', async () => {
    installFakeBackend(() => ({ status: 400, data: { message: 'Datafusion error: boom' } }));
    renderAt(`${BASE}?cluster=restate-dev`);
    expect(await screen.findByText('Could not load invocations')).toBeInTheDocument();
    expect(screen.getAllByText(/Datafusion error: boom/).length).toBeGreaterThan(0);
  });
});

describe('invocation detail', () => {
  const PENDING = sql.detailPending.rows[0];

  it('shows target, status, failure with its code, the journal with retries, and Explore links', async () => {
    const backend = installFakeBackend(({ sql: q }) => {
      if (q?.startsWith('SELECT * FROM sys_invocation')) {
        return rows([PAUSED]);
      }
      if (q?.includes('FROM sys_journal_events')) {
        return rows(sql.journalEventsFlaky.rows);
      }
      if (q?.includes('FROM sys_journal ')) {
        return rows([sql.journalFail.rows[0]]);
      }
      return undefined;
    });
    installCluster({ tempoUid: 'tempo-1' });
    renderAt(`${BASE}/${PAUSED.id}?cluster=restate-dev`);
    expect(await screen.findByText('greeter/flaky')).toBeInTheDocument();
    expect(screen.getAllByText('Paused')[0]).toBeInTheDocument();
    expect(screen.getByText('Last failure (RT0007)')).toBeInTheDocument();
    expect(screen.getByText(/flaky failure #6/, { selector: 'pre' })).toBeInTheDocument();
    // Restate's PT86400S, readable
    expect(screen.getByText('result 1d, journal 1d')).toBeInTheDocument();

    const journal = screen.getByRole('list', { name: 'Journal entries' });
    expect(within(journal).getByText('Input')).toBeInTheDocument();
    expect(within(journal).getByText('Paused')).toBeInTheDocument();
    expect(within(journal).getAllByText('Attempt failed').length).toBe(1);

    const trace = screen.getByRole('link', { name: /Trace in Explore/ });
    expect(decodeURIComponent(trace.getAttribute('href')!)).toContain(`.restate.invocation.id=\\"${PAUSED.id}\\"`);
    // No Loki data source on this cluster: the button is there, disabled, with the reason.
    expect(screen.getByRole('button', { name: /Logs in Explore/ })).toBeDisabled();

    // Only actions that can succeed on a paused invocation are offered.
    const actionsBar = screen.getByLabelText('Actions');
    expect(within(actionsBar).getByRole('button', { name: 'Resume' })).toBeEnabled();
    expect(within(actionsBar).queryByRole('button', { name: 'Purge' })).not.toBeInTheDocument();
    expect(backend.sqls().every((s) => !s.includes('FROM state'))).toBe(true);
  });

  it('says when the linked Tempo is down, keeps its link, and stops saying so once a check succeeds', async () => {
    let tempo: Answer = { status: 502, data: '' };
    const backend = installFakeBackend(({ url, sql: q }) => {
      if (url === '/api/datasources/proxy/uid/tempo-1/api/echo') {
        return tempo;
      }
      if (url === '/api/datasources/uid/loki-gone/health') {
        return { status: 500, data: { message: 'Unable to load datasource metadata' } };
      }
      if (q?.startsWith('SELECT * FROM sys_invocation')) {
        return rows([PAUSED]);
      }
      return q?.includes('FROM sys_journal') ? rows([]) : undefined;
    });
    installCluster({ tempoUid: 'tempo-1', lokiUid: 'loki-gone' });
    renderAt(`${BASE}/${PAUSED.id}?cluster=restate-dev`);

    const down = await screen.findByLabelText('Tempo is not answering');
    expect(down).toHaveTextContent('tempo-1');
    expect(down).toHaveTextContent('could not reach Tempo');
    expect(down).toHaveTextContent('still opens Explore');
    // Down is not gone: the link stays, since Tempo may be back when the user gets there.
    expect(screen.getByRole('link', { name: /Trace in Explore/ })).toHaveAttribute(
      'href',
      expect.stringContaining('/explore')
    );
    // A data source Grafana cannot load: no link that cannot work, and what to do.
    const gone = await screen.findByLabelText('Loki not found');
    expect(gone).toHaveTextContent('loki-gone');
    expect(gone).toHaveTextContent('Restate data source settings');
    expect(screen.getByRole('button', { name: /Logs in Explore/ })).toBeDisabled();

    tempo = { data: 'echo' };
    fireEvent.click(within(down).getByRole('button', { name: 'Check now' }));
    await waitFor(() => expect(screen.queryByLabelText('Tempo is not answering')).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: /Trace in Explore/ })).toBeInTheDocument();
    // One check per data source per refresh, whoever shows it (the link and its warning share the query).
    const checks = backend.requests.filter((r) => r.url === '/api/datasources/proxy/uid/tempo-1/api/echo');
    expect(checks.length).toBe(2);
  });

  it('shows the object’s state and its place in the inbox for a queued virtual object call', async () => {
    installFakeBackend(({ sql: q }) => {
      if (q?.startsWith('SELECT * FROM sys_invocation')) {
        return rows([PENDING]);
      }
      if (q?.includes('FROM sys_journal')) {
        return rows([]);
      }
      if (q?.includes('FROM state')) {
        return rows([{ key: 'count', value_utf8: '8', value_length: 1 }]);
      }
      if (q?.includes('FROM sys_inbox')) {
        return rows(sql.inbox.rows);
      }
      if (q?.includes('sys_keyed_service_status')) {
        return rows([{ invocation_id: 'inv_1foAirY4KKzi5w1cQdPLsT28pYt7IF7Wia' }]);
      }
      return undefined;
    });
    renderAt(`${BASE}/${PENDING.id}?cluster=restate-dev`);
    expect(await screen.findByText('Waiting in the object’s inbox')).toBeInTheDocument();
    expect(screen.getByText(/Next in line in the inbox of counter\/k1 \(1 queued\)/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'inv_1foAirY4KKzi5w1cQdPLsT28pYt7IF7Wia' })).toBeInTheDocument();
    const state = screen.getByRole('table', { name: 'State' });
    expect(within(state).getByText('count')).toBeInTheDocument();
    expect(within(state).getByText('8')).toBeInTheDocument();
  });

  it('says when Restate does not know the invocation, and rejects a malformed id without a request', async () => {
    const backend = installFakeBackend(() => rows([]));
    renderAt(`${BASE}/${PAUSED.id}?cluster=restate-dev`);
    expect(await screen.findByText('Invocation not found')).toBeInTheDocument();

    const count = backend.requests.length;
    renderAt(`${BASE}/inv_bad'id?cluster=restate-dev`);
    expect(await screen.findByText('Not an invocation id')).toBeInTheDocument();
    expect(backend.requests.length).toBe(count);
  });

  it('restarts a completed invocation as new and links to the new one', async () => {
    installFakeBackend((req) => {
      if (req.method === 'PATCH') {
        return { data: actions.restartAsNew.body };
      }
      if (req.sql?.startsWith('SELECT * FROM sys_invocation')) {
        return rows([FAILED]);
      }
      return rows([]);
    });
    renderAt(`${BASE}/${FAILED.id}?cluster=restate-dev`);
    expect(await screen.findByRole('link', { name: FAILED.pinned_deployment_id })).toHaveAttribute(
      'href',
      `/a/restatedev-restate-app/deployments/${FAILED.pinned_deployment_id}?cluster=restate-dev`
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Restart as new' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Starts a new invocation with the same input/)).toBeInTheDocument();
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Restart from the beginning' })));
    const link = await screen.findByRole('link', { name: actions.restartAsNew.body.new_invocation_id });
    expect(link).toHaveAttribute('href', `${BASE}/${actions.restartAsNew.body.new_invocation_id}?cluster=restate-dev`);
  });
});
