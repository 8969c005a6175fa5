import { ROUTES } from '../../constants';
import { invocationHref, prefixRoute } from '../../utils/utils.routing';

/** The in-app links the pages build (see prefixRoute/invocationHref callers in src/pages), as [name, href]. */
export const LINKS: Array<[string, string]> = [
  ['overview', prefixRoute(ROUTES.Overview, {}, 'c1')],
  ['invocations by status', prefixRoute(ROUTES.Invocations, { status: 'backing-off' }, 'c1')],
  ['invocation detail', invocationHref('inv_2', 'c1')],
  ['service', prefixRoute(`${ROUTES.Services}/${encodeURIComponent('Greeter')}`, {}, 'c1')],
  ['deployment', prefixRoute(`${ROUTES.Deployments}/dp_1`, {}, 'c1')],
  ['new deployment', prefixRoute(`${ROUTES.Deployments}/new`, {}, 'c1')],
  ['sql', prefixRoute(ROUTES.Sql, {}, 'c1')],
  ['observability', prefixRoute(ROUTES.Observability, {}, 'c1')],
];
