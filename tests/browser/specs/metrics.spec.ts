import fs from 'node:fs';
import { test, expect, openPage } from '../fixtures';

// "Metrics (Prometheus, optional)" on the Logs and traces page: an Admin sees the scrape job for Restate's
// :5122/metrics, previews the Prometheus data source and the link into the cluster, applies them and Grafana stores
// them; an Editor is told the set-up is for admins and can only download the YAML.

interface Stored {
  uid: string;
  type: string;
  url: string;
  jsonData: Record<string, unknown>;
}

test('an admin previews and applies the Prometheus data source for the cluster', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const clusterName = `metrics-${Date.now().toString(36)}`;
  const ds = await host.createDataSource({ name: `Restate ${clusterName}`, clusterName });
  const promUid = `restate-${clusterName}-prometheus`;
  try {
    await openPage(page, host.appUrl('observability', { cluster: ds.uid }));
    const section = page.getByRole('region', { name: 'Metrics (Prometheus, optional)' });
    await expect(section.getByLabel('Prometheus scrape job')).toContainText("targets: ['127.0.0.1:5122']");
    await expect(section.getByText('not set up')).toBeVisible();

    // A URL that cannot work sends nothing and says why.
    await section.getByLabel(/^Prometheus URL/).fill('prometheus:9090');
    await expect(section.getByText(/Use http:\/\/ or https:\/\/ in front/)).toBeVisible();
    await expect(section.getByRole('button', { name: 'Preview metrics changes' })).toBeDisabled();

    await section.getByLabel(/^Prometheus URL/).fill('http://127.0.0.1:9090');
    await section.getByRole('button', { name: 'Preview metrics changes' }).click();
    const change = page.getByTestId('change-prometheus-metrics');
    await expect(change).toContainText(`Create Prometheus (Restate ${clusterName})`);
    await expect(change).toContainText('http://127.0.0.1:9090');
    await expect(page.getByTestId('change-restate-metrics')).toContainText('jsonData.prometheusUid');
    await saveScreenshot('metrics-preview', { focus: change });
    expect((await host.api('GET', `/api/datasources/uid/${promUid}`)).status).toBe(404);

    await page.getByRole('button', { name: 'Apply metrics changes' }).click();
    await expect(page.getByText('Metrics are set up')).toBeVisible();
    await expect(section.getByText('linked', { exact: true })).toBeVisible();
    await expect(section.getByRole('link', { name: `Prometheus (Restate ${clusterName})` }).first()).toBeVisible();
    const stored = (await host.api<Stored>('GET', `/api/datasources/uid/${promUid}`)).data;
    expect(stored).toMatchObject({ type: 'prometheus', url: 'http://127.0.0.1:9090' });
    expect(stored.jsonData).toMatchObject({ httpMethod: 'POST', timeInterval: '15s' });
    const cluster = (await host.api<Stored>('GET', `/api/datasources/uid/${ds.uid}`)).data;
    expect(cluster.jsonData.prometheusUid).toBe(promUid);
    await saveScreenshot('metrics-applied', { focus: section });

    // A second run changes nothing.
    await section.getByRole('button', { name: 'Preview metrics changes' }).click();
    await expect(page.getByRole('button', { name: 'Nothing to change' })).toBeDisabled();
    expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
  } finally {
    await host.api('DELETE', `/api/datasources/uid/${promUid}`);
  }
});

test('an Editor is told adding Prometheus is for admins, and Grafana refuses it anyway', async ({
  page,
  host,
  pageProblems,
}) => {
  const clusterName = `metrics-ed-${Date.now().toString(36)}`;
  const ds = await host.createDataSource({ clusterName });
  await host.setRole('Editor');
  await openPage(page, host.appUrl('observability', { cluster: ds.uid }));
  const section = page.getByRole('region', { name: 'Metrics (Prometheus, optional)' });
  await expect(section.getByText('Adding a Prometheus data source is for admins')).toBeVisible();
  await expect(section.getByRole('button', { name: 'Preview metrics changes' })).toBeDisabled();
  // The server side: Grafana's data source API refuses an Editor.
  const refused = await host.api('POST', '/api/datasources', {
    name: 'p',
    uid: `restate-${clusterName}-prometheus`,
    type: 'prometheus',
    access: 'proxy',
    url: 'http://127.0.0.1:9090',
  });
  expect(refused.status).toBe(403);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: 'Download Prometheus YAML' }).click(),
  ]);
  const text = fs.readFileSync(await download.path(), 'utf8');
  expect(text).toContain('type: prometheus');
  expect(text).toContain(`uid: restate-${clusterName}-prometheus`);
  expect(text).toContain(':5122/metrics');
  expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
});
