import type { Role } from './grafanaProxy.mjs';
import type { RestateServer, startRestate } from './restate.mjs';
import type { TestService } from './testService.mjs';

/** A restate-server with the test service registered, behind the re-stated Grafana, installed as BackendSrv. */
export function startCluster(opts: {
  uid?: string;
  role: () => Role;
  restate?: Parameters<typeof startRestate>[0];
  token?: string;
  jsonData?: Record<string, unknown>;
}): Promise<{
  restate: RestateServer;
  service: TestService;
  proxy: { url: string; close: () => Promise<void> };
  deploymentId: string;
  stop: () => Promise<void>;
}>;
