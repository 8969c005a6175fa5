import React from 'react';
import { Button, type ButtonProps, Tooltip } from '@grafana/ui';

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

/** A button the user's role may not allow: disabled with `reason` on hover and focus when there is one. */
export function RoleButton({ reason, disabled, ...props }: { reason?: string } & ButtonProps) {
  return (
    <WhyDisabled reason={reason}>
      <Button {...props} disabled={Boolean(reason) || disabled} />
    </WhyDisabled>
  );
}

/** A table row's Delete, for roles that may delete (`reason` otherwise); `label` names what it deletes. */
export function RowDeleteButton({ reason, label, onClick }: { reason?: string; label: string; onClick: () => void }) {
  return (
    <RoleButton
      reason={reason}
      size="sm"
      variant="destructive"
      fill="text"
      icon="trash-alt"
      aria-label={label}
      onClick={onClick}
    >
      Delete
    </RoleButton>
  );
}
