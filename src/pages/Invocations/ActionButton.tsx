import React from 'react';
import { Button, Tooltip } from '@grafana/ui';
import { ACTIONS, type InvocationAction } from '../../api/invocations';

/** The button that opens the dialog for `action`; disabled with the reason when the user may not operate. */
export function ActionButton({
  action,
  canOperate,
  operateReason,
  onClick,
}: {
  action: InvocationAction;
  canOperate: boolean;
  operateReason?: string;
  onClick: () => void;
}) {
  return (
    <Tooltip content={canOperate ? ACTIONS[action].description : (operateReason ?? '')}>
      <Button
        size="sm"
        variant={ACTIONS[action].destructive ? 'destructive' : 'secondary'}
        fill="outline"
        disabled={!canOperate}
        onClick={onClick}
      >
        {ACTIONS[action].label}
      </Button>
    </Tooltip>
  );
}

export interface ActionTarget {
  id: string;
  status: string;
  completionResult?: string;
}
