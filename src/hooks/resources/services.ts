import { getCatalogCounts, getService, listServices } from '../../api/services';
import { useRestateQuery } from '../query';
import { clusterKey, type Polled } from './keys';

export const useCatalogCounts = (clusterUid: string, opts: Polled = {}) =>
  useRestateQuery(clusterKey(clusterUid, 'catalog-counts'), () => getCatalogCounts(clusterUid), opts);

export const useServices = (clusterUid: string) =>
  useRestateQuery(clusterKey(clusterUid, 'services'), () => listServices(clusterUid));

export const useService = (clusterUid: string, name: string) =>
  useRestateQuery(clusterKey(clusterUid, 'service', name), () => getService(clusterUid, name));
