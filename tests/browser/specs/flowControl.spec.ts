import { test, expect, openPage, APP_ID } from '../fixtures';

// Flow control journeys (issue 17 item 3). Virtual queues are off by default in Restate 1.7.12, so these run
// against a restate-server of their own started with `experimental-enable-vqueues` (started here, stopped here);
// the shared server of the run (queues off) shows what the page says then.

interface Own {
  adminUrl: string;
  ingressUrl: string;
  stop: () => Promise<void>;
}
let own: Own;

test.beforeAll(async () => {
  const { startRestate } = await import('../../harness/restate.mjs');
  const { startTestService, registerDeployment } = await import('../../harness/testService.mjs');
  const restate = await startRestate({
    clusterName: 'browser-flow-control',
    env: { RESTATE_EXPERIMENTAL_ENABLE_VQUEUES: 'true' },
  });
  const service = await startTestService();
  await registerDeployment(restate.adminUrl, service.url);
  own = {
    adminUrl: restate.adminUrl,
    ingressUrl: restate.ingressUrl,
    stop: async () => {
      await service.stop();
      await restate.stop();
    },
  };
});

test.afterAll(async () => {
  await own?.stop();
});

async function putRule(body: unknown[]) {
  const res = await fetch(`${own.adminUrl}/limits/rules`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Array<{ version: number }>;
}

test('an Admin creates a rule, meets a concurrent change on edit, applies over it, and deletes the rule', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource({ name: 'Flow control', adminUrl: own.adminUrl, ingressUrl: own.ingressUrl });
  await openPage(page, `/a/${APP_ID}/flow-control?cluster=${ds.uid}`);
  await expect(page.getByText('No flow-control rules')).toBeVisible();

  // Validation before anything is sent.
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByRole('form', { name: 'New rule' });
  await form.getByLabel('Pattern').fill('tenant-a/orders/eu/x');
  await form.getByLabel('Concurrency limit').fill('0');
  await form.getByLabel('Concurrency limit').press('Enter');
  await expect(form.getByText(/at most 3 parts/)).toBeVisible();
  await expect(form.getByText(/at least 1/)).toBeVisible();
  await saveScreenshot('flow-control-rule-invalid');

  await form.getByLabel('Pattern').fill('tenant-a/*');
  await expect(form.getByText('Applies to: Every limit key in scope “tenant-a”.', { exact: false })).toBeVisible();
  await form.getByLabel('Concurrency limit').fill('3');
  await form.getByLabel('Description').fill('Tenant A, at most 3 at a time');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByText('Rule created.')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'tenant-a/*' });
  await expect(row).toContainText('Tenant A, at most 3 at a time');
  await expect(row).toContainText('enabled');

  // Edit, while someone else changes the same rule.
  await page.getByRole('button', { name: 'Edit rule tenant-a/*' }).click();
  const edit = page.getByRole('form', { name: 'Edit rule' });
  await expect(edit.getByLabel('Pattern')).toBeDisabled();
  await edit.getByLabel('Concurrency limit').fill('2');
  const opened = Number((await row.getByRole('cell').nth(4).textContent()) ?? '0');
  const [theirs] = await putRule([
    {
      pattern: 'tenant-a/*',
      limits: { concurrency: 8 },
      description: 'changed elsewhere',
      precondition: { type: 'matches', version: opened },
    },
  ]);
  await edit.getByRole('button', { name: 'Save rule' }).click();
  await expect(edit.getByText('Someone changed “tenant-a/*” since you opened it')).toBeVisible();
  await expect(
    edit.getByText(new RegExp(`You edited version ${opened}; Restate now holds version ${theirs.version}`))
  ).toBeVisible();
  await expect(edit.getByLabel('Concurrency limit')).toHaveValue('2');
  await saveScreenshot('flow-control-rule-conflict');
  await edit.getByRole('button', { name: `Apply my values over version ${theirs.version}` }).click();
  await edit.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByText('Rule “tenant-a/*” saved.')).toBeVisible();
  await expect(row.getByRole('cell').nth(1)).toHaveText('2');
  await saveScreenshot('flow-control-rules');

  // Delete, confirmed.
  await page.getByRole('button', { name: 'Delete rule tenant-a/*' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Every limit key in scope “tenant-a” will no longer be limited to 2 at a time');
  await saveScreenshot('flow-control-rule-delete');
  await dialog.getByRole('button', { name: 'Delete rule' }).click();
  await expect(page.getByText('Rule “tenant-a/*” deleted.')).toBeVisible();
  await expect(page.getByText('No flow-control rules')).toBeVisible();
  expect(pageProblems.errors).toEqual([]);
});

