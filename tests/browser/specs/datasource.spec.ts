import net from 'node:net';
import { test, expect, openPage, DATASOURCE_TYPE } from '../fixtures';
import type { Page } from '@playwright/test';

// Connecting a Restate cluster: Grafana's data source pages with the plugin's ConfigEditor, and
// "Save & test" (PUT the settings, then the data source's testDatasource() through the proxy).

const ALERT = 'data-testid Data source settings page Alert';

async function saveAndTest(page: Page) {
  await page.getByRole('button', { name: 'Save & test' }).click();
  const alert = page.getByTestId(ALERT);
  await expect(alert).toBeVisible({ timeout: 20_000 });
  return alert;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

test('add a cluster from the data source pages, then Save & test connects to Restate', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  await openPage(page, `/connections/datasources/${DATASOURCE_TYPE}`);
  await page.getByRole('button', { name: 'Add new data source' }).click();
  await expect(page).toHaveURL(/\/connections\/datasources\/edit\/[\w-]+$/);
  const uid = page.url().split('/').pop()!;
  try {
    await page.getByLabel(/admin (api )?url/i).fill(restate.adminUrl);
    await page.getByLabel(/ingress url/i).fill(restate.ingressUrl);
    await saveScreenshot('datasource-new');

    const alert = await saveAndTest(page);
    await expect(alert).toContainText('Connected to Restate 1.7.12');
    await saveScreenshot('datasource-connected', { focus: alert });

    // What was saved is what the user typed; Grafana keeps it, the page reloads it.
    const saved = await host.api<{ jsonData: Record<string, string> }>('GET', `/api/datasources/uid/${uid}`);
    expect(saved.data.jsonData).toMatchObject({ adminUrl: restate.adminUrl, ingressUrl: restate.ingressUrl });
    expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
  } finally {
    await host.api('DELETE', `/api/datasources/uid/${uid}`);
  }
});

test('Save & test with an admin URL nothing answers on explains how to fix it', async ({ page, host, saveScreenshot }) => {
  const adminUrl = `http://127.0.0.1:${await closedPort()}`;
  const ds = await host.createDataSource({ name: 'Unreachable cluster', adminUrl });
  await openPage(page, `/connections/datasources/edit/${ds.uid}`);
  const alert = await saveAndTest(page);
  await expect(alert).toContainText(`could not reach ${adminUrl}`);
  await expect(alert).toContainText('check scheme, host and port');
  await saveScreenshot('datasource-unreachable', { focus: alert });
});

test('Save & test with a wrong bearer token says the token was rejected; the right one connects', async ({
  page,
  host,
  restate,
  saveScreenshot,
}) => {
  const wrong = await host.createDataSource({ name: 'Cloud cluster (wrong token)', adminUrl: restate.gatedAdminUrl, token: 'not-the-token' });
  await openPage(page, `/connections/datasources/edit/${wrong.uid}`);
  const rejected = await saveAndTest(page);
  await expect(rejected).toContainText('rejected the bearer token');
  await expect(rejected).toContainText('Bearer token');
  await saveScreenshot('datasource-wrong-token', { focus: rejected });

  const right = await host.createDataSource({ name: 'Cloud cluster', adminUrl: restate.gatedAdminUrl, token: restate.token });
  await openPage(page, `/connections/datasources/edit/${right.uid}`);
  const connected = await saveAndTest(page);
  await expect(connected).toContainText('Connected to Restate 1.7.12');

  // The token stays on the server: the page only learns that one is set.
  const dto = await host.api<{ secureJsonFields: Record<string, boolean> }>('GET', `/api/datasources/uid/${right.uid}`);
  expect(dto.data.secureJsonFields).toEqual({ token: true });
  expect(JSON.stringify(dto.data)).not.toContain(restate.token);
  expect(await page.content()).not.toContain(restate.token);
});
