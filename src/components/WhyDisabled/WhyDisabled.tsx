import React from 'react';
import { Tooltip } from '@grafana/ui';

/** Wraps a control that the user's role does not allow, saying why on hover and focus. */
export function WhyDisabled({ reason, children }: { reason?: string; children: React.ReactElement }) {
  if (!reason) {
    return children;
  }
  return (
    <Tooltip content={reason}>
      {/* A disabled button fires no pointer events, so the tooltip hangs on a focusable wrapper. */}
      <span tabIndex={0} aria-label={reason}>
        {children}
      </span>
    </Tooltip>
  );
}
