// Grafana's BackendSrv re-stated (backendSrvCore.mjs), installed as @grafana/runtime's getBackendSrv() so code in
// src/api runs unchanged in jest and in the browser host. Plain Node scripts cannot load @grafana/runtime
// (it imports CSS): they import createBackendSrv from backendSrvCore.mjs instead.
import { setBackendSrv } from '@grafana/runtime';
import { createBackendSrv } from './backendSrvCore.mjs';

export * from './backendSrvCore.mjs';

/**
 * Makes `getBackendSrv()` from @grafana/runtime return a BackendSrv against `baseUrl`.
 * @param {string} baseUrl
 */
export function installBackendSrv(baseUrl) {
  const srv = createBackendSrv(baseUrl);
  setBackendSrv(/** @type {any} */ (srv));
  return srv;
}
