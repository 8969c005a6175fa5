import { getHandlerRequests } from '../../api/invoke';
import { useRestateQuery } from '../query';
import { clusterKey, type Polled } from './keys';

/** What each handler of a service takes (its OpenAPI document). */
export const useHandlerRequests = (clusterUid: string, service: string, opts: Polled = {}) =>
  useRestateQuery(
    clusterKey(clusterUid, 'handler-requests', service),
    () => getHandlerRequests(clusterUid, service),
    opts
  );
