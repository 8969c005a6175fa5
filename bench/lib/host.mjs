// The plugin's pages are loaded through the browser tier's test host (tests/browser/host): it serves
// dist/ the way Grafana loads plugins, boots @grafana/runtime and proxies data source calls to Restate
// through tests/harness/grafanaProxy.mjs. Data sources are created through its Grafana API.
import fs from 'node:fs';
import path from 'node:path';

export const APP_ID = 'restatedev-restate-app';
export const DATASOURCE_TYPE = 'restatedev-restate-datasource';

export async function startPluginHost() {
  const dir = path.resolve('tests/browser/host');
  if (!fs.existsSync(path.join(dir, 'server.mjs'))) {
    return { missing: 'tests/browser/host/server.mjs does not exist yet' };
  }
  const { buildVendor } = await import(path.join(dir, 'vendor.mjs'));
  const { startHost } = await import(path.join(dir, 'server.mjs'));
  await buildVendor();
  const host = await startHost();
  const api = async (method, apiPath, body) => {
    const r = await fetch(`${host.url}${apiPath}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) {
      throw new Error(`${method} ${apiPath}: ${r.status} ${text.slice(0, 300)}`);
    }
    return text ? JSON.parse(text) : undefined;
  };
  if (host.setRole) {
    host.setRole('Admin');
  }
  return {
    url: host.url,
    async createDataSource({ name, adminUrl, ingressUrl }) {
      const r = await api('POST', '/api/datasources', {
        name,
        type: DATASOURCE_TYPE,
        access: 'proxy',
        jsonData: { clusterName: name, adminUrl, ingressUrl },
        secureJsonData: {},
      });
      return r.datasource.uid;
    },
    async deleteDataSource(uid) {
      await api('DELETE', `/api/datasources/uid/${uid}`);
    },
    appUrl(route, params = {}) {
      const q = new URLSearchParams(params).toString();
      return `${host.url}/a/${APP_ID}/${route}${q ? `?${q}` : ''}`;
    },
    close: () => host.close(),
  };
}
