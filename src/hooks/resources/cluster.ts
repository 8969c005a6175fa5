import { getVersion } from '../../api/cluster';
import { useRestateQuery } from '../query';
import { clusterKey } from './keys';

export const useVersion = (clusterUid: string) =>
  useRestateQuery(clusterKey(clusterUid, 'version'), () => getVersion(clusterUid));
