import { test, expect, openPage, settle, APP_ID } from '../fixtures';

// Deployments and services journeys (issue 4). They register, change and remove deployments, so they run
// against a restate-server and SDK service of their own (started here, stopped here): the shared server of
// the run keeps its registered services for the other specs.

interface Own {
  adminUrl: string;
  ingressUrl: string;
  serviceUrl: string;
  stop: () => Promise<void>;
}
let own: Own;

test.beforeAll(async () => {
  const { startRestate } = await import('../../harness/restate.mjs');
  const { startTestService } = await import('../../harness/testService.mjs');
  const restate = await startRestate({ clusterName: 'browser-deployments' });
  const service = await startTestService();
  own = {
    adminUrl: restate.adminUrl,
    ingressUrl: restate.ingressUrl,
    serviceUrl: service.url,
    stop: async () => {
      await service.stop();
      await restate.stop();
    },
  };
});

test.afterAll(async () => {
  await own?.stop();
});

async function adminGet<T>(path: string): Promise<T> {
  const res = await fetch(`${own.adminUrl}${path}`, { headers: { accept: 'application/json' } });
  return (await res.json()) as T;
}

test('register an HTTP deployment with headers after a preview, rotate its key, remove it', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const { freePort } = await import('../../harness/ports.mjs');
  const ds = await host.createDataSource({
    name: 'Deployments journey',
    adminUrl: own.adminUrl,
    ingressUrl: own.ingressUrl,
    clusterName: 'browser-deployments',
  });
  await openPage(page, `/a/${APP_ID}/deployments?cluster=${ds.uid}`);
  await expect(page.getByText('No deployments registered yet')).toBeVisible();
  await page.getByRole('link', { name: 'Register deployment' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/a/${APP_ID}/deployments/new\\?cluster=${ds.uid}`));

  // Validation before anything is sent.
  const uri = page.getByLabel('Service URI');
  await uri.fill('localhost:9080');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Add the scheme: http://localhost:9080 or https://localhost:9080.')).toBeVisible();

  // An address Restate cannot reach: explained in place, input kept.
  const dead = `http://127.0.0.1:${await freePort()}`;
  await uri.fill(dead);
  await page.getByLabel('Header 1 name').fill('x-api-key');
  await page.getByLabel('Header 1 value').fill('abc-secret');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText(`Restate could not reach ${dead}/`)).toBeVisible();
  await expect(page.getByText(/Restate server makes this call, not your browser/)).toBeVisible();
  await expect(uri).toHaveValue(dead);
  await saveScreenshot('deployments-register-unreachable');

  // Preview, then register.
  await uri.fill(own.serviceUrl);
  await expect(page.getByRole('button', { name: 'Register' })).toBeDisabled();
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('region', { name: 'Service greeter' })).toContainText('new service');
  await expect(preview).toContainText('counter');
  await saveScreenshot('deployments-register-preview', { focus: preview });
  expect((await adminGet<{ deployments: unknown[] }>('/deployments')).deployments).toEqual([]);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText(/^Registered deployment dp_/)).toBeVisible();
  await page.getByRole('link', { name: 'Open deployment' }).click();

  // The detail view has a shareable URL and shows header names, never values.
  await expect(page).toHaveURL(new RegExp(`/deployments/dp_\\w+\\?cluster=${ds.uid}`));
  const id = /deployments\/(dp_\w+)/.exec(page.url())![1];
  await expect(page.getByRole('heading', { name: id })).toBeVisible();
  await expect(page.getByText('x-api-key')).toBeVisible();
  await expect(page.getByText('abc-secret')).toHaveCount(0);
  await saveScreenshot('deployments-detail');

  // Rotate the key: preview, then apply.
  await page.getByRole('button', { name: 'Update' }).click();
  await page.getByLabel('Header 1 value').fill('def-secret');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Preview: Restate reached the endpoint and would serve')).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('Deployment updated.')).toBeVisible();
  const detail = await adminGet<{ id: string; additional_headers: Record<string, string> }>(`/deployments/${id}`);
  expect(detail).toMatchObject({ id, additional_headers: { 'x-api-key': 'def-secret' } });

  // Remove: the dialog says it is forced.
  await page.getByRole('button', { name: `Remove deployment ${id}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Removal is forced: it is the only mode Restate supports');
  await saveScreenshot('deployments-remove-confirm');
  await dialog.getByRole('button', { name: 'Remove (forced)' }).click();
  await expect(page).toHaveURL(new RegExp(`/deployments\\?cluster=${ds.uid}`));
  await expect(page.getByText('No deployments registered yet')).toBeVisible();
  expect((await adminGet<{ deployments: unknown[] }>('/deployments')).deployments).toEqual([]);
  expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
});

test('browse services and edit a setting, with a bad duration explained first', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const { registerDeployment } = await import('../../harness/testService.mjs');
  await registerDeployment(own.adminUrl, own.serviceUrl, { force: false });
  const ds = await host.createDataSource({
    name: 'Services journey',
    adminUrl: own.adminUrl,
    ingressUrl: own.ingressUrl,
  });
  await host.setRole('Editor');
  await openPage(page, `/a/${APP_ID}/services?cluster=${ds.uid}`);
  await expect(page.getByRole('link', { name: 'signup' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Virtual object' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Workflow', exact: true })).toBeVisible();
  await settle(page);
  await saveScreenshot('services-list');

  await page.getByRole('link', { name: 'counter' }).click();
  await expect(page).toHaveURL(new RegExp(`/services/counter\\?cluster=${ds.uid}`));
  const journal = page.getByLabel('Journal retention');
  await journal.fill('3 hours ago');
  await expect(page.getByText('A duration cannot be negative.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await journal.fill('3h');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await saveScreenshot('services-settings-saved');
  expect((await adminGet<{ journal_retention: string }>('/services/counter')).journal_retention).toBe('3h');
  expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
});
