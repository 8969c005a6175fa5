// Generated from the JSDoc of backendSrv.mjs; regenerate with the command in tests/harness/README.md.
/**
 * Makes `getBackendSrv()` from @grafana/runtime return a BackendSrv against `baseUrl`.
 * @param {string} baseUrl
 */
export function installBackendSrv(baseUrl: string): {
  fetch: (options: any) => import('rxjs').Observable<any>;
  request: (options: any) => Promise<any>;
  datasourceRequest: (options: any) => Promise<any>;
  get: (url: string, params?: any, requestId?: string, options?: any) => Promise<any>;
  delete: (url: string, data?: any, options?: any) => Promise<any>;
  post: (url: string, data?: any, options?: any) => Promise<any>;
  patch: (url: string, data?: any, options?: any) => Promise<any>;
  put: (url: string, data?: any, options?: any) => Promise<any>;
  resolveCancelerIfExists: (requestId: string) => void;
  cancelAllInFlightRequests: () => void;
};
export * from './backendSrvCore.mjs';
