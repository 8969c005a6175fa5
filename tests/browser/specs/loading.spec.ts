import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test, expect, openPage, settle, APP_ID } from '../fixtures';
import { GRAFANA_LINE, LINE_DIR } from '../paths';

// Every page the built app declares (dist/plugin.json `includes`) loads in the host with no console
// error and no failed module or asset load, and shows its title; a screenshot of each.

interface Include {
  type: string;
  name: string;
  path?: string;
  addToNav?: boolean;
}
const appJson = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../dist/plugin.json'), 'utf8'));
const pages = (appJson.includes as Include[])
  .filter((i) => i.type === 'page' && i.path)
  .map((i) => ({ name: i.name, path: i.path!.replace('%PLUGIN_ID%', APP_ID) }));

// The same specs run on two hosts (run.mjs): this one says the page really runs the line's packages, so a
// resolver slip that put React 18 under the 13.2 host (or the other way round) fails here.
test(`the host runs Grafana ${GRAFANA_LINE}'s shared packages`, async ({ page, host }) => {
  const installed = createRequire(path.join(LINE_DIR, 'package.json'));
  const want = {
    react: installed('react/package.json').version,
    grafana: installed('@grafana/data/package.json').version,
  };
  expect(want.grafana.startsWith(`${GRAFANA_LINE}.`)).toBe(true);
  expect(want.react.split('.')[0]).toBe(GRAFANA_LINE === '13.2' ? '19' : '18');
  await openPage(page, host.appUrl('overview'));
  expect(await page.evaluate(() => window.grafanaHost?.versions)).toEqual(want);
});

test('the app declares its pages', () => {
  expect(pages.map((p) => p.name)).toEqual(
    expect.arrayContaining(['Overview', 'Invocations', 'Services', 'Deployments', 'SQL', 'Logs and traces', 'Configuration'])
  );
});

// webpack loads a lazy chunk with a <script integrity=sriHashes[id]>; webpack-subresource-integrity 5.1
// leaves chunk id 0 out of that map (waysact/webpack-subresource-integrity#181), so that chunk gets
// integrity="undefined" and every browser logs an error when a page loads it, in Grafana as here.
test('every lazy chunk of the build has an integrity hash', () => {
  const dist = path.join(__dirname, '../../../dist');
  for (const file of ['module.js', 'datasource/module.js']) {
    const source = fs.readFileSync(path.join(dist, file), 'utf8');
    const chunkMap = /\.u=\w+=>\w+\+"\.js\?_cache="\+(\{[^}]*\})/.exec(source);
    if (!chunkMap) {
      continue; // no lazy chunks in this module
    }
    const ids = (text: string) => [...text.matchAll(/(\d+):"/g)].map((m) => m[1]).sort();
    const hashes = /sriHashes=(\{[^}]*\})/.exec(source);
    expect(hashes, `${file} loads chunks but has no sriHashes map`).not.toBeNull();
    expect(ids(hashes![1]), `chunks of ${file} without an integrity hash`).toEqual(ids(chunkMap[1]));
  }
});

test('without any Restate data source the app says how to connect one, and the link leads there', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const existing = await host.api<Array<{ type: string }>>('GET', '/api/datasources');
  expect(existing.data.filter((d) => d.type === 'restatedev-restate-datasource')).toEqual([]);

  await openPage(page, `/a/${APP_ID}/overview`);
  await expect(page.getByText('No Restate cluster is connected yet')).toBeVisible();
  await saveScreenshot('app-no-cluster');

  await page.getByRole('link', { name: 'Add a Restate data source' }).click();
  await expect(page).toHaveURL(/\/connections\/datasources\/restatedev-restate-datasource$/);
  await expect(page.getByRole('button', { name: 'Add new data source' })).toBeVisible();
  expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
});

test.describe('with a cluster', () => {
  for (const p of pages) {
    test(`${p.name} (${p.path}) loads with no errors`, async ({ page, host, restate, saveScreenshot, pageProblems }) => {
      const ds = await host.createDataSource({ name: 'Local Restate', clusterName: 'local' });
      // Something to show: a finished invocation and one with state.
      await restate.invoke('greeter', 'greet', 'loading-spec');
      await restate.invoke('counter', 'add', 1, { key: 'loading-spec' });

      const url = p.path.startsWith('/a/') ? `${p.path}?cluster=${ds.uid}` : p.path;
      await openPage(page, url);
      await expect(page.getByRole('heading', { level: 1, name: p.name === 'Configuration' ? appJson.name : p.name })).toBeVisible();
      await settle(page);
      await saveScreenshot(`page-${p.name.toLowerCase().replace(/\W+/g, '-')}`);

      const loadFailures = await page.evaluate(() => window.grafanaHost!.loadFailures);
      expect(loadFailures).toEqual([]);
      expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
      await expect(page.getByTestId('plugin-load-error')).toHaveCount(0);
    });
  }
});
