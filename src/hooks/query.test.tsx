import React from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { RestateApiError } from '../api/errors';
import { installFakeBackend, rows } from '../test/backendSrv';
import { createQueryClient, nextDelay, useRestateQuery } from './query';
import { useInvalidate } from './resources/keys';
import { useServices } from './resources/services';

const rateLimited = (s: number) =>
  new RestateApiError({ kind: 'rate-limited', status: 429, message: 'slow down', retryAfterSeconds: s });

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  // Bubbles as the browser's does, so react-query's listener on window hears it.
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
}

/** A fresh cache per test, as the test kit's render() gives pages. */
function wrapper() {
  const client = createQueryClient();
  const Wrapper = ({ children }: { children: React.ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return Wrapper;
}

describe('nextDelay', () => {
  it('doubles per error in a row, up to the cap, and honours Retry-After', () => {
    expect(nextDelay(5000, 0, undefined, 60_000)).toBe(5000);
    expect(nextDelay(5000, 1, new Error('x'), 60_000)).toBe(10_000);
    expect(nextDelay(5000, 3, new Error('x'), 60_000)).toBe(40_000);
    expect(nextDelay(5000, 10, new Error('x'), 60_000)).toBe(60_000);
    expect(nextDelay(5000, 1, rateLimited(120), 60_000)).toBe(120_000);
  });
});

// Real timers with short intervals, waiting on conditions: react-query's interval fetches and React's renders do
// not interleave under jest's fake timers the way they do in a browser.
const down = () => new Error('down');
const calls = (load: jest.Mock) => load.mock.calls.length;

describe('useRestateQuery', () => {
  beforeEach(() => setVisibility('visible'));
  afterEach(() => jest.restoreAllMocks());

  it('refreshes on the interval, backs off after errors and resets on success', async () => {
    const load = jest
      .fn()
      .mockResolvedValueOnce(1)
      .mockRejectedValueOnce(down())
      .mockRejectedValueOnce(down())
      .mockResolvedValue(2);
    // What each render showed: data, whether an error, and the planned delay (the same value refetchInterval uses).
    const seen: string[] = [];
    const { result } = renderHook(
      () => {
        const r = useRestateQuery(['k'], load, { intervalMs: 20 });
        const step = `${r.data}/${r.error ? 'error' : 'ok'}/${r.delayMs}`;
        if (r.data !== undefined && seen[seen.length - 1] !== step) {
          seen.push(step);
        }
        return r;
      },
      { wrapper: wrapper() }
    );
    await waitFor(() => expect(result.current.data).toBe(2));
    // The last data stays visible with the error; the delay doubles per error in a row and resets on success.
    expect(seen).toEqual(['1/ok/20', '1/error/40', '1/error/80', '2/ok/20']);
    await waitFor(() => expect(calls(load)).toBeGreaterThan(4)); // polling goes on at the base interval
  });

  it('waits at least Retry-After when Restate rate-limits', async () => {
    const load = jest.fn().mockRejectedValueOnce(rateLimited(30)).mockResolvedValue('ok');
    const { result } = renderHook(() => useRestateQuery(['k'], load, { intervalMs: 20 }), { wrapper: wrapper() });
    await waitFor(() => expect(result.current.error).toBeDefined());
    expect(result.current.delayMs).toBe(30_000);
  });

  it('does not poll while the tab is hidden and catches up when it is shown', async () => {
    const load = jest.fn().mockResolvedValue('x');
    const { result } = renderHook(() => useRestateQuery(['k'], load, { intervalMs: 60_000 }), {
      wrapper: wrapper(),
    });
    await waitFor(() => expect(result.current.data).toBe('x'));
    setVisibility('hidden');
    // The next poll comes due while hidden.
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    await act(async () => setVisibility('visible'));
    await waitFor(() => expect(calls(load)).toBe(2));
  });

  it('does not refetch on showing the tab when no refresh came due', async () => {
    const load = jest.fn().mockResolvedValue('x');
    const other = jest.fn().mockResolvedValue('y');
    const { result } = renderHook(
      () => ({
        polled: useRestateQuery(['k'], load, { intervalMs: 60_000 }),
        // A query the focus does refetch (always due), to know the focus was handled.
        probe: useRestateQuery(['p'], other, { intervalMs: 1 }),
      }),
      { wrapper: wrapper() }
    );
    await waitFor(() => expect(result.current.polled.data).toBe('x'));
    setVisibility('hidden');
    const before = calls(other);
    await act(async () => setVisibility('visible'));
    await waitFor(() => expect(calls(other)).toBeGreaterThan(before));
    expect(calls(load)).toBe(1);
  });

  it('drops the answer of a superseded load when the key changes', async () => {
    let resolveOld: (v: string) => void = () => {};
    const loads: Record<string, () => Promise<string>> = {
      a: () => new Promise((r) => (resolveOld = r)),
      b: () => Promise.resolve('b'),
    };
    const { result, rerender } = renderHook(({ k }) => useRestateQuery([k], loads[k]), {
      initialProps: { k: 'a' },
      wrapper: wrapper(),
    });
    rerender({ k: 'b' });
    await waitFor(() => expect(result.current.data).toBe('b'));
    await act(async () => resolveOld('a'));
    expect(result.current.data).toBe('b');
  });

  it('shows no error for a request Grafana cancelled because a newer one replaced it (same requestId)', async () => {
    const superseded = new RestateApiError({
      kind: 'network',
      status: -1,
      message: 'Request was aborted',
      cancelled: true,
    });
    const seen: unknown[] = [];
    const load = jest.fn().mockResolvedValueOnce('first').mockRejectedValueOnce(superseded).mockResolvedValue('fresh');
    const { result } = renderHook(
      () => {
        const r = useRestateQuery(['k'], load, { intervalMs: 20 });
        seen.push(r.error);
        return r;
      },
      { wrapper: wrapper() }
    );
    await waitFor(() => expect(result.current.data).toBe('fresh'));
    expect(calls(load)).toBeGreaterThanOrEqual(3);
    expect(seen.filter((e) => e !== undefined)).toEqual([]);
    expect(result.current.delayMs).toBe(20); // no back-off for a cancellation
  });

  it('refresh loads again now and forgets the back-off', async () => {
    const load = jest.fn().mockRejectedValueOnce(down()).mockResolvedValue('ok');
    const { result } = renderHook(() => useRestateQuery(['k'], load, { intervalMs: 60_000 }), {
      wrapper: wrapper(),
    });
    await waitFor(() => expect(result.current.delayMs).toBe(120_000));
    await act(async () => result.current.refresh());
    await waitFor(() => expect(result.current.data).toBe('ok'));
    expect(calls(load)).toBe(2);
    expect(result.current.delayMs).toBe(60_000);
  });

  it('loads nothing while disabled', async () => {
    const load = jest.fn().mockResolvedValue('x');
    const probe = jest.fn().mockResolvedValue('y');
    const { result } = renderHook(
      () => ({
        off: useRestateQuery(['k'], load, { enabled: false, intervalMs: 1 }),
        on: useRestateQuery(['p'], probe, { intervalMs: 1 }),
      }),
      { wrapper: wrapper() }
    );
    await waitFor(() => expect(calls(probe)).toBeGreaterThan(2)); // several intervals have passed
    expect(load).not.toHaveBeenCalled();
    expect(result.current.off.loading).toBe(false);
  });
});

describe('resource hooks', () => {
  it('refetch the list a change invalidated, through the fake BackendSrv', async () => {
    let services = [{ name: 'Greeter' }];
    const backend = installFakeBackend((req) => (req.url.endsWith('/services') ? { data: { services } } : undefined));
    const { result } = renderHook(
      () => ({ list: useServices('restate-dev'), invalidate: useInvalidate('restate-dev') }),
      {
        wrapper: wrapper(),
      }
    );
    await waitFor(() => expect(result.current.list.data?.map((s) => s.name)).toEqual(['Greeter']));
    services = [{ name: 'Greeter' }, { name: 'Cart' }];
    await act(() => result.current.invalidate('services'));
    await waitFor(() => expect(result.current.list.data?.map((s) => s.name)).toEqual(['Greeter', 'Cart']));
    expect(backend.requests.filter((r) => r.url.endsWith('/services'))).toHaveLength(2);
  });

  it('leave other resources alone when one is invalidated', async () => {
    installFakeBackend((req) => (req.url.includes('/api/ds/query') ? rows([]) : { data: { services: [] } }));
    const load = jest.fn().mockResolvedValue('v');
    const { result } = renderHook(
      () => ({
        other: useRestateQuery(['cluster', 'restate-dev', 'version'], load),
        invalidate: useInvalidate('restate-dev'),
      }),
      { wrapper: wrapper() }
    );
    await waitFor(() => expect(result.current.other.data).toBe('v'));
    await act(() => result.current.invalidate('services'));
    expect(load).toHaveBeenCalledTimes(1);
  });
});
