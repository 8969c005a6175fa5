import React from 'react';
import { Badge, Stack, Text } from '@grafana/ui';
import {
  HEALTH_THRESHOLDS,
  ratioText,
  type HealthLevel,
  type ServiceHealth,
} from '../../model/fleet';

const LEVEL: Record<HealthLevel, { color: 'green' | 'orange' | 'red' | 'darkgrey'; text: string }> = {
  idle: { color: 'darkgrey', text: 'idle' },
  healthy: { color: 'green', text: 'healthy' },
  degraded: { color: 'orange', text: 'degraded' },
  unhealthy: { color: 'red', text: 'unhealthy' },
};

const pct = (n: number) => `${Math.round(n * 100)}%`;

/** How the levels are decided, in words (the tooltip and the legend). */
export const HEALTH_RULE_TEXT =
  `Degraded at ${pct(HEALTH_THRESHOLDS.backingOff.degraded)} backing off, ${pct(HEALTH_THRESHOLDS.paused.degraded)} paused ` +
  `(of unfinished invocations) or ${pct(HEALTH_THRESHOLDS.failed.degraded)} failed (of those completed in the last ` +
  `${HEALTH_THRESHOLDS.failedWindowMinutes} minutes); unhealthy at ${pct(HEALTH_THRESHOLDS.backingOff.unhealthy)}, ` +
  `${pct(HEALTH_THRESHOLDS.paused.unhealthy)} and ${pct(HEALTH_THRESHOLDS.failed.unhealthy)}.`;

/** A service's health level with the ratios behind it. */
export function ServiceHealthBadge({ health, service }: { health?: ServiceHealth; service: string }) {
  if (!health) {
    return (
      <span aria-label={`Health of ${service}: idle`}>
        <Badge color="darkgrey" text="idle" tooltip={`No unfinished or recent invocations of ${service}.`} />
      </span>
    );
  }
  const l = LEVEL[health.level];
  const details = health.ratios.map(ratioText).join('; ');
  return (
    <Stack direction="column" gap={0}>
      <span aria-label={`Health of ${service}: ${l.text}`}>
        <Badge color={l.color} text={l.text} tooltip={`${details || 'Nothing unfinished or recent.'} ${HEALTH_RULE_TEXT}`} />
      </span>
      {health.level !== 'idle' && (
        <Text variant="bodySmall" color="secondary">
          {health.ratios
            .filter((r) => r.count > 0)
            .map(ratioText)
            .join(' · ') || `${health.counts.active} unfinished, none failing`}
        </Text>
      )}
    </Stack>
  );
}
