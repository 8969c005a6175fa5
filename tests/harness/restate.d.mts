// Generated from the JSDoc of restate.mjs; regenerate with the command in tests/harness/README.md.
/**
 * Path of the restate-server binary installed by npm (resolved from the repo root, which is the
 * working directory of every runner: jest, Playwright, the benchmark scripts).
 * @returns {string}
 */
export function restateServerBinary(): string;
/**
 * Waits until the cluster can serve partition-backed requests: `/health` answers before the
 * partitions are up, and registering a deployment or querying sys_invocation fails for about a
 * second on a fresh data dir. A query on sys_invocation touches every partition, so once it
 * succeeds registration and queries do too.
 * @param {string} adminUrl
 * @param {{ timeoutMs?: number }} [opts]
 * @returns {Promise<void>}
 */
export function waitForReady(
  adminUrl: string,
  {
    timeoutMs,
  }?: {
    timeoutMs?: number;
  }
): Promise<void>;
/**
 * @typedef {object} RestateServer
 * @property {string} adminUrl    e.g. http://127.0.0.1:41234 (no trailing slash)
 * @property {string} ingressUrl  e.g. http://127.0.0.1:41235
 * @property {string} nodeUrl     node/fabric address (also serves /metrics)
 * @property {string} dataDir
 * @property {number} pid
 * @property {() => string} stdout  everything written so far (JSON lines)
 * @property {() => string} stderr  WARN/ERROR lines so far
 * @property {() => Promise<void>} stop  SIGTERM (SIGKILL after 10 s); removes the data dir if start made it
 */
/**
 * Starts restate-server and resolves once `/health` answers and the partitions accept work.
 * @param {{ env?: Record<string, string>, logFilter?: string, dataDir?: string, clusterName?: string,
 *           timeoutMs?: number }} [opts]
 * @returns {Promise<RestateServer>}
 */
export function startRestate(opts?: {
  env?: Record<string, string>;
  logFilter?: string;
  dataDir?: string;
  clusterName?: string;
  ports?: number[];
  timeoutMs?: number;
}): Promise<RestateServer>;
export type RestateServer = {
  /**
   * e.g. http://127.0.0.1:41234 (no trailing slash)
   */
  adminUrl: string;
  /**
   * e.g. http://127.0.0.1:41235
   */
  ingressUrl: string;
  /**
   * node/fabric address (also serves /metrics)
   */
  nodeUrl: string;
  dataDir: string;
  pid: number;
  /**
   * everything written so far (JSON lines)
   */
  stdout: () => string;
  /**
   * WARN/ERROR lines so far
   */
  stderr: () => string;
  /**
   * SIGTERM (SIGKILL after 10 s); removes the data dir if start made it
   */
  stop: () => Promise<void>;
};
