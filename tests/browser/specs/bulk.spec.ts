import type { Route } from '@playwright/test';
import { test, expect, openPage, APP_ID } from '../fixtures';

// Bulk actions on everything matching, and search at scale (issue 16, items 1 and 6), on the run's shared Restate.
// Each test makes its own invocations with `greeter/fanout` and filters by the invocation that created them, so
// other specs' invocations never match.

const run = Date.now().toString(36);

/** Runs greeter/fanout (`count` one-way greet calls); its id and the ids it created. */
async function fanout(
  restate: {
    invoke: (s: string, h: string, i?: unknown, o?: { idempotencyKey?: string }) => Promise<unknown>;
    query: (sql: string) => Promise<Array<Record<string, unknown>>>;
  },
  count: number,
  idempotencyKey: string
) {
  const children = (await restate.invoke(
    'greeter',
    'fanout',
    { count, handler: 'greet' },
    { idempotencyKey }
  )) as string[];
  const [row] = await restate.query(`SELECT id FROM sys_invocation WHERE idempotency_key = '${idempotencyKey}'`);
  const parent = String(row.id);
  await expect
    .poll(
      async () =>
        (
          await restate.query(
            `SELECT COUNT(*) AS n FROM sys_invocation WHERE invoked_by_id = '${parent}' AND status = 'completed'`
          )
        )[0].n,
      { timeout: 30_000 }
    )
    .toBe(count);
  return { parent, children };
}

test('search by the invocation that created them, by idempotency key and by the beginning of an id', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const idem = `bulk-search-${run}`;
  const { parent, children } = await fanout(restate, 3, idem);
  const ds = await host.createDataSource({ name: 'Bulk search' });
  await openPage(page, `/a/${APP_ID}/invocations?cluster=${ds.uid}`);
  const table = page.getByRole('table', { name: 'Invocations' });

  const createdBy = page.getByRole('textbox', { name: 'Created by' });
  await createdBy.fill(parent);
  await createdBy.press('Enter');
  await expect(page).toHaveURL(new RegExp(`createdBy=${parent}`));
  await expect(table.getByRole('row')).toHaveCount(4);
  for (const c of children) {
    await expect(table.getByRole('link', { name: c })).toBeVisible();
  }

  // An id prefix is checked before anything is sent.
  const id = page.getByRole('textbox', { name: 'Invocation id' });
  await id.fill('1234');
  await id.press('Enter');
  await expect(page.getByText(/An invocation id looks like inv_/)).toBeVisible();
  await expect(page.getByText('Fix the highlighted filter to see invocations')).toBeVisible();
  await saveScreenshot('bulk-search-invalid-prefix');

  // The beginning of an id, with the caller filter still on.
  const prefix = children[1].slice(0, 24);
  await id.fill(prefix);
  await id.press('Enter');
  await expect(page).toHaveURL(new RegExp(`id=${prefix}`));
  await expect(table.getByRole('link', { name: children[1] })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2);
  await saveScreenshot('bulk-search-created-by-and-prefix');

  // The URL is the search: a link opens the same view. By idempotency key, the parent itself.
  await openPage(page, `/a/${APP_ID}/invocations?cluster=${ds.uid}&idempotencyKey=${idem}`);
  await expect(page.getByRole('textbox', { name: 'Idempotency key' })).toHaveValue(idem);
  await expect(table.getByRole('link', { name: parent })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2);

  // From an invocation's detail, the invocations it created.
  await table.getByRole('link', { name: parent }).click();
  await page.getByRole('link', { name: 'Invocations it created' }).click();
  await expect(page).toHaveURL(new RegExp(`/invocations\\?.*createdBy=${parent}`));
  await expect(table.getByRole('row')).toHaveCount(4);
  expect(pageProblems.errors).toEqual([]);
});

