import { DEMO_DEPLOYMENT_URI, expect, localStackDataSources, test } from './fixtures';

const INVOCATION_ID = /inv_[0-9A-Za-z]{10,}/;

test('the deployments page lists the demo deployment registered by the stack', async ({ gotoClusterPage, page }) => {
  await gotoClusterPage('deployments');
  await expect(page.getByText(DEMO_DEPLOYMENT_URI).first()).toBeVisible();
  // the services it serves (tests/fixtures/service/service.mjs)
  await expect(page.getByText('greeter').first()).toBeVisible();
});

test('the invocations page shows the invocations the traffic container makes', async ({ gotoClusterPage, page }) => {
  await gotoClusterPage('invocations');
  await expect(page.getByText(INVOCATION_ID).first()).toBeVisible();
  await expect(page.getByText(/greeter/).first()).toBeVisible();
});

/** The Explore pane a link opens: /explore?schemaVersion=1&panes={"<pane>":{"datasource":uid,"queries":[...]}} */
function explorePane(href: string) {
  const url = new URL(href, 'http://grafana.invalid');
  expect(url.pathname).toMatch(/\/explore$/);
  const panes = JSON.parse(url.searchParams.get('panes') ?? '{}') as Record<
    string,
    { datasource: string; queries: Array<Record<string, unknown>> }
  >;
  const pane = Object.values(panes)[0];
  expect(pane).toBeDefined();
  return pane;
}

test("an invocation's Explore links open its trace in Tempo and its logs in Loki", async ({
  gotoClusterPage,
  page,
}) => {
  const { loki, tempo } = localStackDataSources();
  await gotoClusterPage('invocations');
  // open the first invocation (its id links to the detail view)
  const first = page.getByRole('link', { name: INVOCATION_ID }).first();
  await expect(first).toBeVisible();
  const invocationId = INVOCATION_ID.exec((await first.textContent()) ?? '')![0];
  await first.click();
  await expect(page.getByText(invocationId).first()).toBeVisible();

  // src/pages/Invocations/InvocationDetail.tsx: "Trace in Explore" and "Logs in Explore" link buttons
  const traceLink = page.getByRole('link', { name: 'Trace in Explore' });
  const logsLink = page.getByRole('link', { name: 'Logs in Explore' });
  await expect(traceLink).toBeVisible();
  await expect(logsLink).toBeVisible();

  const trace = explorePane((await traceLink.getAttribute('href')) ?? '');
  expect(trace.datasource).toBe(tempo.uid);
  const traceQuery = JSON.stringify(trace.queries[0]);
  // by trace id from sys_invocation, else TraceQL on the invocation id
  expect(traceQuery.includes(invocationId) || /"query":"[0-9a-f]{16,32}"/.test(traceQuery)).toBe(true);

  const logsHref = (await logsLink.getAttribute('href')) ?? '';
  const logs = explorePane(logsHref);
  expect(logs.datasource).toBe(loki.uid);
  expect(String(logs.queries[0].expr)).toContain(invocationId);

  // Grafana opens the Loki link in Explore on the Loki data source
  await page.goto(logsHref);
  await expect(page).toHaveURL(/\/explore/);
  await expect(page.getByText(loki.name).first()).toBeVisible();
});
