import React from 'react';
import { screen } from '@testing-library/react';
import { createTheme } from '@grafana/data';
import { render } from '../../test/render';
import { evaluateHealth, IN_FLIGHT_STATUSES, type InFlightStatus } from '../../model/fleet';
import { HEALTH_RULE_TEXT, ServiceHealthBadge } from './ServiceHealth';

const theme = createTheme();
const health = (c: Partial<Record<'succeeded' | 'failed' | InFlightStatus, number>>) =>
  evaluateHealth({
    service: 'svc',
    succeeded: c.succeeded ?? 0,
    failed: c.failed ?? 0,
    inFlight: Object.fromEntries(IN_FLIGHT_STATUSES.map((s) => [s, c[s] ?? 0])) as Record<InFlightStatus, number>,
  });

describe('ServiceHealthBadge', () => {
  it('is idle for a service without an invocation in the last hour', () => {
    render(<ServiceHealthBadge service="svc" />);
    expect(screen.getByLabelText('Health of svc: idle')).toBeInTheDocument();
  });

  it('says when there are too few invocations to judge, however bad the ratios', () => {
    render(<ServiceHealthBadge service="svc" health={health({ running: 40, 'backing-off': 40 })} />);
    expect(screen.getByLabelText('Health of svc: healthy')).toBeInTheDocument();
    expect(screen.getByText('too few invocations in the last hour to judge (80 of 100)')).toBeInTheDocument();
  });

  it('shows a healthy service with no threshold crossed', () => {
    render(<ServiceHealthBadge service="svc" health={health({ succeeded: 120 })} />);
    expect(screen.getByLabelText('Health of svc: healthy')).toBeInTheDocument();
    expect(screen.getByText('120 invocations in the last hour, no threshold crossed')).toBeInTheDocument();
  });

  it('shows each ratio against what it is measured and the threshold reached, a degraded one in the warning colour', () => {
    render(
      <ServiceHealthBadge
        service="svc"
        health={health({ succeeded: 80, failed: 20, running: 90, 'backing-off': 6, paused: 4 })}
      />
    );
    expect(screen.getByLabelText('Health of svc: degraded')).toBeInTheDocument();
    expect(screen.getByText('failed: 20 of 100 completed (20% ≥ 10%)')).toHaveStyle({
      color: theme.colors.warning.text,
    });
    expect(screen.getByText('backing off: 6 of 100 in flight (6% ≥ 5%)')).toHaveStyle({
      color: theme.colors.warning.text,
    });
    expect(screen.getByText('paused: 4 of 100 in flight (4% ≥ 1%)')).toHaveStyle({ color: theme.colors.warning.text });
  });

  it('colours an unhealthy ratio in the error colour', () => {
    render(<ServiceHealthBadge service="svc" health={health({ running: 90, 'backing-off': 10 })} />);
    expect(screen.getByText('backing off: 10 of 100 in flight (10% ≥ 10%)')).toHaveStyle({
      color: theme.colors.error.text,
    });
  });

  it('says the rule with its source and the thresholds', () => {
    expect(HEALTH_RULE_TEXT).toBe(
      "As Restate's UI computes it, over the invocations created in the last hour, from 100 invocations on: " +
        'degraded at 10% failed (of those completed) or 5% backing off, 1% paused, 1% pending or 1% ready (of those ' +
        'in flight); unhealthy at 10% backing off, 5% paused, 5% pending or 5% ready. Failures alone make a service ' +
        'at most degraded.'
    );
  });
});
