import React from 'react';
import { Badge, Stack, Text } from '@grafana/ui';
import {
  HEALTH_THRESHOLDS,
  ratioText,
  thresholdPercent as pct,
  tooFewText,
  type HealthLevel,
  type ServiceHealth,
} from '../../model/fleet';

// Degraded is the UI's low severity (orange, the theme's warning colour), unhealthy its high one (red, error).
const LEVEL: Record<HealthLevel, { badge: 'green' | 'orange' | 'red' | 'darkgrey'; text?: 'warning' | 'error' }> = {
  idle: { badge: 'darkgrey' },
  healthy: { badge: 'green' },
  degraded: { badge: 'orange', text: 'warning' },
  unhealthy: { badge: 'red', text: 'error' },
};

const t = HEALTH_THRESHOLDS.ratios;

/** How the levels are decided, in words (the tooltip and the legend). */
export const HEALTH_RULE_TEXT =
  `As Restate's UI computes it, over the invocations created in the last hour, from ` +
  `${HEALTH_THRESHOLDS.minInvocations} invocations on: degraded at ${pct(t.failed.low)} failed (of those completed) ` +
  `or ${pct(t['backing-off'].low)} backing off, ${pct(t.paused.low)} paused, ${pct(t.pending.low)} pending or ` +
  `${pct(t.ready.low)} ready (of those in flight); unhealthy at ${pct(t['backing-off'].high)} backing off, ` +
  `${pct(t.paused.high)} paused, ${pct(t.pending.high)} pending or ${pct(t.ready.high)} ready. Failures alone ` +
  `make a service at most degraded.`;

/** A service's health level with the ratios behind it. */
export function ServiceHealthBadge({ health, service }: { health?: ServiceHealth; service: string }) {
  if (!health || health.level === 'idle') {
    return (
      <span aria-label={`Health of ${service}: idle`}>
        <Badge
          color="darkgrey"
          text="idle"
          tooltip={`No invocation of ${service} was created in the last hour. ${HEALTH_RULE_TEXT}`}
        />
      </span>
    );
  }
  const details = health.tooFew
    ? tooFewText(health)
    : health.ratios.length
      ? health.ratios.map(ratioText).join('; ')
      : `${health.total} invocations in the last hour, no threshold crossed`;
  return (
    <Stack direction="column" gap={0}>
      <span aria-label={`Health of ${service}: ${health.level}`}>
        <Badge color={LEVEL[health.level].badge} text={health.level} tooltip={`${details}. ${HEALTH_RULE_TEXT}`} />
      </span>
      <Text variant="bodySmall" color="secondary">
        {health.tooFew || health.ratios.length === 0
          ? details
          : health.ratios.map((r, i) => (
              <React.Fragment key={r.status}>
                {i > 0 && ' · '}
                <Text element="span" variant="bodySmall" color={LEVEL[r.level].text ?? 'secondary'}>
                  {ratioText(r)}
                </Text>
              </React.Fragment>
            ))}
      </Text>
    </Stack>
  );
}