test('purge all 101 matching: count up front, typed confirmation, progress, stop, results and retry', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const { parent } = await fanout(restate, 101, `bulk-purge-${run}`);
  const ds = await host.createDataSource({ name: 'Bulk purge' });
  await openPage(page, `/a/${APP_ID}/invocations?cluster=${ds.uid}&createdBy=${parent}`);
  await expect(page.getByText('101 matching', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Act on all 101 matching' }).click();
  await expect(page.getByRole('menuitem', { name: /^Cancel 0…/ })).toBeVisible();
  await saveScreenshot('bulk-menu');
  await page.getByRole('menuitem', { name: /^Purge 101…/ }).click();

  // The set is resolved and fixed before the confirmation; above 100 the count must be typed.
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Purge 101 invocations?' })).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Filters' })).toContainText(`Created by: ${parent}`);
  const confirm = dialog.getByRole('button', { name: 'Purge 101 invocations' });
  await expect(confirm).toBeDisabled();
  const typed = dialog.getByRole('textbox', { name: 'Type 101 to confirm' });
  await typed.fill('100');
  await expect(confirm).toBeDisabled();
  await typed.fill('101');
  await expect(confirm).toBeEnabled();
  await saveScreenshot('bulk-typed-confirmation');

  // One of the set goes away after it was fixed: its purge fails (404), the others do not.
  const [last] = await restate.query(
    `SELECT id FROM sys_invocation WHERE invoked_by_id = '${parent}' ORDER BY id DESC LIMIT 1`
  );
  const gone = String(last.id);
  const purged = await fetch(`${restate.adminUrl}/invocations/${gone}/purge`, { method: 'PATCH' });
  expect(purged.ok).toBe(true);

  // The first 20 actions go through at once; the next ones wait (in flight) until the test lets them go.
  let sent = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route('**/resources/invocations/**', async (route: Route) => {
    if (route.request().method() === 'PATCH' && ++sent > 20) {
      await released;
    }
    await route.continue();
  });

  await confirm.click();
  const tally = dialog.getByLabel('Tally');
  await expect(tally).toContainText('Done 20');
  await expect(tally).toContainText('In flight 4');
  await expect(dialog.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute('aria-valuenow', '20');
  await saveScreenshot('bulk-progress');

  await dialog.getByRole('button', { name: 'Stop' }).click();
  await expect(dialog.getByText(/Stopping: nothing more is sent; waiting for the 4 requests in flight/)).toBeVisible();
  release();
  await expect(dialog.getByRole('heading', { name: 'Purge: stopped' })).toBeVisible();
  await expect(dialog.getByText('Stopped. 24 of 101 done, 77 not sent.')).toBeVisible();
  expect(sent).toBe(24);

  await dialog.getByRole('button', { name: 'Send the 77 not sent' }).click();
  await expect(dialog.getByText('100 of 101 done, 1 failed.')).toBeVisible({ timeout: 30_000 });
  const failures = dialog.getByRole('list', { name: 'Failures' });
  await expect(failures.getByRole('listitem')).toHaveCount(1);
  await expect(failures.getByRole('link', { name: gone })).toBeVisible();
  await expect(failures).toContainText('Restate does not know this invocation');
  await saveScreenshot('bulk-results');

  // Retrying the failure sends it once more; Restate still does not know it.
  await dialog.getByRole('button', { name: 'Retry 1 failed' }).click();
  await expect(dialog.getByRole('heading', { name: 'Purge: done' })).toBeVisible();
  await expect(dialog.getByText('100 of 101 done, 1 failed.')).toBeVisible();
  expect(sent).toBe(102);

  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(page.getByText('No invocations match these filters.')).toBeVisible({ timeout: 15_000 });
  const [left] = await restate.query(`SELECT COUNT(*) AS n FROM sys_invocation WHERE invoked_by_id = '${parent}'`);
  expect(left.n).toBe(0);
  // The browser logs the 404 of the one already gone; nothing else may go wrong.
  expect(pageProblems.errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
});

test('a Viewer does not see the actions on all matching, and the proxy refuses them', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const { parent, children } = await fanout(restate, 2, `bulk-viewer-${run}`);
  const ds = await host.createDataSource({ name: 'Bulk viewer' });
  await host.setRole('Viewer');
  await openPage(page, `/a/${APP_ID}/invocations?cluster=${ds.uid}&createdBy=${parent}`);
  await expect(page.getByText('2 matching', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Invocations' }).getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('button', { name: /Act on all/ })).toHaveCount(0);
  await saveScreenshot('bulk-viewer');

  const r = await host.api('PATCH', `/api/datasources/uid/${ds.uid}/resources/invocations/${children[0]}/purge`);
  expect(r.status).toBe(403);
  const [row] = await restate.query(`SELECT COUNT(*) AS n FROM sys_invocation WHERE invoked_by_id = '${parent}'`);
  expect(row.n).toBe(2);
  expect(pageProblems.errors).toEqual([]);
});
