import { test, expect, openPage, APP_ID } from '../fixtures';

// Invocations and SQL journeys (issue 5), on the run's shared Restate: everything created here uses a key of
// its own, and the list is filtered by that key so other specs' invocations do not matter.

const key = `browser-inv-${Date.now().toString(36)}`;

test('filter the list, open an invocation with its journal and state, kill another after confirming', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  await restate.invoke('counter', 'add', 7, { key });
  const slowId = await restate
    .invoke<{ invocationId: string }>('counter', 'slowAdd', { seconds: 600, delta: 1 }, { key, send: true })
    .then((r) => r.invocationId);
  const ds = await host.createDataSource({ name: 'Invocations journey' });

  await openPage(page, `/a/${APP_ID}/invocations?cluster=${ds.uid}&key=${key}`);
  const table = page.getByRole('table', { name: 'Invocations' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('textbox', { name: 'Object key' })).toHaveValue(key);

  // Counts per status are filters: only the completed one is left.
  await page
    .getByRole('group', { name: 'Invocations by status' })
    .getByRole('button', { name: /Succeeded/ })
    .click();
  await expect(page).toHaveURL(/status=succeeded/);
  await expect(table.getByRole('row')).toHaveCount(2);
  await saveScreenshot('invocations-list-filtered');

  // Its detail: target, journal and the object's state.
  await table.getByRole('link', { name: /^inv_/ }).click();
  await expect(page).toHaveURL(new RegExp(`/a/${APP_ID}/invocations/inv_\\w+\\?cluster=${ds.uid}`));
  await expect(page.getByText(`counter/${key}/add`)).toBeVisible();
  const journal = page.getByRole('list', { name: 'Journal entries' });
  await expect(journal.getByText('SetState')).toBeVisible();
  const state = page.getByRole('table', { name: 'State' });
  await expect(state.getByRole('cell', { name: 'count' })).toBeVisible();
  await expect(state.getByRole('cell', { name: '7', exact: true })).toBeVisible();
  await saveScreenshot('invocation-detail-completed');

  // Kill the one still in flight, after a confirmation that says what kill does.
  await openPage(page, `/a/${APP_ID}/invocations/${slowId}?cluster=${ds.uid}`);
  await page.getByLabel('Actions').getByRole('button', { name: 'Kill' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(/Stops it immediately, without running any more of its code/)).toBeVisible();
  await saveScreenshot('invocation-kill-confirmation');
  await dialog.getByRole('button', { name: 'Kill invocation' }).click();
  await expect(page.getByRole('list', { name: 'Results' }).getByText('done')).toBeVisible();
  await page.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(page.getByText('Failed', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/Failed: \[409\] killed/)).toBeVisible();
  await saveScreenshot('invocation-detail-killed');
  expect(pageProblems.errors).toEqual([]);
});

test('run a SQL query and read its typed result in Grafana’s table', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource({ name: 'SQL result journey' });
  const sql = 'SELECT name, ty, revision FROM sys_service ORDER BY name';
  await openPage(page, `/a/${APP_ID}/sql?cluster=${ds.uid}&q=${encodeURIComponent(sql)}`);
  const table = page.getByRole('table');
  await expect(table.getByText('counter', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(table.getByText('greeter', { exact: true })).toBeVisible();
  await expect(table.getByText('signup', { exact: true })).toBeVisible();
  await saveScreenshot('sql-result');
  expect(pageProblems.errors).toEqual([]);
});

test('see Restate’s error for a wrong SQL query, keep it in recent queries, share it by URL', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource({ name: 'SQL journey' });
  const wrong = 'SELECT nope FROM sys_invocation';
  await openPage(page, `/a/${APP_ID}/sql?cluster=${ds.uid}&q=${encodeURIComponent(wrong)}`);
  await expect(page.getByText('Restate could not run this query')).toBeVisible();
  await expect(page.getByText(/No field named nope/)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Recent queries' }).getByRole('button').first()).toHaveText(wrong);
  await expect(page.getByRole('list', { name: 'Ready queries' }).getByRole('button')).toHaveCount(9);
  await saveScreenshot('sql-error');
  // The browser logs the failed response of the proxy; nothing else may go wrong.
  expect(pageProblems.errors.filter((e) => !/status of 500/.test(e))).toEqual([]);
});
