import { getServiceHealthCounts, searchDeployments, type FleetQuery } from '../../api/fleet';
import { useRestateQuery } from '../query';
import { clusterKey, type Polled } from './keys';

/** One page of deployments, searched and classified by the backend (`deployments/search`). */
export const useDeploymentSearch = (clusterUid: string, query: FleetQuery) =>
  useRestateQuery(clusterKey(clusterUid, 'deployments', 'search', query), () => searchDeployments(clusterUid, query), {
    keepPrevious: true,
  });

/** Invocation counts per service for health (polled). */
export const useServiceHealth = (clusterUid: string, opts: Polled = {}) =>
  useRestateQuery(clusterKey(clusterUid, 'service-health'), () => getServiceHealthCounts(clusterUid), opts);
