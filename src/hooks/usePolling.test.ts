import { act, renderHook } from '@testing-library/react';
import { RestateApiError } from '../api/errors';
import { nextDelay, usePolling } from './usePolling';

const rateLimited = (s: number) =>
  new RestateApiError({ kind: 'rate-limited', status: 429, message: 'slow down', retryAfterSeconds: s });

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

async function flush() {
  await act(async () => {
    await Promise.resolve();
  });
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

describe('usePolling', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    setVisibility('visible');
  });
  afterEach(() => jest.useRealTimers());

  it('refreshes on the interval and backs off after errors', async () => {
    const load = jest
      .fn()
      .mockResolvedValueOnce(1)
      .mockRejectedValueOnce(new Error('down'))
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue(2);
    const { result } = renderHook(() => usePolling(load, [], { intervalMs: 1000 }));
    await flush();
    expect(result.current.data).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);

    await act(async () => jest.advanceTimersByTime(1000));
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
    expect(result.current.error).toBeInstanceOf(Error);
    expect(result.current.data).toBe(1); // the last data stays visible with the error
    expect(result.current.delayMs).toBe(2000);

    await act(async () => jest.advanceTimersByTime(1999));
    expect(load).toHaveBeenCalledTimes(2);
    await act(async () => jest.advanceTimersByTime(1));
    await flush();
    expect(load).toHaveBeenCalledTimes(3);
    expect(result.current.delayMs).toBe(4000);

    await act(async () => jest.advanceTimersByTime(4000));
    await flush();
    expect(result.current.data).toBe(2);
    expect(result.current.error).toBeUndefined();
    expect(result.current.delayMs).toBe(1000);
  });

  it('waits at least Retry-After when Restate rate-limits', async () => {
    const load = jest.fn().mockRejectedValueOnce(rateLimited(30)).mockResolvedValue('ok');
    const { result } = renderHook(() => usePolling(load, [], { intervalMs: 1000 }));
    await flush();
    expect(result.current.delayMs).toBe(30_000);
    await act(async () => jest.advanceTimersByTime(29_000));
    expect(load).toHaveBeenCalledTimes(1);
    await act(async () => jest.advanceTimersByTime(1000));
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not poll while the tab is hidden and catches up when it is shown', async () => {
    const load = jest.fn().mockResolvedValue('x');
    renderHook(() => usePolling(load, [], { intervalMs: 1000 }));
    await flush();
    setVisibility('hidden');
    await act(async () => jest.advanceTimersByTime(10_000));
    expect(load).toHaveBeenCalledTimes(1);
    await act(async () => setVisibility('visible'));
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('drops the answer of a superseded load when deps change', async () => {
    let resolveOld: (v: string) => void = () => {};
    const loads: Record<string, () => Promise<string>> = {
      a: () => new Promise((r) => (resolveOld = r)),
      b: () => Promise.resolve('b'),
    };
    const { result, rerender } = renderHook(({ k }) => usePolling(loads[k], [k]), { initialProps: { k: 'a' } });
    rerender({ k: 'b' });
    await flush();
    expect(result.current.data).toBe('b');
    await act(async () => resolveOld('a'));
    expect(result.current.data).toBe('b');
  });

  it('ignores a request Grafana cancelled because a refresh replaced it (same requestId)', async () => {
    const superseded = new RestateApiError({
      kind: 'network',
      status: -1,
      message: 'Request was aborted',
      cancelled: true,
    });
    let rejectFirst: (e: unknown) => void = () => {};
    const load = jest
      .fn()
      .mockImplementationOnce(() => new Promise((_, reject) => (rejectFirst = reject)))
      .mockResolvedValue('fresh');
    const { result } = renderHook(() => usePolling(load, [], { intervalMs: 1000 }));
    await act(async () => result.current.refresh());
    await act(async () => rejectFirst(superseded));
    await flush();
    expect(result.current.data).toBe('fresh');
    expect(result.current.error).toBeUndefined();
    expect(result.current.delayMs).toBe(1000); // no back-off for a cancellation
  });

  it('loads nothing while disabled', async () => {
    const load = jest.fn().mockResolvedValue('x');
    const { result } = renderHook(() => usePolling(load, [], { enabled: false, intervalMs: 1000 }));
    await act(async () => jest.advanceTimersByTime(5000));
    expect(load).not.toHaveBeenCalled();
    expect(result.current.loading).toBe(false);
  });
});
