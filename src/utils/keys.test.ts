import type React from 'react';
import { onCtrlEnter } from './keys';

const key = (k: Partial<React.KeyboardEvent>) => {
  const preventDefault = jest.fn();
  return {
    event: { ctrlKey: false, metaKey: false, ...k, preventDefault } as unknown as React.KeyboardEvent,
    preventDefault,
  };
};

describe('onCtrlEnter', () => {
  it('submits on Ctrl+Enter and Cmd+Enter, and keeps the newline out', () => {
    const submit = jest.fn();
    for (const mod of [{ ctrlKey: true }, { metaKey: true }]) {
      const { event, preventDefault } = key({ key: 'Enter', ...mod });
      onCtrlEnter(submit)(event);
      expect(preventDefault).toHaveBeenCalled();
    }
    expect(submit).toHaveBeenCalledTimes(2);
  });

  it('leaves Enter alone and other keys with Ctrl', () => {
    const submit = jest.fn();
    for (const k of [{ key: 'Enter' }, { key: 'a', ctrlKey: true }]) {
      const { event, preventDefault } = key(k);
      onCtrlEnter(submit)(event);
      expect(preventDefault).not.toHaveBeenCalled();
    }
    expect(submit).not.toHaveBeenCalled();
  });
});
