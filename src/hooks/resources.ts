import { useQueryClient } from '@tanstack/react-query';
import { getVersion } from '../api/cluster';
import { byCreatedDesc, getDeployment, listDeployments, pinnedInvocationCounts } from '../api/deployments';
import {
  countInvocations,
  getInboxPosition,
  getInvocation,
  getJournal,
  getJournalEvents,
  getState,
  isKeyed,
  listInvocations,
  type InboxPosition,
  type InvocationDetail,
  type InvocationFilters,
  type InvocationSort,
  type JournalEntry,
  type JournalEvent,
  type StateEntry,
} from '../api/invocations';
import { getCatalogCounts, getService, listServices } from '../api/services';
import { getObjectState, listStateKeys, type StateKeysQuery } from '../api/objectState';
import { getHandlerRequests } from '../api/invoke';
import { getServiceHealthCounts, searchDeployments, type FleetQuery } from '../api/fleet';
import { useRestateQuery, type QueryOptions } from './query';

/*
 * One hook per Restate resource. Keys are ['cluster', clusterUid, resource, ...args], so a change can invalidate
 * one resource of one cluster (`useInvalidate`). A polled read passes a fixed requestId: Grafana then cancels
 * the superseded request when a newer one starts (useRestateQuery shows no error for it).
 */

type Polled = Pick<QueryOptions, 'intervalMs' | 'enabled'>;
type Page = { offset: number; limit: number };

export const clusterKey = (clusterUid: string, resource: string, ...args: unknown[]) => [
  'cluster',
  clusterUid,
  resource,
  ...args,
];

export const useVersion = (clusterUid: string) =>
  useRestateQuery(clusterKey(clusterUid, 'version'), () => getVersion(clusterUid));

export const useCatalogCounts = (clusterUid: string, opts: Polled = {}) =>
  useRestateQuery(clusterKey(clusterUid, 'catalog-counts'), () => getCatalogCounts(clusterUid), opts);

export const useInvocationCounts = (clusterUid: string, filters: InvocationFilters, requestId: string, opts: Polled) =>
  useRestateQuery(
    clusterKey(clusterUid, 'invocations', 'counts', filters),
    () => countInvocations(clusterUid, filters, { requestId }),
    { ...opts, keepPrevious: true }
  );

export const useInvocations = (
  clusterUid: string,
  filters: InvocationFilters,
  sort: InvocationSort,
  page: Page,
  opts: Polled
) =>
  useRestateQuery(
    clusterKey(clusterUid, 'invocations', 'list', filters, sort, page),
    () => listInvocations(clusterUid, filters, sort, page, { requestId: 'restate-invocations-list' }),
    { ...opts, keepPrevious: true }
  );

export interface LoadedInvocation {
  detail?: InvocationDetail;
  journal?: JournalEntry[];
  events?: JournalEvent[];
  state?: StateEntry[];
  inbox?: InboxPosition;
  /** Parts that failed while the invocation itself loaded. */
  partErrors: Array<{ part: string; error: unknown }>;
}

/** The invocation with its journal, retry events, its object's state and its place in the inbox. */
async function loadInvocation(clusterUid: string, id: string): Promise<LoadedInvocation> {
  const detail = await getInvocation(clusterUid, id, { requestId: `restate-invocation-${id}` });
  if (!detail) {
    return { partErrors: [] };
  }
  const keyed = isKeyed(detail) && detail.key !== undefined;
  const parts = await Promise.allSettled([
    getJournal(clusterUid, id),
    getJournalEvents(clusterUid, id),
    keyed ? getState(clusterUid, detail.service, detail.key!) : Promise.resolve(undefined),
    keyed && detail.status === 'pending'
      ? getInboxPosition(clusterUid, id, detail.service, detail.key!)
      : Promise.resolve(undefined),
  ]);
  const names = ['journal', 'retry events', 'state', 'inbox'];
  const partErrors = parts.flatMap((p, i) => (p.status === 'rejected' ? [{ part: names[i], error: p.reason }] : []));
  const value = <T>(i: number) =>
    parts[i].status === 'fulfilled' ? (parts[i] as PromiseFulfilledResult<T>).value : undefined;
  return {
    detail,
    journal: value<JournalEntry[]>(0),
    events: value<JournalEvent[]>(1),
    state: value<StateEntry[] | undefined>(2),
    inbox: value<InboxPosition | undefined>(3),
    partErrors,
  };
}

