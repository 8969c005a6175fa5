import React, { useCallback, useEffect, useState } from 'react';
import { Alert, Button, LoadingPlaceholder, Stack, Tooltip } from '@grafana/ui';
import { explainError, type ExplainContext } from '../../api/explain';

export interface AsyncData<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for a page. `key` names what is loaded (e.g. cluster uid + id): a new key reloads and
 * hides the previous key's data; `reload` re-runs the load and keeps showing the old data meanwhile.
 */
export function useAsyncData<T>(key: string, load: () => Promise<T>): AsyncData<T> {
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<{ key?: string; done?: string; data?: T; error?: unknown }>({});
  const token = `${key}#${version}`;
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ key, done: token, data }),
      (error) => live && setState((s) => ({ key, done: token, data: s.key === key ? s.data : undefined, error }))
    );
    return () => {
      live = false;
    };
    // `load` changes every render; `token` says when to run it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: state.done !== token,
    reload,
  };
}

/** A Restate failure explained in place: what happened, what to do, and Restate's own words. */
export function ErrorExplanation({
  error,
  context,
  onRemove,
}: {
  error: unknown;
  context: ExplainContext;
  onRemove?: () => void;
}) {
  const ex = explainError(error, context);
  return (
    <Alert severity="error" title={ex.title} onRemove={onRemove}>
      <p>{ex.detail}</p>
      {ex.hint && <p>{ex.hint}</p>}
      {ex.raw && ex.raw !== ex.detail && (
        <details>
          <summary>What Restate said{ex.restateCode ? ` (${ex.restateCode})` : ''}</summary>
          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{ex.raw}</pre>
        </details>
      )}
    </Alert>
  );
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

/** Wraps a control that the user's role does not allow, saying why on hover and focus. */
export function WhyDisabled({ reason, children }: { reason?: string; children: React.ReactElement }) {
  if (!reason) {
    return children;
  }
  return (
    <Tooltip content={reason}>
      {/* A disabled button fires no pointer events, so the tooltip hangs on a focusable wrapper. */}
      <span tabIndex={0} aria-label={reason}>
        {children}
      </span>
    </Tooltip>
  );
}

/** Masks a secret for display: the value is never shown, only that there is one. */
export const MASK = '••••••••';
