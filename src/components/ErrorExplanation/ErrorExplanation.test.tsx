import React from 'react';
import { screen } from '@testing-library/react';
import { render } from '../../test/render';
import { RestateApiError } from '../../api/errors';
import { ErrorExplanation, nextTryText } from './ErrorExplanation';

describe('ErrorExplanation', () => {
  it('says when a polled load tries again (a rate limit waits out its Retry-After)', () => {
    const now = Date.UTC(2026, 11, 2, 3, 0, 0);
    expect(nextTryText(30_000, now)).toBe(`Next try in 30 s (at ${new Date(now + 30_000).toLocaleTimeString()}).`);
    expect(nextTryText(300_000, now)).toMatch(/^Next try in 5 min \(at /);
    const limited = new RestateApiError({
      kind: 'rate-limited',
      status: 429,
      retryAfterSeconds: 30,
      message: 'Restate is rate-limiting: retry after 30 s.',
    });
    render(<ErrorExplanation error={limited} context="refresh" nextTryInMs={30_000} />);
    expect(screen.getByRole('alert')).toHaveTextContent(/Next try in 30 s \(at /);
  });

  it('says nothing about a next try for a load that is not repeated', () => {
    render(<ErrorExplanation error={new Error('boom')} />);
    expect(screen.getByRole('alert')).not.toHaveTextContent(/Next try/);
  });
});
