import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Stack, Text, useStyles2 } from '@grafana/ui';
import type { ServiceMetadata } from '../../api/services';
import { retryPolicyLines, type RetryPolicyWire } from '../../model/fleet';

/**
 * The retry policy of a service and of each handler (the handler's overrides over the service's values). Read
 * only: Restate 1.7.12's PATCH /services/{name} takes no retry policy (ModifyServiceRequest has none, and one sent
 * anyway is ignored); it comes from the service's code (the SDK's retryPolicy option) or Restate's defaults.
 */
export function RetryPolicyView({ service }: { service: ServiceMetadata }) {
  const styles = useStyles2(getStyles);
  const servicePolicy = (service as { retry_policy?: RetryPolicyWire }).retry_policy;
  const handlers = [...service.handlers].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Stack direction="column" gap={1}>
      <Alert severity="info" title="Set in the service’s code, not here">
        Restate’s admin API (1.7) cannot change a retry policy: set it with the SDK’s <code>retryPolicy</code> option on
        the service or handler (or Restate’s <code>default-retry-policy</code> configuration) and register the
        deployment again.
      </Alert>
      <table className={styles.table} aria-label={`Retry policy of ${service.name}`}>
        <thead>
          <tr>
            <th>Handler</th>
            {retryPolicyLines(servicePolicy).map((l) => (
              <th key={l.label}>{l.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <Text italic>service default</Text>
            </td>
            {retryPolicyLines(servicePolicy).map((l) => (
              <td key={l.label}>{l.value}</td>
            ))}
          </tr>
          {handlers.map((h) => (
            <tr key={h.name} aria-label={`Retry policy of ${h.name}`}>
              <td>
                <code>{h.name}</code>
              </td>
              {retryPolicyLines(servicePolicy, (h as { retry_policy?: RetryPolicyWire | null }).retry_policy).map((l) => (
                <td key={l.label}>
                  {l.value}
                  {l.overridden && (
                    <>
                      {' '}
                      <Badge color="blue" text="handler" tooltip="Set on this handler, overriding the service's value." />
                    </>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    borderCollapse: 'collapse',
    width: '100%',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      verticalAlign: 'top',
    },
    th: { fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.secondary },
  }),
});
