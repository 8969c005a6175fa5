import React from 'react';
import { Button } from '@grafana/ui';

/** Reloads what a page shows, spinning while a load runs. */
export function ReloadButton({
  busy,
  onClick,
  'aria-label': ariaLabel,
}: {
  busy: boolean;
  onClick: () => void;
  'aria-label'?: string;
}) {
  return (
    <Button variant="secondary" icon={busy ? 'spinner' : 'sync'} onClick={onClick} aria-label={ariaLabel}>
      Reload
    </Button>
  );
}
