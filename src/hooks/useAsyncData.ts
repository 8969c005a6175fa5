import { useCallback, useEffect, useState } from 'react';

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
