import { DATASOURCE_TYPE, expect, localStackDataSources, test } from './fixtures';

const SUCCESS = /Connected to Restate/;

// Provisioned data sources are read-only: Grafana shows a "Test" button instead of "Save & test"
// (public/app/features/datasources/components/ButtonRow.tsx).
test('the provisioned Restate data source tests successfully against the stack', async ({
  gotoDataSourceConfigPage,
  page,
}) => {
  const { restate } = localStackDataSources();
  const configPage = await gotoDataSourceConfigPage(restate.uid);
  const proxied = page.waitForResponse((r) => r.url().includes(`/api/datasources/proxy/uid/${restate.uid}/admin/`));
  await page.getByRole('button', { name: /^(Test|Save & test)$/ }).click();
  expect((await proxied).ok()).toBe(true);
  await expect(configPage).toHaveAlert('success', { hasText: SUCCESS });
});

// Save & test on an editable copy: the form saves through Grafana's API, then the health check goes through
// Grafana's data source proxy (the admin/ routes of src/datasource/plugin.json) to the real Restate.
test('save & test: a Restate data source created with the stack URLs saves and connects', async ({
  gotoDataSourceConfigPage,
  page,
}) => {
  const { restate } = localStackDataSources();
  const created = await page.request.post('/api/datasources', {
    data: {
      name: `Restate e2e ${Date.now()}`,
      type: DATASOURCE_TYPE,
      access: 'proxy',
      jsonData: restate.jsonData,
    },
  });
  expect(created.ok()).toBe(true);
  const { datasource } = await created.json();
  try {
    const configPage = await gotoDataSourceConfigPage(datasource.uid);
    await expect(configPage.saveAndTest({ path: `/api/datasources/proxy/uid/${datasource.uid}/admin/` })).toBeOK();
    await expect(configPage).toHaveAlert('success', { hasText: SUCCESS });
  } finally {
    await page.request.delete(`/api/datasources/uid/${datasource.uid}`);
  }
});
