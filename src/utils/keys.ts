import type React from 'react';

/** A keydown handler that runs `submit` on Ctrl+Enter (Cmd+Enter on a Mac): how the app's text areas submit. */
export function onCtrlEnter(submit: () => void) {
  return (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };
}
