import { test, expect, openPage, APP_ID } from '../fixtures';

// Issue #19 item 1: the Grafana server restarted under an open page. The spec runs its own Grafana stand-in (the
// browser tier's host, with its plugin host: the data source's Go backend) from the run's page bundle, opens a
// polling invocations page on it, stops it, and starts it again on the same port with the same data source (what
// Grafana's database keeps across a restart). The page says it lost Grafana and recovers by itself, without a reload.

test('Grafana restarted under an open, polling page: the page says it lost Grafana, then recovers by itself', async ({
  page,
  restate,
  saveScreenshot,
}) => {
  const { startHost } = await import('../host/server.mjs');
  const { freePort } = await import('../../harness/ports.mjs');
  const vendorDir = process.env.BROWSER_VENDOR_DIR!;
  const line = process.env.BROWSER_GRAFANA_LINE as '12.4' | '13.2';
  const port = await freePort();
  const key = `grafana-restart-${Date.now().toString(36)}`;
  await restate.invoke('counter', 'add', 3, { key });
  const ds = {
    uid: `restart-${Date.now().toString(36)}`,
    name: 'Grafana restart',
    type: 'restatedev-restate-datasource',
    access: 'proxy',
    jsonData: { clusterName: 'restart', adminUrl: restate.adminUrl, ingressUrl: restate.ingressUrl },
    secureJsonData: {},
  };
  const start = async () => {
    const h = await startHost({ vendorDir, line, port });
    const r = await fetch(`${h.url}/api/datasources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ds),
    });
    expect(r.status).toBe(200);
    return h;
  };
  let grafana = await start();
  try {
    await openPage(page, `${grafana.url}/a/${APP_ID}/invocations?cluster=${ds.uid}&key=${key}&refresh=5s`);
    const table = page.getByRole('table', { name: 'Invocations' });
    await expect(table.getByRole('link', { name: /^inv_/ })).toHaveCount(1, { timeout: 15_000 });
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    // Grafana goes away: the next poll gets no answer, and the page says so in words.
    await grafana.close();
    const lost = page.getByRole('alert').filter({ hasText: 'lost its connection to the Grafana server' }).first();
    await expect(lost).toBeVisible({ timeout: 30_000 });
    await expect(lost).toContainText('Nothing was changed in Restate');
    await expect(lost).toContainText('recovers by itself once Grafana answers');
    await expect(lost).toContainText(/Next try in \d+ s/);
    // The rows it had stay on screen.
    await expect(table.getByRole('link', { name: /^inv_/ })).toHaveCount(1);
    await saveScreenshot('fault-grafana-down', { focus: lost });

    // Grafana is back on the same port: the page's own back-off brings it back.
    grafana = await start();
    await expect(lost).toBeHidden({ timeout: 90_000 });
    await expect(table.getByRole('link', { name: /^inv_/ })).toHaveCount(1);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await saveScreenshot('fault-grafana-back');
  } finally {
    await grafana.close();
  }
});
