import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The page's URL parameters, and `update(patch)` that sets some of them (undefined or '' removes one) and keeps the
 * rest (`cluster` among them), so a page's state is a link. `replace` keeps the browser history to one entry.
 */
export function useUrlParams({ replace = false }: { replace?: boolean } = {}) {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (patch: Record<string, string | undefined>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '') {
              next.delete(k);
            } else {
              next.set(k, v);
            }
          }
          return next;
        },
        { replace }
      ),
    [setParams, replace]
  );
  return [params, update] as const;
}
