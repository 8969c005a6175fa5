import { test, expect, openPage } from '../fixtures';

// The Overview page's live panels: Grafana's panels (PanelRenderer; the host's stand-in draws them with
// @grafana/ui's TimeSeries, BigValue and Table) with data from the real Restate through the data source's query(),
// and the time picker keeping its range in the link and in the queries it sends.

interface DsQueryBody {
  from: string;
  to: string;
  queries: Array<{ sql: string; format?: string; intervalMs?: number }>;
}

test('a Viewer sees invocations over time, waiting now and the top failing handlers from the real Restate', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource();
  const tag = Date.now().toString(36);
  for (const name of ['Ada', 'Grace', 'Edsger']) {
    await restate.invoke('greeter', 'greet', { name: `${name}-${tag}` });
  }
  await restate.invoke('counter', 'add', 1, { key: `overview-${tag}` });
  await expect(restate.invoke('greeter', 'fail', { name: `fail-${tag}` })).rejects.toThrow(/500|418|this always fails/);

  await host.setRole('Viewer');
  const queries: DsQueryBody[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/ds/query' && r.method() === 'POST') {
      queries.push(r.postDataJSON() as DsQueryBody);
    }
  });
  await openPage(page, host.appUrl('overview', { cluster: ds.uid }));
  await expect(page.getByRole('heading', { name: 'Invocations over time' })).toBeVisible();

  // Created, by service: one series per service in the legend, drawn on a canvas.
  const created = page.getByTestId('overview-panel-created');
  await expect(created.getByText('Invocations created')).toBeVisible();
  await expect(created.getByTestId('panel-timeseries')).toBeVisible();
  await expect(created.locator('canvas').first()).toBeVisible();
  await expect(created.getByText('greeter', { exact: true })).toBeVisible();
  await expect(created.getByText('counter', { exact: true })).toBeVisible();
  const failed = page.getByTestId('overview-panel-failed');
  await expect(failed.getByText('greeter', { exact: true })).toBeVisible();

  const waiting = page.getByTestId('overview-panel-waiting-now');
  await expect(waiting.getByTestId('panel-stat')).toBeVisible();
  await expect(waiting.getByText('paused', { exact: true })).toBeVisible();
  await expect(waiting.getByText('backing-off', { exact: true })).toBeVisible();

  const top = page.getByTestId('overview-panel-top-failing');
  await expect(top.getByRole('cell', { name: 'greeter/fail' })).toBeVisible();
  await expect(top.getByText(/\[418\] this always fails/).first()).toBeVisible();
  await saveScreenshot('overview-panels', { focus: page.getByTestId('overview-panel-top-failing') });

  // The page's default range is the last 6 hours, and each panel's SQL is sent with it.
  expect(new URL(page.url()).searchParams.get('from')).toBeNull();
  const first = queries.find((q) => q.queries[0].sql.includes('AS created'))!;
  expect(first).toBeDefined();
  expect(first.queries[0].format).toBe('time_series');
  expect(Number(first.to) - Number(first.from)).toBeCloseTo(6 * 3600_000, -4);

  // Picking "Last 1 hour" puts the range in the link and re-runs the queries with it.
  queries.length = 0;
  await page.getByRole('button', { name: /Time range selected/ }).click();
  await page.getByText('Last 1 hour', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]from=now-1h(&|$)/);
  await expect(page).toHaveURL(/[?&]to=now(&|$)/);
  await expect.poll(() => queries.filter((q) => q.queries[0].sql.includes('AS created')).length).toBeGreaterThan(0);
  const again = queries.find((q) => q.queries[0].sql.includes('AS created'))!;
  expect(Number(again.to) - Number(again.from)).toBeCloseTo(3600_000, -4);
  await expect(created.getByText('greeter', { exact: true })).toBeVisible();

  // The link opens the same range: it can be shared.
  await openPage(page, host.appUrl('overview', { cluster: ds.uid, from: 'now-1h', to: 'now', refresh: '1m' }));
  await expect(page.getByRole('button', { name: /Time range selected/ })).toContainText('Last 1 hour');
  await expect(
    page.getByTestId('overview-panel-top-failing').getByRole('cell', { name: 'greeter/fail' })
  ).toBeVisible();
  expect(pageProblems.errors).toEqual([]);
});

test('a range with no invocations shows "No data" in the time series, and the waiting counts of now', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource();
  const from = Date.UTC(2020, 0, 1);
  await openPage(page, host.appUrl('overview', { cluster: ds.uid, from: String(from), to: String(from + 3600_000) }));
  const created = page.getByTestId('overview-panel-created');
  await expect(created.getByText('No data')).toBeVisible();
  await expect(page.getByTestId('overview-panel-waiting-now').getByText('paused', { exact: true })).toBeVisible();
  await saveScreenshot('overview-panels-empty');
  expect(pageProblems.errors).toEqual([]);
});