test('an Editor pauses and resumes a virtual queue, sees its entries, and cannot change rules', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  await putRule([{ pattern: 'editor-sees', limits: { concurrency: 4 } }]);
  const ds = await host.createDataSource({
    name: 'Flow control queues',
    adminUrl: own.adminUrl,
    ingressUrl: own.ingressUrl,
  });
  const key = `browser-${Date.now()}`;
  const res = await fetch(`${own.ingressUrl}/counter/${key}/slowAdd/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ delta: 1, seconds: 60 }),
  });
  expect(res.status).toBe(202);
  const { invocationId } = (await res.json()) as { invocationId: string };
  await host.setRole('Editor');

  await openPage(page, `/a/${APP_ID}/flow-control?cluster=${ds.uid}`);
  await expect(page.getByRole('row').filter({ hasText: 'editor-sees' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New rule' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Edit rule editor-sees' })).toBeDisabled();

  await page.getByRole('tab', { name: 'Virtual queues' }).click();
  await expect(page).toHaveURL(/tab=vqueues/);
  await page.getByRole('textbox', { name: 'Service' }).fill('counter');
  await page.getByRole('textbox', { name: 'Service' }).press('Enter');
  await expect(page).toHaveURL(/service=counter/);
  const row = page.getByRole('row').filter({ hasText: `counter/${key}` });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText('running');
  const queueId = ((await row.locator('code').first().textContent()) ?? '').trim();
  expect(queueId).toMatch(/^vq_/);

  await row.getByRole('button', { name: `Pause queue ${queueId}` }).click();
  await expect(row).toContainText('paused', { timeout: 20_000 });
  // The filtered view is a link others can open.
  await page.getByText('Paused only').click();
  await expect(page).toHaveURL(/paused=1/);
  await expect(row).toBeVisible();
  // The queue's entries: the invocation, linked to its page.
  await row.getByRole('button', { name: 'Toggle row expanded' }).click();
  await expect(page.getByRole('link', { name: invocationId })).toBeVisible();
  await saveScreenshot('flow-control-vqueues');

  await row.getByRole('button', { name: `Resume queue ${queueId}` }).click();
  await page.getByText('Paused only').click();
  await expect(row).not.toContainText('paused', { timeout: 20_000 });

  await page.getByRole('tab', { name: 'Limit counters' }).click();
  await expect(page.getByText('No limit counters')).toBeVisible();
  await saveScreenshot('flow-control-counters');
  expect(pageProblems.errors).toEqual([]);
});

test('a Viewer cannot pause a queue: disabled on the page and refused by the proxy', async ({
  page,
  host,
  saveScreenshot,
}) => {
  const ds = await host.createDataSource({
    name: 'Flow control viewer',
    adminUrl: own.adminUrl,
    ingressUrl: own.ingressUrl,
  });
  const res = await fetch(`${own.ingressUrl}/counter/viewer-${Date.now()}/slowAdd/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ delta: 1, seconds: 60 }),
  });
  expect(res.status).toBe(202);
  await host.setRole('Viewer');
  await openPage(page, `/a/${APP_ID}/flow-control?cluster=${ds.uid}&tab=vqueues&service=counter`);
  const pause = page.getByRole('button', { name: /^Pause queue vq_/ }).first();
  await expect(pause).toBeDisabled({ timeout: 15_000 });
  const id = ((await pause.getAttribute('aria-label')) ?? '').replace('Pause queue ', '');
  const answer = await page.evaluate(
    async ({ uid, id }) => {
      const r = await fetch(`/api/datasources/proxy/uid/${uid}/admin/vqueues/${id}/pause`, { method: 'POST' });
      return { status: r.status, body: await r.text() };
    },
    { uid: ds.uid, id }
  );
  expect(answer).toEqual({ status: 403, body: JSON.stringify({ message: 'plugin proxy route access denied' }) });
  await saveScreenshot('flow-control-viewer');
});

test('on a server without virtual queues the page says how to turn them on', async ({ page, host, saveScreenshot }) => {
  const ds = await host.createDataSource({ name: 'Flow control off' });
  await openPage(page, `/a/${APP_ID}/flow-control?cluster=${ds.uid}&tab=vqueues`);
  await expect(page.getByText('Virtual queues are off on this Restate server')).toBeVisible();
  await expect(page.getByText('experimental-enable-vqueues = true')).toBeVisible();
  await saveScreenshot('flow-control-vqueues-off');
});
