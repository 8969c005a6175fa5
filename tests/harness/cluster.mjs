// The integration tier's usual cluster: a real restate-server, the SDK test service registered with it, and the
// re-stated Grafana (data source proxy and the real backend) holding one Restate data source, installed as the
// BackendSrv the plugin's src/api calls. One call instead of the same set-up in every test file.
import { installBackendSrv } from './backendSrv.mjs';
import { startGrafanaProxy } from './grafanaProxy.mjs';
import { startRestate } from './restate.mjs';
import { registerDeployment, startTestService } from './testService.mjs';

/**
 * @param {{ uid?: string, role: () => import('./grafanaProxy.mjs').Role, restate?: Parameters<typeof startRestate>[0],
 *   token?: string, jsonData?: Record<string, unknown> }} opts
 */
export async function startCluster({
  uid = 'restate',
  role,
  restate: restateOpts = {},
  token = 'test-token',
  jsonData = {},
}) {
  const restate = await startRestate(restateOpts);
  /** @type {import('./testService.mjs').TestService | undefined} */
  let service;
  /** @type {{ url: string, close: () => Promise<void> } | undefined} */
  let proxy;
  const stop = async () => {
    await proxy?.close();
    await service?.stop();
    await restate.stop();
  };
  try {
    service = await startTestService();
    const deployment = await registerDeployment(restate.adminUrl, service.url);
    proxy = await startGrafanaProxy({
      dataSources: [
        {
          uid,
          type: 'restatedev-restate-datasource',
          url: '',
          jsonData: { adminUrl: restate.adminUrl, ingressUrl: restate.ingressUrl, ...jsonData },
          secureJsonData: { token },
        },
      ],
      role,
    });
    installBackendSrv(proxy.url);
    return { restate, service, proxy, deploymentId: deployment.id, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
