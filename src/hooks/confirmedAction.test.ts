import { act, renderHook } from '@testing-library/react';
import { useConfirmedAction } from './confirmedAction';

describe('useConfirmedAction', () => {
  it('runs the action only on confirm, reports its words and closes', async () => {
    const run = jest.fn(async (name: string) => `${name} deleted.`);
    const { result } = renderHook(() => useConfirmedAction(run));
    expect(result.current.modal.isOpen).toBe(false);

    act(() => result.current.ask('rule-a'));
    expect(result.current.modal.isOpen).toBe(true);
    expect(result.current.target).toBe('rule-a');
    expect(run).not.toHaveBeenCalled();

    await act(() => result.current.modal.onConfirm());
    expect(run).toHaveBeenCalledWith('rule-a');
    expect(result.current.notice).toBe('rule-a deleted.');
    expect(result.current.modal.isOpen).toBe(false);
  });

  it('keeps the failure to explain, and asking again clears it and the last notice', async () => {
    const refused = new Error('refused');
    const { result } = renderHook(() =>
      useConfirmedAction(async () => {
        throw refused;
      })
    );
    act(() => result.current.setNotice('Rule created.'));
    act(() => result.current.ask('x'));
    expect(result.current.notice).toBeUndefined();
    await act(() => result.current.modal.onConfirm());
    expect(result.current.error).toBe(refused);
    expect(result.current.notice).toBeUndefined();

    act(() => result.current.ask('y'));
    expect(result.current.error).toBeUndefined();
  });

  it('dismissing sends nothing', async () => {
    const run = jest.fn(async () => 'done');
    const { result } = renderHook(() => useConfirmedAction(run));
    act(() => result.current.ask('x'));
    act(() => result.current.modal.onDismiss());
    await act(() => result.current.modal.onConfirm());
    expect(run).not.toHaveBeenCalled();
  });

  it('a second confirm while the first runs sends nothing more', async () => {
    let finish: (v: string) => void = () => {};
    const run = jest.fn(() => new Promise<string>((resolve) => (finish = resolve)));
    const { result } = renderHook(() => useConfirmedAction(run));
    act(() => result.current.ask('x'));
    let first: Promise<void> = Promise.resolve();
    act(() => {
      first = result.current.modal.onConfirm();
    });
    expect(result.current.modal.disabled).toBe(true);
    await act(() => result.current.modal.onConfirm());
    expect(run).toHaveBeenCalledTimes(1);
    await act(async () => {
      finish('done');
      await first;
    });
    expect(result.current.notice).toBe('done');
  });
});
