import { test, expect, openPage, APP_ID } from '../fixtures';

// The SQL page with a large result (issue #18): 50 000 rows arrive, only the rows in view are in the page, the
// table scrolls with the keyboard and sorts a column from its header.

test('show 50 000 SQL rows, scroll to the end with the keyboard and sort a column', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource({ name: 'SQL large result' });
  const sql =
    "SELECT value AS n, concat('row-', CAST(value AS VARCHAR)) AS label FROM generate_series(1, 50000) ORDER BY n LIMIT 50000";
  await openPage(page, `/a/${APP_ID}/sql?cluster=${ds.uid}&q=${encodeURIComponent(sql)}`);
  await expect(page.getByText(/^50,000 rows in \d+ ms$/)).toBeVisible({ timeout: 30_000 });
  const table = page.getByRole('table', { name: 'Query result' });
  await expect(table).toHaveAttribute('aria-rowcount', '50001');
  await expect(table.getByRole('cell', { name: 'row-1', exact: true })).toBeVisible();
  // only the rows in view (and a few around them) are rendered
  expect(await table.getByRole('row').count()).toBeLessThan(60);
  await saveScreenshot('sql-50000-rows');

  await table.focus();
  await page.keyboard.press('End');
  await expect(table.getByRole('cell', { name: 'row-50000', exact: true })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(table.getByRole('cell', { name: 'row-1', exact: true })).toBeVisible();

  // numbers sort as numbers: descending starts at 50000
  const header = table.getByRole('button', { name: 'n', exact: true });
  await header.click();
  await header.press('Enter');
  await expect(table.getByRole('columnheader', { name: 'n', exact: true })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('row').nth(1)).toContainText('50000');
  await saveScreenshot('sql-50000-rows-sorted');
  expect(pageProblems.errors).toEqual([]);
});
