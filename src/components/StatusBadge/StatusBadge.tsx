import React from 'react';
import { Badge, type BadgeColor } from '@grafana/ui';
import { displayStatus, isStatusFilter, STATUS_DESCRIPTIONS, STATUS_LABELS } from '../../api/invocations';

export const STATUS_COLORS: Record<string, BadgeColor> = {
  pending: 'blue',
  scheduled: 'blue',
  ready: 'blue',
  running: 'blue',
  'backing-off': 'orange',
  suspended: 'darkgrey',
  paused: 'purple',
  succeeded: 'green',
  failed: 'red',
  completed: 'green',
};

export function StatusBadge({ status, completionResult }: { status: string; completionResult?: string }) {
  const s = displayStatus(status, completionResult);
  const label = (STATUS_LABELS as Record<string, string>)[s] ?? s;
  return (
    <Badge
      text={label}
      color={STATUS_COLORS[s] ?? 'darkgrey'}
      tooltip={isStatusFilter(s) ? STATUS_DESCRIPTIONS[s] : undefined}
    />
  );
}
