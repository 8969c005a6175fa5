import {
  keepPreviousData,
  QueryClient,
  useQuery,
  useQueryClient,
  type Query,
  type QueryKey,
} from '@tanstack/react-query';
import { isRestateApiError } from '../api/errors';

/**
 * The app's query cache: no retries (a polled query backs off by itself, see `nextDelay`), no refetch when the
 * tab regains focus (a due poll catches up instead), and a short staleTime so opening a page again refetches.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 1000 },
      mutations: { retry: false },
    },
  });
}

/**
 * The delay before the next poll: the base interval while all goes well, doubled for each error in a
 * row (capped), and never shorter than a rate limit's Retry-After.
 */
export function nextDelay(baseMs: number, consecutiveErrors: number, error: unknown, maxMs: number): number {
  const backedOff = Math.min(baseMs * 2 ** consecutiveErrors, Math.max(maxMs, baseMs));
  const retryAfter =
    isRestateApiError(error) && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
  return Math.max(backedOff, retryAfter);
}

/** Grafana cancelled the request because a newer one with the same requestId replaced it: that one reports. */
export const isSuperseded = (e: unknown) => isRestateApiError(e) && e.cancelled;

/** Failures in a row per query (react-query counts failures per fetch only); a success resets it. */
type AnyQuery = Query<any, any, any, any>; // one map for queries of every data type
const failuresInARow = new WeakMap<AnyQuery, number>();

export interface QueryOptions {
  /** Refresh interval when all goes well; 0 or undefined: load once and on `refresh()` only. */
  intervalMs?: number;
  /** Upper bound of the backed-off interval. */
  maxIntervalMs?: number;
  /** False: do not load (e.g. invalid filters). */
  enabled?: boolean;
  /** Keep showing the previous key's data while the new key loads (a list paging or filtering). */
  keepPrevious?: boolean;
}

export interface QueryState<T> {
  data?: T;
  /** The last failure; undefined once a load succeeds, and never a superseded (cancelled) request. */
  error?: unknown;
  /** True while this key has no data of its own yet (the previous key's may be shown meanwhile). */
  loading: boolean;
  /** True while any load is in flight. */
  fetching: boolean;
  /** The delay before the next automatic refresh, after back-off; undefined when none is planned. */
  delayMs?: number;
  /** Loads again now (and forgets the back-off). */
  refresh: () => void;
}

/**
 * One resource of one cluster, loaded through react-query and refreshed every `intervalMs`: the interval doubles
 * after each error in a row and honours `Retry-After` on 429 (Restate Cloud rate-limits); polling pauses while
 * the tab is hidden and catches up when it is shown again if a refresh came due meanwhile.
 */
export function useRestateQuery<T>(key: QueryKey, load: () => Promise<T>, opts: QueryOptions = {}): QueryState<T> {
  const client = useQueryClient();
  const { intervalMs = 0, maxIntervalMs = 5 * 60_000, enabled = true, keepPrevious = false } = opts;
  const find = () => client.getQueryCache().find({ queryKey: key, exact: true });
  const delayOf = (q: AnyQuery | undefined) =>
    q && intervalMs > 0 ? nextDelay(intervalMs, failuresInARow.get(q) ?? 0, q.state.error, maxIntervalMs) : undefined;
  const result = useQuery({
    queryKey: key,
    queryFn: async () => {
      const q = find();
      try {
        const data = await load();
        q && failuresInARow.set(q, 0);
        return data;
      } catch (e) {
        if (q && !isSuperseded(e)) {
          failuresInARow.set(q, (failuresInARow.get(q) ?? 0) + 1);
        }
        throw e;
      }
    },
    enabled,
    placeholderData: keepPrevious ? keepPreviousData : undefined,
    refetchInterval: (q) => delayOf(q) ?? false,
    // Polls skipped while hidden: catch up on showing the tab if one came due.
    refetchOnWindowFocus: (q) => {
      const delay = delayOf(q);
      return delay !== undefined && Date.now() - Math.max(q.state.dataUpdatedAt, q.state.errorUpdatedAt) >= delay;
    },
  });
  const refresh = () => {
    const q = find();
    q && failuresInARow.set(q, 0);
    void result.refetch();
  };
  const error = isSuperseded(result.error) ? undefined : (result.error ?? undefined);
  return {
    data: result.data,
    error,
    loading: enabled && (result.isPending || result.isPlaceholderData || (result.data === undefined && !error)),
    fetching: result.isFetching,
    delayMs: delayOf(find()),
    refresh,
  };
}
