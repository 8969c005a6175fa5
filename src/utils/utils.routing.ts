import { urlUtil } from '@grafana/data';
import { CLUSTER_PARAM, PLUGIN_BASE_URL, ROUTES } from '../constants';

/** Absolute app URL of a route, keeping the chosen cluster so the link can be shared. */
export function prefixRoute(route: string, params: Record<string, string | undefined> = {}, clusterUid?: string): string {
  const query = urlUtil.toUrlParams({ ...(clusterUid ? { [CLUSTER_PARAM]: clusterUid } : {}), ...dropEmpty(params) });
  return `${PLUGIN_BASE_URL}/${route}${query ? `?${query}` : ''}`;
}

/** The app URL of one invocation's detail page. */
export function invocationHref(id: string, clusterUid: string): string {
  return prefixRoute(`${ROUTES.Invocations}/${id}`, {}, clusterUid);
}

function dropEmpty(params: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}
