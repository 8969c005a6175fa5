import { getObjectState, listStateKeys, type StateKeysQuery } from '../../api/objectState';
import { useRestateQuery } from '../query';
import { clusterKey, type Polled } from './keys';

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
