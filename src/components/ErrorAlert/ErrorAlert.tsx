import React from 'react';
import { Alert, Text } from '@grafana/ui';
import { isRestateApiError } from '../../api/errors';

/** A failed load, explained: the error says what to fix; Restate's code is kept for searching the docs. */
export function ErrorAlert({ title, error, extra }: { title: string; error: unknown; extra?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = isRestateApiError(error) ? error.restateCode : undefined;
  const hint =
    isRestateApiError(error) && error.kind === 'rate-limited'
      ? 'Refreshing slows down until Restate accepts requests again.'
      : isRestateApiError(error) && (error.kind === 'unreachable' || error.kind === 'network')
        ? 'Retrying with a growing interval.'
        : undefined;
  return (
    <Alert severity="error" title={title}>
      <Text element="p">
        {message}
        {code ? ` (${code})` : ''}
      </Text>
      {(hint || extra) && <Text color="secondary">{[hint, extra].filter(Boolean).join(' ')}</Text>}
    </Alert>
  );
}
