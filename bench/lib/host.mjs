// The plugin's pages are loaded through the browser tier's test host (tests/browser/host): it serves
// dist/ the way Grafana loads plugins, boots @grafana/runtime and proxies data source calls to Restate
// through tests/harness/grafanaProxy.mjs. Data sources are created through its Grafana API.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTracked, stopChild } from './procs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const APP_ID = 'restatedev-restate-app';
export const DATASOURCE_TYPE = 'restatedev-restate-datasource';

/**
 * A private copy of dist/ at `distDir` (emptied first): a rebuild of dist/ while a bench measures must not mix two
 * builds. Returns `distDir`.
 * @param {string} distDir
 */
export function copyDist(distDir) {
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.cpSync('dist', distDir, { recursive: true });
  return distDir;
}

export async function startPluginHost({ distDir } = {}) {
  const dir = path.resolve('tests/browser/host');
  if (!fs.existsSync(path.join(dir, 'server.mjs'))) {
    return { missing: 'tests/browser/host/server.mjs does not exist yet' };
  }
  const child = spawnTracked(process.execPath, [path.join(here, 'hostProcess.mjs'), distDir ?? 'dist'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('test host did not start in 180 s')), 180_000);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(t);
        resolve(JSON.parse(line));
      }
    });
    child.once('exit', (c) => {
      clearTimeout(t);
      reject(new Error(`test host exited with ${c}`));
    });
  });
  child.stdout.resume();
  const host = { url: info.url, close: () => stopChild(child, 10_000) };
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
