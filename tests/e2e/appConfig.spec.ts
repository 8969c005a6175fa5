import pluginJson from '../../src/plugin.json';
import { APP_ID, expect, localStackDataSources, test } from './fixtures';

// The app's configuration page lists the Restate clusters (data sources) of the organisation
// (src/components/AppConfig/AppConfig.tsx): the provisioned local cluster must be there.
test('the app config page lists the provisioned Restate data source', async ({ appConfigPage, page }) => {
  const { restate } = localStackDataSources();
  expect(appConfigPage.ctx.page.url()).toContain(`/plugins/${APP_ID}`);
  await expect(page.getByRole('link', { name: restate.name })).toBeVisible();
});

test('provisioning enabled the app with the pages of its plugin.json', async ({ page }) => {
  const settings = await page.request.get(`/api/plugins/${APP_ID}/settings`);
  expect(settings.ok()).toBe(true);
  const body = await settings.json();
  expect(body.enabled).toBe(true);
  const pages = pluginJson.includes.filter((i) => i.type === 'page').map((i) => i.name);
  expect((body.includes as Array<{ name: string }>).map((i) => i.name)).toEqual(expect.arrayContaining(pages));
});

test('the overview page renders on the local cluster', async ({ gotoClusterPage, page }) => {
  await gotoClusterPage('overview');
  await expect(page.getByRole('heading', { name: 'Overview' }).first()).toBeVisible();
});
