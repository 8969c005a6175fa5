import { byCreatedDesc, getDeployment, listDeployments, pinnedInvocationCounts } from '../../api/deployments';
import { listServices } from '../../api/services';
import { useRestateQuery } from '../query';
import { clusterKey } from './keys';

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
