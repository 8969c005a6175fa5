import { randomBytes } from 'node:crypto';
import { test, expect, openPage, APP_ID } from '../fixtures';

// Kafka journeys (issue 17 item 4). Restate 1.7.12 accepts a Kafka cluster and subscriptions to it without a
// broker, so these run against a restate-server of their own (started here, stopped here) with a cluster
// configured straight on its admin API, carrying a credential that must never reach the page.

const SECRET = `kafka_pw_${randomBytes(8).toString('hex')}`;

interface Own {
  adminUrl: string;
  ingressUrl: string;
  stop: () => Promise<void>;
}
let own: Own;

test.beforeAll(async () => {
  const { startRestate } = await import('../../harness/restate.mjs');
  const { startTestService, registerDeployment } = await import('../../harness/testService.mjs');
  const { freePort } = await import('../../harness/ports.mjs');
  const restate = await startRestate({ clusterName: 'browser-kafka' });
  const service = await startTestService();
  await registerDeployment(restate.adminUrl, service.url);
  const res = await fetch(`${restate.adminUrl}/kafka-clusters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      name: 'orders-kafka',
      properties: {
        'bootstrap.servers': `127.0.0.1:${await freePort()}`,
        'security.protocol': 'SASL_SSL',
        'sasl.username': 'svc-orders',
        'sasl.password': SECRET,
      },
    }),
  });
  expect(res.status).toBe(201);
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

async function directSubscriptions() {
  const res = await fetch(`${own.adminUrl}/subscriptions`, { headers: { accept: 'application/json' } });
  return ((await res.json()) as { subscriptions: Array<{ id: string; sink: string }> }).subscriptions;
}

test('an Admin sees clusters with credentials hidden, creates a checked subscription, and deletes it', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource({ name: 'Kafka journey', adminUrl: own.adminUrl, ingressUrl: own.ingressUrl });
  await openPage(page, `/a/${APP_ID}/kafka?cluster=${ds.uid}`);
  const clusterRow = page.getByRole('row').filter({ hasText: 'orders-kafka' });
  await expect(clusterRow).toContainText('bootstrap.servers');
  await expect(clusterRow).toContainText('SASL_SSL');
  await expect(clusterRow).toContainText('sasl.password');
  await expect(clusterRow.getByText('hidden')).toHaveCount(2);
  await expect(page.getByText('No subscriptions')).toBeVisible();
  expect(await page.content()).not.toContain(SECRET);
  await saveScreenshot('kafka-clusters');

  // The form checks before sending: nothing reaches Restate while a field is missing or wrong.
  await page.getByRole('button', { name: 'New subscription' }).click();
  const form = page.getByRole('form', { name: 'New subscription' });
  await form.getByLabel('Topic').fill('or ders');
  await form.getByRole('button', { name: 'Create subscription' }).click();
  await expect(form.getByText(/A Kafka topic name has 1 to 249 characters/)).toBeVisible();
  await expect(form.getByText('Choose the service whose handler receives the records.')).toBeVisible();
  await saveScreenshot('kafka-subscription-invalid');
  expect(await directSubscriptions()).toEqual([]);

  await form.getByLabel('Topic').fill('orders');
  await form.getByRole('combobox', { name: 'Service' }).click();
  await page.getByRole('option', { name: /^greeter/ }).click();
  await form.getByRole('combobox', { name: 'Handler' }).click();
  await page.getByRole('option', { name: 'greet', exact: true }).click();
  await form.getByRole('button', { name: 'Add option' }).click();
  await form.getByLabel('Option 1 name').fill('auto.offset.reset');
  await form.getByLabel('Option 1 value').fill('earliest');
  await expect(form.getByText('kafka://orders-kafka/orders')).toBeVisible();
  await form.getByRole('button', { name: 'Create subscription' }).click();
  await expect(
    page.getByText(/^Subscription sub_\w+ created: kafka:\/\/orders-kafka\/orders → service:\/\/greeter\/greet\.$/)
  ).toBeVisible();
  const [created] = await directSubscriptions();
  expect(created.sink).toBe('service://greeter/greet');
  const subRow = page.getByRole('row').filter({ hasText: created.id });
  await expect(subRow).toContainText('auto.offset.reset');
  await expect(subRow).toContainText('earliest');
  await expect(clusterRow.getByRole('cell').nth(2)).toHaveText('1');
  await saveScreenshot('kafka-subscriptions');

  await subRow.getByRole('button', { name: `Delete subscription ${created.id}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('kafka://orders-kafka/orders');
  await saveScreenshot('kafka-subscription-delete');
  await dialog.getByRole('button', { name: 'Delete subscription' }).click();
  await expect(page.getByText(`Subscription ${created.id} deleted`, { exact: false })).toBeVisible();
  await expect(page.getByText('No subscriptions')).toBeVisible();
  expect(await directSubscriptions()).toEqual([]);
  expect(await page.content()).not.toContain(SECRET);
  expect(pageProblems.errors).toEqual([]);
});

test('an Editor reads subscriptions but cannot create or delete one: disabled here, refused by the backend', async ({
  page,
  host,
  saveScreenshot,
}) => {
  const res = await fetch(`${own.adminUrl}/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ source: 'kafka://orders-kafka/audit', sink: 'service://counter/add' }),
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const ds = await host.createDataSource({ name: 'Kafka editor', adminUrl: own.adminUrl, ingressUrl: own.ingressUrl });
  await host.setRole('Editor');
  await openPage(page, `/a/${APP_ID}/kafka?cluster=${ds.uid}`);
  await expect(page.getByRole('row').filter({ hasText: id })).toContainText('service://counter/add');
  await expect(page.getByRole('button', { name: 'New subscription' })).toBeDisabled();
  await expect(page.getByRole('button', { name: `Delete subscription ${id}` })).toBeDisabled();
  await saveScreenshot('kafka-editor');

  const answers = await page.evaluate(
    async ({ uid, id }) => {
      const base = `/api/datasources/uid/${uid}/resources/subscriptions`;
      const create = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source: 'kafka://orders-kafka/x', sink: 'service://greeter/greet' }),
      });
      const remove = await fetch(`${base}/${id}`, { method: 'DELETE' });
      return [
        { status: create.status, body: await create.text() },
        { status: remove.status, body: await remove.text() },
      ];
    },
    { uid: ds.uid, id }
  );
  expect(answers[0].status).toBe(403);
  expect(answers[0].body).toContain(
    'Creating a Kafka subscription needs the Admin role in this Grafana organization (you have Editor)'
  );
  expect(answers[1].status).toBe(403);
  expect(answers[1].body).toContain('Deleting a Kafka subscription needs the Admin role');
  expect((await directSubscriptions()).map((s) => s.id)).toEqual([id]);
  await fetch(`${own.adminUrl}/subscriptions/${id}`, { method: 'DELETE' });
});

test('a server without Kafka clusters says where to configure one', async ({ page, host, saveScreenshot }) => {
  const ds = await host.createDataSource({ name: 'Kafka none' });
  await openPage(page, `/a/${APP_ID}/kafka?cluster=${ds.uid}`);
  await expect(page.getByText('No Kafka cluster configured')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New subscription' })).toBeDisabled();
  await saveScreenshot('kafka-empty');
});
