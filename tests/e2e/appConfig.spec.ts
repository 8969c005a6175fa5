import { expect, localStackDataSources, test } from './fixtures';

// The app's configuration page lists the Restate clusters (data sources) of the organisation.
test('the app config page lists the provisioned Restate data source', async ({ appConfigPage, page }) => {
  const { restate } = localStackDataSources();
  expect(appConfigPage).toBeDefined();
  await expect(page).toHaveURL(/\/plugins\/restatedev-restate-app/);
  await expect(page.getByRole('link', { name: restate.name })).toBeVisible();
});

test('the app is enabled by provisioning and its pages are in the navigation', async ({ page }) => {
  const settings = await page.request.get('/api/plugins/restatedev-restate-app/settings');
  expect(settings.ok()).toBe(true);
  expect((await settings.json()).enabled).toBe(true);
  await page.goto('/a/restatedev-restate-app/overview');
  for (const name of ['Invocations', 'Deployments', 'Services', 'SQL']) {
    await expect(page.getByRole('link', { name, exact: true }).first()).toBeVisible();
  }
});