export const useInvocation = (clusterUid: string, id: string, opts: Polled) =>
  useRestateQuery(clusterKey(clusterUid, 'invocation', id), () => loadInvocation(clusterUid, id), opts);

/** Deployments (newest first) with the services they serve and the unfinished invocations pinned to each. */
async function loadDeployments(clusterUid: string) {
  const [deployments, services, pinned] = await Promise.all([
    listDeployments(clusterUid),
    listServices(clusterUid),
    // The SQL count is extra information: the list still shows if it fails.
    pinnedInvocationCounts(clusterUid).then(
      (p) => ({ p }),
      (e: unknown) => ({ e })
    ),
  ]);
  return {
    deployments: [...deployments].sort(byCreatedDesc),
    services,
    pinned: 'p' in pinned ? pinned.p : undefined,
    pinnedError: 'e' in pinned ? pinned.e : undefined,
  };
}

export const useDeployments = (clusterUid: string) =>
  useRestateQuery(clusterKey(clusterUid, 'deployments'), () => loadDeployments(clusterUid));

/** One deployment, the services (to tell which revisions it serves) and its pinned count (undefined if SQL fails). */
async function loadDeployment(clusterUid: string, id: string) {
  const [deployment, services, pinned] = await Promise.all([
    getDeployment(clusterUid, id),
    listServices(clusterUid),
    pinnedInvocationCounts(clusterUid, id).then(
      (m) => m.get(id) ?? 0,
      () => undefined
    ),
  ]);
  return { deployment, services, pinned };
}

export const useDeployment = (clusterUid: string, id: string) =>
  useRestateQuery(clusterKey(clusterUid, 'deployment', id), () => loadDeployment(clusterUid, id));

export const useServices = (clusterUid: string) =>
  useRestateQuery(clusterKey(clusterUid, 'services'), () => listServices(clusterUid));

export const useService = (clusterUid: string, name: string) =>
  useRestateQuery(clusterKey(clusterUid, 'service', name), () => getService(clusterUid, name));

/** Keys of a virtual object or workflow that hold state, one page, filtered by key prefix in SQL. */
export const useStateKeys = (clusterUid: string, service: string, q: StateKeysQuery, opts: Polled = {}) =>
  useRestateQuery(clusterKey(clusterUid, 'state-keys', service, q), () => listStateKeys(clusterUid, service, q), {
    ...opts,
    keepPrevious: true,
  });

/** One object's state with its version (what a change sends back). */
export const useObjectState = (clusterUid: string, service: string, key: string, opts: Polled = {}) =>
  useRestateQuery(
    clusterKey(clusterUid, 'object-state', service, key),
    () => getObjectState(clusterUid, service, key, { requestId: `restate-object-state-${service}-${key}` }),
    opts
  );

/** What each handler of a service takes (its OpenAPI document). */
export const useHandlerRequests = (clusterUid: string, service: string, opts: Polled = {}) =>
  useRestateQuery(
    clusterKey(clusterUid, 'handler-requests', service),
    () => getHandlerRequests(clusterUid, service),
    opts
  );

/** One page of deployments, searched and classified by the backend (`deployments/search`). */
export const useDeploymentSearch = (clusterUid: string, query: FleetQuery) =>
  useRestateQuery(
    clusterKey(clusterUid, 'deployments', 'search', query),
    () => searchDeployments(clusterUid, query),
    { keepPrevious: true }
  );

/** Invocation counts per service for health (polled). */
export const useServiceHealth = (clusterUid: string, opts: Polled = {}) =>
  useRestateQuery(clusterKey(clusterUid, 'service-health'), () => getServiceHealthCounts(clusterUid), opts);

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
