import fs from 'node:fs';
import { test, expect, openPage } from '../fixtures';

// "Set up logs and traces": an admin previews the Loki and Tempo data sources the app will create, applies,
// and gets them linked into the cluster, with Explore links that carry the right queries. A Viewer is told why
// the set-up is not available.

interface Stored {
  uid: string;
  name: string;
  type: string;
  url: string;
  jsonData: Record<string, any>;
  secureJsonFields?: Record<string, boolean>;
}

test('an admin previews, applies and gets Loki and Tempo linked to the cluster', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const clusterName = `obs-${Date.now().toString(36)}`;
  const ds = await host.createDataSource({ name: `Restate ${clusterName}`, clusterName });
  const lokiUid = `restate-${clusterName}-loki`;
  const tempoUid = `restate-${clusterName}-tempo`;
  try {
    await openPage(page, host.appUrl('observability', { cluster: ds.uid }));
    await expect(page.getByRole('heading', { name: 'Set up logs and traces' })).toBeVisible();
    await expect(page.getByText('not linked')).toHaveCount(2);

    // The URLs default to the admin URL's host on port 3100.
    await expect(page.getByLabel(/^Loki URL/)).toHaveValue(/^http:\/\/127\.0\.0\.1:3100$/);
    await page.getByLabel(/^Token/).fill('tok-123');
    await page.getByLabel(/^Log selector/).fill('{app="restate"}');
    await page.getByRole('button', { name: 'Preview changes' }).click();

    const loki = page.getByTestId('change-loki');
    await expect(loki).toContainText(`Create Loki (Restate ${clusterName})`);
    await expect(loki).toContainText('jsonData.derivedFields[Restate invocation].url');
    await expect(page.getByTestId('change-tempo')).toContainText(
      '{app="restate"} |= "${__span.tags["restate.invocation.id"]}"'
    );
    await expect(page.getByTestId('change-restate')).toContainText('jsonData.lokiUid');
    await expect(page.locator('body')).not.toContainText('tok-123');
    await saveScreenshot('observability-preview', { focus: loki });

    await page.getByRole('button', { name: 'Apply changes' }).click();
    await expect(page.getByText('Logs and traces are set up')).toBeVisible();
    await expect(page.getByText('linked', { exact: true })).toHaveCount(2);
    await saveScreenshot('observability-applied');

    // What Grafana now stores is the model's output, with the token as a secret.
    const storedLoki = (await host.api<Stored>('GET', `/api/datasources/uid/${lokiUid}`)).data;
    expect(storedLoki).toMatchObject({ type: 'loki', url: 'http://127.0.0.1:3100' });
    expect(storedLoki.jsonData.httpHeaderName1).toBe('Authorization');
    expect(storedLoki.secureJsonFields).toEqual({ httpHeaderValue1: true });
    expect(storedLoki.jsonData.derivedFields.map((f: { datasourceUid: string }) => f.datasourceUid)).toEqual([
      tempoUid,
      tempoUid,
      tempoUid,
    ]);
    const storedTempo = (await host.api<Stored>('GET', `/api/datasources/uid/${tempoUid}`)).data;
    expect(storedTempo.jsonData.tracesToLogsV2).toMatchObject({ datasourceUid: lokiUid, customQuery: true });
    const cluster = (await host.api<Stored>('GET', `/api/datasources/uid/${ds.uid}`)).data;
    expect(cluster.jsonData).toMatchObject({ lokiUid, tempoUid, logSelector: '{app="restate"}' });

    // A second run with nothing typed changes nothing.
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await expect(page.getByRole('button', { name: 'Nothing to change' })).toBeDisabled();

    // The Explore starter link opens Loki with the cluster's selector.
    await page.getByRole('link', { name: 'Restate logs without DEBUG' }).click();
    await expect(page).toHaveURL(/\/explore\?/);
    const panes = JSON.parse(new URL(page.url()).searchParams.get('panes')!);
    expect(new URL(page.url()).searchParams.get('schemaVersion')).toBe('1');
    expect(panes.logs).toMatchObject({
      datasource: lokiUid,
      queries: [{ expr: '{app="restate"} != `DEBUG` | json fields | line_format `{{ .fields }}`' }],
    });
    expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
  } finally {
    await host.api('DELETE', `/api/datasources/uid/${lokiUid}`);
    await host.api('DELETE', `/api/datasources/uid/${tempoUid}`);
  }
});

test('a Viewer sees why the set-up is unavailable and can still download the YAML', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource({ clusterName: `viewer-${Date.now().toString(36)}` });
  await host.setRole('Viewer');
  await openPage(page, host.appUrl('observability', { cluster: ds.uid }));
  await expect(page.getByText('Setting up data sources is for admins')).toBeVisible();
  await expect(page.getByText(/Needs the Admin role in this Grafana organization; you are Viewer\./)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Preview changes' })).toBeDisabled();
  await saveScreenshot('observability-viewer');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download YAML' }).click(),
  ]);
  const file = await download.path();
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain('Bearer $RESTATE_TOKEN');
  expect(text).toContain('$${__value.raw}');
  expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
});
