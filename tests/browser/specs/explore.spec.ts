import { test, expect, openPage, APP_ID } from '../fixtures';

// The data source in Explore (issue 6): its QueryEditor (Monaco, Ctrl+Enter runs) and query() against the
// run's Restate, results as a table and Restate's errors as alerts. Links to Loki keep showing what they carry.

const run = Date.now().toString(36);

function exploreUrl(uid: string) {
  const panes = { a1b: { datasource: uid, range: { from: 'now-1h', to: 'now' } } };
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

async function typeSql(page: import('@playwright/test').Page, sql: string) {
  const editor = page.locator('.monaco-editor').first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(sql);
  // Monaco may have opened its suggestions; they must not swallow the run.
  await page.keyboard.press('Escape');
  await expect(editor).toContainText(sql.slice(0, 20));
}

test('query sys_invocation in Explore: the result table, then Restate’s error for a wrong column', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const ids: string[] = [];
  for (const name of ['Ada', 'Grace', 'Edsger']) {
    const r = await restate.invoke<{ invocationId: string }>('greeter', 'greet', name, {
      send: true,
      idempotencyKey: `explore-${run}-${name}`,
    });
    ids.push(r.invocationId);
  }
  const ds = await host.createDataSource({ name: `Explore ${run}` });

  await openPage(page, exploreUrl(ds.uid));
  await expect(page.getByRole('heading', { name: 'Explore' })).toBeVisible();
  await expect(page.getByTestId('explore-time-range')).toHaveText('Last 1 hour');
  // The data source's own editor, with its default query and its help line.
  await expect(page.getByTestId('restate-sql-help')).toContainText('$__timeFilter(created_at)');
  await expect(page.locator('.monaco-editor').first()).toContainText('FROM sys_invocation');

  await typeSql(
    page,
    'SELECT id, target, status, created_at FROM sys_invocation WHERE $__timeFilter(created_at) ORDER BY created_at DESC LIMIT 20'
  );
  await page.keyboard.press('ControlOrMeta+Enter');

  const result = page.getByTestId('explore-result-table');
  await expect(result).toHaveCount(1);
  // Grafana's Table names a header by its column (12.4) or "Sort by column <name>" (13.2's data-grid table).
  for (const column of ['id', 'target', 'status', 'created_at']) {
    await expect(result.getByRole('columnheader', { name: new RegExp(`^(Sort by column )?${column}$`) })).toBeVisible();
  }
  // One row per invocation: its id, the target, and created_at as a time field (a local date and time,
  // not Restate's RFC 3339 string).
  for (const id of ids) {
    await expect(
      result.getByRole('row', {
        name: new RegExp(`^${id} greeter/greet \\w+ \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?$`),
      })
    ).toBeVisible();
  }
  await expect(page.getByTestId('explore-query-error')).toHaveCount(0);
  await saveScreenshot('explore-query-result');

  // A wrong column: Restate's own message, and no table. The "Run query" button runs it too.
  await typeSql(page, 'SELECT nope FROM sys_invocation');
  await page.getByRole('button', { name: 'Run query' }).click();
  const error = page.getByTestId('explore-query-error');
  await expect(error).toHaveCount(1);
  await expect(error).toContainText('Query A failed');
  await expect(error).toContainText('No field named nope');
  await expect(result).toHaveCount(0);
  await saveScreenshot('explore-query-error');

  expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
});

test('the data source page’s "Explore data" opens its query editor', async ({ page, host, pageProblems }) => {
  const ds = await host.createDataSource({ name: `Explore data ${run}` });
  await openPage(page, `/connections/datasources/edit/${ds.uid}`);
  await page.getByRole('link', { name: 'Explore data' }).click();
  await expect(page).toHaveURL(/\/explore\?left=/);
  await expect(page.getByTestId('restate-sql-help')).toBeVisible();
  await page.getByRole('button', { name: 'Run query' }).click();
  // The default query: recent invocations in the last hour (the previous test made some).
  await expect(page.getByTestId('explore-result-table').getByText('greeter/greet').first()).toBeVisible();
  expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
});

test('an invocation’s "Logs in Explore" still opens Loki with its query, not the Restate editor', async ({
  page,
  host,
  restate,
  pageProblems,
}) => {
  const lokiUid = `explore-loki-${run}`;
  const created = await host.api('POST', '/api/datasources', {
    uid: lokiUid,
    name: `Loki ${run}`,
    type: 'loki',
    access: 'proxy',
    url: 'http://127.0.0.1:3100',
  });
  expect(created.status).toBe(200);
  try {
    const { invocationId } = await restate.invoke<{ invocationId: string }>('greeter', 'greet', 'Logs', {
      send: true,
      idempotencyKey: `explore-${run}-logs`,
    });
    const ds = await host.createDataSource({ name: `Explore logs ${run}`, jsonData: { lokiUid } });
    await openPage(page, `/a/${APP_ID}/invocations/${invocationId}?cluster=${ds.uid}`);
    await page.getByRole('link', { name: 'Logs in Explore' }).click();
    await expect(page).toHaveURL(/\/explore\?/);
    const panes = JSON.parse(new URL(page.url()).searchParams.get('panes')!);
    const pane = Object.values(panes)[0] as { datasource: string; queries: Array<{ expr: string }> };
    expect(pane.datasource).toBe(lokiUid);
    expect(pane.queries[0].expr).toContain(`|= "${invocationId}"`);
    await expect(page.getByTestId('explore-params')).toContainText(invocationId);
    await expect(page.getByTestId('restate-sql-help')).toHaveCount(0);
    expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
  } finally {
    await host.api('DELETE', `/api/datasources/uid/${lokiUid}`);
  }
});
