import { useQueryClient } from '@tanstack/react-query';
import type { QueryOptions } from '../query';

/*
 * The data layer: one hook per Restate resource, in a module per `src/api` module (`resources/<resource>.ts`), so a
 * page downloads only the calls it makes. Keys are ['cluster', clusterUid, resource, ...args], so a change can
 * invalidate one resource of one cluster (`useInvalidate`). A polled read passes a fixed requestId: Grafana then
 * cancels the superseded request when a newer one starts (useRestateQuery shows no error for it).
 */

export type Polled = Pick<QueryOptions, 'intervalMs' | 'enabled'>;
export type Page = { offset: number; limit: number };

export const clusterKey = (clusterUid: string, resource: string, ...args: unknown[]) => [
  'cluster',
  clusterUid,
  resource,
  ...args,
];

/** What a change to an object's state alters. */
export const STATE_RESOURCES = ['state-keys', 'object-state', 'invocation'];

/** What a change to a deployment or a service's settings can alter. */
export const DEPLOYMENT_RESOURCES = ['deployments', 'deployment', 'services', 'service', 'catalog-counts'];

/**
 * After a change: marks the named resources of the cluster stale and refetches the ones on screen, so a page
 * shows the change without refreshing by hand. No resource named: everything of the cluster.
 */
export function useInvalidate(clusterUid: string) {
  const client = useQueryClient();
  return (...resources: string[]) =>
    Promise.all(
      (resources.length ? resources : [undefined]).map((r) =>
        client.invalidateQueries({ queryKey: r ? ['cluster', clusterUid, r] : ['cluster', clusterUid] })
      )
    ).then(() => undefined);
}
