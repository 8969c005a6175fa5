import {
  countInvocations,
  listInvocations,
  type InvocationFilters,
  type InvocationSort,
} from '../../api/invocations/queries';
import { useRestateQuery } from '../query';
import { clusterKey, type Page, type Polled } from './keys';

// (from the module itself, not the api/invocations index: the list page needs none of the rest of it)

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
