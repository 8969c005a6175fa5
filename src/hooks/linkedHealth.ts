import { useQueryClient } from '@tanstack/react-query';
import { checkLinkedDataSource, type LinkedHealth } from '../observability/grafanaApi';
import { useRestateQuery, type QueryState } from './query';

/** How often a linked data source is checked again: soon while it is not answering, rarely while it is. */
export const LINKED_HEALTH_INTERVAL_MS = { up: 60_000, notUp: 15_000 };

const healthKey = (kind: string, uid: string) => ['grafana', 'linked-health', kind, uid];

/**
 * What Grafana says of a data source this cluster links to (its Loki or Tempo), polled, so a page that links
 * there can say it is down before the user follows the link, and stop saying so once it is back.
 * Undefined uid: nothing is checked.
 */
export function useLinkedHealth(kind: 'loki' | 'tempo', uid: string | undefined): QueryState<LinkedHealth> {
  const key = healthKey(kind, uid ?? '');
  const last = useQueryClient().getQueryData<LinkedHealth>(key);
  return useRestateQuery(key, () => checkLinkedDataSource(kind, uid!), {
    enabled: Boolean(uid),
    intervalMs: last?.state === 'up' ? LINKED_HEALTH_INTERVAL_MS.up : LINKED_HEALTH_INTERVAL_MS.notUp,
  });
}
