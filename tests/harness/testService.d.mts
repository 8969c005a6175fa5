// Generated from the JSDoc of testService.mjs; regenerate with the command in tests/harness/README.md.
/**
 * @typedef {object} TestService
 * @property {string} url   e.g. http://127.0.0.1:41236 (the URI to register)
 * @property {number} pid
 * @property {() => string} output  stdout + stderr of the service so far (SDK logs)
 * @property {() => Promise<void>} stop
 */
/**
 * @param {{ port?: number, servicePath?: string, timeoutMs?: number, services?: string[] }} [opts]
 *   servicePath defaults to tests/fixtures/service/service.mjs under the working directory (the repo root).
 *   services: which of its services to serve (default greeter, counter, signup; `timeline` only on request).
 * @returns {Promise<TestService>}
 */
export function startTestService(opts?: {
  port?: number;
  servicePath?: string;
  timeoutMs?: number;
  services?: string[];
}): Promise<TestService>;
/**
 * Registers a deployment directly with the admin API (not through the proxy), retrying server errors and
 * refused connections until the cluster accepts it (4xx fails at once). Sends `force` explicitly (DESIGN §3); default true so re-registering the same URI works.
 * @param {string} adminUrl
 * @param {string} serviceUrl
 * @param {{ additionalHeaders?: Record<string, string>, force?: boolean, timeoutMs?: number, metadata?: Record<string, string> }} [opts]
 * @returns {Promise<{ id: string, services: Array<{ name: string }> } & Record<string, unknown>>}
 */
export function registerDeployment(
  adminUrl: string,
  serviceUrl: string,
  opts?: {
    additionalHeaders?: Record<string, string>;
    force?: boolean;
    timeoutMs?: number;
    metadata?: Record<string, string>;
  }
): Promise<
  {
    id: string;
    services: Array<{
      name: string;
    }>;
  } & Record<string, unknown>
>;
export type TestService = {
  /**
   * e.g. http://127.0.0.1:41236 (the URI to register)
   */
  url: string;
  pid: number;
  /**
   * stdout + stderr of the service so far (SDK logs)
   */
  output: () => string;
  stop: () => Promise<void>;
};
