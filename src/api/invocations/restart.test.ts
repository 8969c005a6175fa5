import { of, throwError } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import {
  deploymentParam,
  explainRestartError,
  explainResumeError,
  restartAsNew,
  restartPoints,
  restartRequest,
  resumeInvocation,
  resumeRequest,
  toJournalEntry,
} from './index';
import { RestateApiError } from '../errors';
import { journalTrip } from '../__fixtures__/sql/journalTrip';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
}));

const ID = 'inv_1dAfIwEHxshU59QudbdU20oq8F4dCckmTu';
const DP = 'dp_12S1Ert1tZ6oLL5GaAHV1cJ';
const trip = journalTrip.rows.map(toJournalEntry);

function answer(status: number, body: unknown) {
  const fetch = jest.fn(() =>
    status < 300
      ? of({ data: body ?? '' })
      : throwError(() => ({ status, statusText: '', data: body, config: {}, isHandled: false }))
  );
  jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
  return fetch;
}

describe('restart-as-new and resume requests', () => {
  it('builds restart-as-new with from and a deployment, only as Restate takes them', () => {
    expect(restartRequest(ID)).toEqual({ path: `invocations/${ID}/restart-as-new`, params: {} });
    expect(restartRequest(ID, { from: 0 })).toEqual({
      path: `invocations/${ID}/restart-as-new`,
      params: { from: '0' },
    });
    expect(restartRequest(ID, { from: 4, deployment: { kind: 'latest' } }).params).toEqual({
      from: '4',
      deployment: 'latest',
    });
    expect(restartRequest(ID, { from: 4, deployment: { kind: 'keep' } }).params.deployment).toBe('keep');
    expect(restartRequest(ID, { from: 4, deployment: { kind: 'id', id: DP } }).params.deployment).toBe(DP);
    // Restate takes a deployment only together with a journal prefix.
    expect(() => restartRequest(ID, { deployment: { kind: 'latest' } })).toThrow(/only when restarting from/);
    expect(() => restartRequest(ID, { from: 0, deployment: { kind: 'latest' } })).toThrow(/only when/);
    expect(() => restartRequest(ID, { from: -1 })).toThrow(/whole number/);
    expect(() => restartRequest(ID, { from: 1.5 })).toThrow(/whole number/);
    expect(() => restartRequest('inv_x/../deployments')).toThrow(/not an invocation id/);
  });

  it('builds resume with or without a deployment, and refuses a malformed deployment id', () => {
    expect(resumeRequest(ID)).toEqual({ path: `invocations/${ID}/resume`, params: {} });
    expect(resumeRequest(ID, { deployment: { kind: 'id', id: DP } }).params).toEqual({ deployment: DP });
    expect(deploymentParam({ kind: 'latest' })).toBe('latest');
    expect(() => deploymentParam({ kind: 'id', id: 'dp_1&from=0' })).toThrow(/not a deployment id/);
  });

  it('sends PATCH with the query through the proxy and returns the new invocation id', async () => {
    const fetch = answer(200, { new_invocation_id: 'inv_1hT9MioSlVHX0fgdue1wZHwvGv4vulGFdT' });
    await expect(restartAsNew('ds', ID, { from: 4, deployment: { kind: 'id', id: DP } })).resolves.toEqual({
      id: ID,
      action: 'restart-as-new',
      ok: true,
      newInvocationId: 'inv_1hT9MioSlVHX0fgdue1wZHwvGv4vulGFdT',
    });
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: `/api/datasources/uid/ds/resources/invocations/${ID}/restart-as-new`,
        method: 'PATCH',
        params: { from: '4', deployment: DP },
      })
    );
  });

  it('sends nothing that Restate would refuse, and says why', async () => {
    const fetch = answer(200, '');
    const r = await restartAsNew('ds', ID, { deployment: { kind: 'keep' } });
    expect(r).toMatchObject({ ok: false, status: 400, error: expect.stringMatching(/only when restarting/) });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('explains Restate’s refusals in words (recorded messages of restate-server 1.7.12)', async () => {
    answer(400, {
      message: `The prefix of the journal '${ID}' up to 'from' (included) contains some Commands without respective Completions.`,
    });
    expect((await restartAsNew('ds', ID, { from: 3 })).error).toMatch(
      /journal up to entry 3 holds a command that never completed.*Choose an earlier entry/
    );
    answer(400, {
      message: `The given deployment was not found when trying to restart as new the invocation '${ID}'.`,
    });
    expect((await restartAsNew('ds', ID, { from: 3, deployment: { kind: 'id', id: DP } })).error).toMatch(
      /chosen deployment does not exist/
    );
    answer(409, { message: `The invocation '${ID}' is still running.` });
    expect((await restartAsNew('ds', ID)).error).toMatch(/still running; only completed invocations/);

    answer(409, {
      message: `The invocation '${ID}' is still running or the deployment id is not pinned yet, deployment id cannot be changed.`,
    });
    expect((await resumeInvocation('ds', ID, { deployment: { kind: 'latest' } })).error).toMatch(
      /deployment can be changed only while it is paused or suspended.*Pause it first/
    );
    const fetch = answer(200, '');
    await expect(resumeInvocation('ds', ID)).resolves.toEqual({ id: ID, action: 'resume', ok: true });
    expect(fetch).toHaveBeenCalledWith(expect.objectContaining({ method: 'PATCH', params: {} }));
  });

  it('falls back to the general explanations', () => {
    const e = new RestateApiError({ kind: 'restate', status: 425, message: 'inboxed', path: 'x' } as never);
    expect(explainRestartError(e)).toMatch(/has not started yet/);
    expect(explainResumeError(e)).toMatch(/it will run on its own/);
  });
});

