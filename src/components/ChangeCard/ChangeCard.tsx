import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Stack, Text, useStyles2 } from '@grafana/ui';
import type { PlannedChange } from '../../model/setupPlan';

/**
 * A planned change with its settings before and after, so an admin sees exactly what Apply will do.
 * `what` names the object ("data source", "rule") in the blocked message's title.
 */
export function ChangeCard({
  change,
  name,
  what,
  testId,
}: {
  change: PlannedChange;
  name: string;
  what: string;
  testId: string;
}) {
  const styles = useStyles2(getStyles);
  const verb = change.action === 'create' ? 'Create' : change.action === 'update' ? 'Update' : 'Unchanged:';
  return (
    <div className={styles.change} data-testid={testId}>
      <Stack gap={1} alignItems="center">
        <Badge
          text={change.action}
          color={change.action === 'create' ? 'green' : change.action === 'update' ? 'blue' : 'darkgrey'}
        />
        <Text weight="medium">
          {verb} {name}
        </Text>
        <Text color="secondary">uid {change.uid}</Text>
      </Stack>
      {change.blocked && (
        <Alert severity="error" title={`Cannot change this ${what}`}>
          {change.blocked}
        </Alert>
      )}
      {change.action !== 'unchanged' && change.diff.length > 0 && (
        <table className={styles.diff}>
          <thead>
            <tr>
              <th>Setting</th>
              <th>Now</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {change.diff.map((d) => (
              <tr key={d.path}>
                <td>
                  <code>{d.path}</code>
                </td>
                <td className={styles.before}>{d.before === undefined ? '—' : <code>{show(d.before)}</code>}</td>
                <td className={styles.after}>
                  <code>{show(d.after)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const getStyles = (theme: GrafanaTheme2) => ({
  change: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
    display: 'grid',
    gap: theme.spacing(1),
  }),
  diff: css({
    width: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': { textAlign: 'left', padding: theme.spacing(0.5, 1), verticalAlign: 'top', overflowWrap: 'anywhere' },
    th: { color: theme.colors.text.secondary, whiteSpace: 'nowrap' },
    'td:first-child': { width: '35%' },
    code: { whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
  }),
  before: css({ color: theme.colors.text.secondary }),
  after: css({ color: theme.colors.success.text }),
});
