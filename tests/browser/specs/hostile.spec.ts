import { test, expect, openPage, APP_ID } from '../fixtures';
import type { Page } from '@playwright/test';

// Issue #19 item 3: what the cluster holds is shown as text, never run as markup. Object keys, journal payloads,
// state values, SQL results and Restate's error messages here carry HTML that would set window.__xss (or add an
// <img src=x>) if any page put it into the DOM as markup.

const suffix = Date.now().toString(36);
const hostileKey = `<img src=x onerror="window.__xss='key'">${suffix}`;
const hostileName = `<script>window.__xss='payload'</script><b>bold-${suffix}</b>`;

async function expectNoMarkupRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"], b:text("bold-' + suffix + '")').count()).toBe(0);
}

test('object keys, journal payloads and state with HTML in them render as text', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  await restate.invoke('counter', 'add', 3, { key: hostileKey });
  const { invocationId: id } = await restate.invoke<{ invocationId: string }>('greeter', 'greet', hostileName, {
    send: true,
  });
  const ds = await host.createDataSource({ name: 'Hostile data' });

  // The list, filtered by the key (the filter is a SQL literal: the quotes in the key stay data).
  await openPage(page, `/a/${APP_ID}/invocations?cluster=${ds.uid}&key=${encodeURIComponent(hostileKey)}`);
  const table = page.getByRole('table', { name: 'Invocations' });
  await expect(table.getByText(hostileKey, { exact: false }).first()).toBeVisible({ timeout: 15_000 });
  await expectNoMarkupRan(page);
  await saveScreenshot('hostile-invocations-list');

  // Its detail: the target with the key, the journal and the state.
  await table.getByRole('link', { name: /^inv_/ }).first().click();
  await expect(page.getByText(`counter/${hostileKey}/add`)).toBeVisible();
  await expect(page.getByRole('table', { name: 'State' }).getByRole('cell', { name: 'count' })).toBeVisible();
  await expectNoMarkupRan(page);

  // The greeting's journal carries the HTML as its input and output (its entries opened through the URL).
  await openPage(page, `/a/${APP_ID}/invocations/${id}?cluster=${ds.uid}&entries=0,1,2,3,4`);
  await expect(page.getByRole('list', { name: 'Journal entries' })).toBeVisible();
  await expect(page.getByText(hostileName, { exact: false }).first()).toBeVisible();
  await expectNoMarkupRan(page);
  await saveScreenshot('hostile-invocation-journal');
  expect(pageProblems.errors).toEqual([]);
});

test('SQL results and Restate errors with HTML in them render as text', async ({ page, host, pageProblems }) => {
  const ds = await host.createDataSource({ name: 'Hostile SQL' });
  const sql = `SELECT '${hostileKey.replaceAll("'", "''")}' AS cell`;
  await openPage(page, `/a/${APP_ID}/sql?cluster=${ds.uid}&q=${encodeURIComponent(sql)}`);
  await expect(page.getByRole('table').getByText(hostileKey)).toBeVisible({ timeout: 15_000 });
  await expectNoMarkupRan(page);

  // Restate quotes the unknown table in its error: the message is shown, the markup is not run.
  const wrong = `SELECT * FROM "<img src=x onerror=window.__xss='error'>"`;
  await openPage(page, `/a/${APP_ID}/sql?cluster=${ds.uid}&q=${encodeURIComponent(wrong)}`);
  await expect(page.getByText('Restate could not run this query')).toBeVisible();
  await expect(page.getByText(/<img src=x onerror=window.__xss='error'>/).first()).toBeVisible();
  await expectNoMarkupRan(page);
  expect(pageProblems.errors.filter((e) => !/status of (400|500)/.test(e))).toEqual([]);
});
