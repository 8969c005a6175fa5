import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Stack, useStyles2 } from '@grafana/ui';
import type { SetupBusy } from '../../hooks/setupFlow';

/** "What will change": the plan's cards (children), then Apply (unless nothing would change or a change is blocked) and Cancel. */
export function PlanPreview({
  children,
  nothingToDo,
  blocked,
  busy,
  applyLabel,
  onApply,
  onCancel,
}: {
  children: React.ReactNode;
  nothingToDo: boolean;
  blocked: boolean;
  busy: SetupBusy | undefined;
  applyLabel: string;
  onApply: () => void;
  onCancel: () => void;
}) {
  return (
    <section aria-label="Preview">
      <h4>What will change</h4>
      {children}
      <Stack gap={1}>
        <Button
          onClick={onApply}
          disabled={blocked || nothingToDo || busy !== undefined}
          icon={busy === 'apply' ? 'spinner' : 'check'}
        >
          {nothingToDo ? 'Nothing to change' : applyLabel}
        </Button>
        <Button variant="secondary" fill="text" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
    </section>
  );
}

export interface AppliedItem {
  uid: string;
  action: 'create' | 'update' | 'unchanged';
  label: string;
  href: string;
}

/** What Apply did, each object linked to where Grafana shows it. */
export function AppliedList({ title, items }: { title: string; items: AppliedItem[] }) {
  const styles = useStyles2(getStyles);
  return (
    <Alert severity="success" title={title}>
      <ul className={styles.list}>
        {items.map((r) => (
          <li key={r.uid}>
            {r.action === 'create' ? 'Created' : r.action === 'update' ? 'Updated' : 'Unchanged'}{' '}
            <a className={styles.link} href={r.href}>
              {r.label}
            </a>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  list: css({ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: theme.spacing(1) }),
});
