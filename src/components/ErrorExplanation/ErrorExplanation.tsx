import React from 'react';
import { Alert, Button, LoadingPlaceholder, Stack } from '@grafana/ui';
import { explainError, type ExplainContext } from '../../api/explain';
import type { QueryState } from '../../hooks/query';

/**
 * A Restate failure explained in place: what happened, what to do, and Restate's own words. `title` names
 * what failed when the page knows it better than the error does; `extra` says what the page still shows.
 */
export function ErrorExplanation({
  error,
  context = 'load',
  title,
  extra,
  onRemove,
  nextTryInMs,
}: {
  error: unknown;
  context?: ExplainContext;
  title?: string;
  extra?: string;
  onRemove?: () => void;
  /** A polled load's delay before its next try (after back-off and Retry-After), said in the alert. */
  nextTryInMs?: number;
}) {
  const ex = explainError(error, context);
  const hint = [ex.hint, extra, nextTryInMs !== undefined ? nextTryText(nextTryInMs) : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <Alert severity="error" title={title ?? ex.title} onRemove={onRemove}>
      <p>
        {ex.detail}
        {/* Restate's code, for searching its docs, when the details below do not show it. */}
        {ex.restateCode && ex.raw === ex.detail ? ` (${ex.restateCode})` : ''}
      </p>
      {hint && <p>{hint}</p>}
      {ex.raw && ex.raw !== ex.detail && (
        <details>
          <summary>What Restate said{ex.restateCode ? ` (${ex.restateCode})` : ''}</summary>
          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{ex.raw}</pre>
        </details>
      )}
    </Alert>
  );
}

/** "Next try in 40 s (at 14:05:09)." */
export function nextTryText(ms: number, now = Date.now()): string {
  const s = Math.max(1, Math.round(ms / 1000));
  const at = new Date(now + ms).toLocaleTimeString();
  return `Next try in ${s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`} (at ${at}).`;
}

/**
 * What a page shows before it has its data: a placeholder while loading, else the explained error, under the back
 * link of a detail page, with a Retry button when `retry` is given. Null once there is data to render.
 */
export function pendingView({
  hasData,
  loading,
  error,
  back,
  retry,
  loadingText,
  errorContext,
}: {
  hasData: boolean;
  loading: boolean;
  error: unknown;
  back?: React.ReactNode;
  retry?: () => void;
  loadingText: string;
  errorContext: ExplainContext;
}): React.ReactElement | null {
  if (hasData) {
    return null;
  }
  if (loading) {
    return <LoadingPlaceholder text={loadingText} />;
  }
  return (
    <Stack direction="column" gap={1}>
      {back}
      <ErrorExplanation error={error} context={errorContext} />
      {retry && (
        <div>
          <Button icon="sync" onClick={retry}>
            Retry
          </Button>
        </div>
      )}
    </Stack>
  );
}

/** `pendingView` for one query of the data layer: loading until it has data, else its error with a Retry. */
export function pendingQueryView(
  query: Pick<QueryState<unknown>, 'data' | 'loading' | 'error' | 'refresh'>,
  loadingText: string,
  { back, errorContext = 'load' }: { back?: React.ReactNode; errorContext?: ExplainContext } = {}
): React.ReactElement | null {
  return pendingView({
    hasData: query.data !== undefined,
    // `loading`, not `fetching`: while a polled query retries after an error, the error stays on screen.
    loading: query.loading,
    error: query.error,
    back,
    retry: query.refresh,
    loadingText,
    errorContext,
  });
}