describe('journal v2 decoding and restart points', () => {
  it('links commands and their completions, names call targets, keeps payloads whole', () => {
    expect(trip.map((e) => [e.index, e.type, e.awaits, e.completes, e.signal])).toEqual([
      [0, 'Input', undefined, undefined, undefined],
      [1, 'Call', [1, 2], undefined, undefined],
      [2, 'CallInvocationId', undefined, 1, undefined],
      [3, 'Call', undefined, 2, undefined],
      [4, 'Sleep', [3], undefined, undefined],
      [5, 'Sleep', undefined, 3, undefined],
      [6, 'OneWayCall', [4], undefined, undefined],
      [7, 'CallInvocationId', undefined, 4, undefined],
      [8, 'Signal', undefined, undefined, 17],
      [9, 'Run', [5], undefined, undefined],
      [10, 'Run', undefined, 5, undefined],
      [11, 'Output', undefined, undefined, undefined],
    ]);
    expect(trip[1].details[0]).toMatchObject({ label: 'target', value: 'greeter/greet' });
    expect(trip[6].details[0]).toMatchObject({ label: 'target', value: 'timeline/wake' });
    expect(trip[3].result).toEqual({ ok: true, value: '"Hello, timeline!"' });
    const big = trip[10].payloads![0];
    expect(big.label).toBe('result');
    expect(big.payload).toMatchObject({ kind: 'text', bytes: 3029 });
    expect(big.payload.kind === 'text' && JSON.parse(big.payload.text).blob).toHaveLength(3000);
  });

  it('allows every entry of a journal whose commands all completed', () => {
    expect(restartPoints(trip).every((p) => p.allowed)).toBe(true);
  });

  it('refuses entries from a command that never completed on, and says which one', () => {
    // A killed invocation: its sleep (#4) never got its completion.
    const killed = trip.filter((e) => e.index !== 5);
    const points = restartPoints(killed);
    expect(points.filter((p) => p.allowed).map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(points.find((p) => p.index === 4)).toEqual({ index: 4, allowed: false, reason: '#4 Sleep never completed' });
    expect(points.find((p) => p.index === 9)?.reason).toBe('#4 Sleep before it never completed');
  });
});
