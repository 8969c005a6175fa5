import { AppConfigPage, AppPage, test as base } from '@grafana/plugin-e2e';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import pluginJson from '../../src/plugin.json';
import datasourcePluginJson from '../../src/datasource/plugin.json';

export const APP_ID = pluginJson.id;
export const DATASOURCE_TYPE = datasourcePluginJson.id;
/** The demo deployment docker/register-demo.sh registers (docker-compose.yaml, service demo-service). */
export const DEMO_DEPLOYMENT_URI = 'http://demo-service:9080';

export interface ProvisionedDataSource {
  name: string;
  uid: string;
  type: string;
  url?: string;
  jsonData?: Record<string, unknown>;
}

/**
 * The data sources Grafana provisioned from provisioning/datasources/restate-local.yaml (generated from
 * src/observability): the Restate cluster of the local stack and its Loki and Tempo.
 */
export function localStackDataSources() {
  const file = join(__dirname, '../../provisioning/datasources/restate-local.yaml');
  const { datasources } = parse(readFileSync(file, 'utf8')) as { datasources: ProvisionedDataSource[] };
  const byType = (type: string) => {
    const ds = datasources.find((d) => d.type === type);
    if (!ds?.uid) {
      throw new Error(`${file} has no ${type} data source with a uid`);
    }
    return ds;
  };
  return { restate: byType(DATASOURCE_TYPE), loki: byType('loki'), tempo: byType('tempo') };
}

type AppTestFixture = {
  appConfigPage: AppConfigPage;
  /** Opens an app page on the local stack's Restate cluster (`?cluster=<uid>`). */
  gotoClusterPage: (route: string) => Promise<AppPage>;
};

export const test = base.extend<AppTestFixture>({
  appConfigPage: async ({ gotoAppConfigPage }, use) => {
    await use(await gotoAppConfigPage({ pluginId: APP_ID }));
  },
  gotoClusterPage: async ({ gotoAppPage }, use) => {
    const { restate } = localStackDataSources();
    await use((route) =>
      gotoAppPage({ pluginId: APP_ID, path: `/${route}?cluster=${encodeURIComponent(restate.uid)}` })
    );
  },
});

export { expect } from '@grafana/plugin-e2e';
