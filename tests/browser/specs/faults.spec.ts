import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, openPage, APP_ID } from '../fixtures';

// Issue #19 item 1: Restate killed and restarted under an open, polling page. The page says what happened and
// recovers by itself (no reload) once Restate is back on the same address with the same data.

test('the invocations page says Restate is gone, then recovers without a reload when it is back', async ({
  page,
  host,
  saveScreenshot,
}) => {
  const { startRestate } = await import('../../harness/restate.mjs');
  const { startTestService, registerDeployment } = await import('../../harness/testService.mjs');
  const { freePorts } = await import('../../harness/ports.mjs');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restate-fault-'));
  const ports = await freePorts(3);
  let restate = await startRestate({ dataDir, ports, clusterName: 'fault' });
  const service = await startTestService();
  try {
    await registerDeployment(restate.adminUrl, service.url);
    const key = `fault-${Date.now().toString(36)}`;
    const res = await fetch(`${restate.ingressUrl}/counter/${key}/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '5',
    });
    expect(res.ok).toBe(true);
    const ds = await host.createDataSource({
      name: 'Fault journey',
      adminUrl: restate.adminUrl,
      ingressUrl: restate.ingressUrl,
    });

    await openPage(page, `/a/${APP_ID}/invocations?cluster=${ds.uid}&key=${key}&refresh=5s`);
    const table = page.getByRole('table', { name: 'Invocations' });
    await expect(table.getByRole('link', { name: /^inv_/ })).toHaveCount(1, { timeout: 15_000 });
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    // Restate goes away: the next poll fails and the page says so, in words.
    await restate.stop();
    const problem = page
      .getByRole('alert')
      .filter({ hasText: /Restate|reach|connect/i })
      .first();
    await expect(problem).toBeVisible({ timeout: 60_000 });
    await saveScreenshot('fault-restate-down', { focus: problem });

    // Back on the same ports with the same data: the page's own polling (backed off meanwhile) brings the rows back.
    restate = await startRestate({ dataDir, ports, clusterName: 'fault' });
    await expect(problem).toBeHidden({ timeout: 120_000 });
    await expect(table.getByRole('link', { name: /^inv_/ })).toHaveCount(1);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await saveScreenshot('fault-restate-back');
  } finally {
    await restate.stop();
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a rotated token takes effect at the next request; the old one is refused and explained', async ({
  page,
  host,
  restate,
  saveScreenshot,
}) => {
  const ds = await host.createDataSource({
    name: 'Rotating token',
    adminUrl: restate.gatedAdminUrl,
    token: restate.token,
    clusterName: 'rotating',
  });
  const rotate = async (token: string) => {
    const current = await host.api<{ name: string; jsonData: Record<string, unknown>; version: number }>(
      'GET',
      `/api/datasources/uid/${ds.uid}`
    );
    const res = await host.api('PUT', `/api/datasources/uid/${ds.uid}`, {
      name: current.data.name,
      jsonData: current.data.jsonData,
      version: current.data.version,
      secureJsonData: { token },
    });
    expect(res.status).toBe(200);
  };

  await openPage(page, `/a/${APP_ID}/services?cluster=${ds.uid}`);
  await expect(page.getByText('greeter', { exact: true }).first()).toBeVisible({ timeout: 15_000 });

  // Rotated to a token the cluster no longer accepts (as after revoking a key): the next load is refused, in words.
  await rotate('revoked-token');
  await page.reload();
  const refused = page.getByRole('alert').filter({ hasText: /token/i }).first();
  await expect(refused).toBeVisible({ timeout: 15_000 });
  await saveScreenshot('fault-token-revoked', { focus: refused });
  expect(await page.content()).not.toContain(restate.token);

  // The new token works at once: no restart of anything, the next request carries it.
  await rotate(restate.token);
  await page.reload();
  await expect(page.getByText('greeter', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(refused).toBeHidden();
});

test('a slow admin API: the page shows it is loading, then that Restate did not answer within the timeout', async ({
  page,
  host,
  restate,
  saveScreenshot,
}) => {
  const http = await import('node:http');
  // A delaying proxy in front of the real admin API: every SQL query waits 8 s (the data source allows 2 s).
  let held = 0;
  const slow = http.createServer((req, res) => {
    const forward = () => {
      const up = http.request(
        new URL(req.url ?? '/', restate.adminUrl),
        { method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        }
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (req.url?.startsWith('/query')) {
      held++;
      const t = setTimeout(forward, 8000);
      res.on('close', () => clearTimeout(t));
    } else {
      forward();
    }
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const port = (slow.address() as { port: number }).port;
  try {
    const ds = await host.createDataSource({
      name: 'Slow cluster',
      adminUrl: `http://127.0.0.1:${port}`,
      jsonData: { timeout: 2 },
    });
    await openPage(page, `/a/${APP_ID}/invocations?cluster=${ds.uid}&refresh=`);
    await expect(page.getByText(/Loading/).first()).toBeVisible();
    const timedOut = page
      .getByRole('alert')
      .filter({ hasText: /did not answer within 2s/ })
      .first();
    await expect(timedOut).toBeVisible({ timeout: 30_000 });
    await expect(timedOut).toContainText("raise the data source's timeout");
    expect(held).toBeGreaterThan(0);
    await saveScreenshot('fault-admin-api-slow', { focus: timedOut });
  } finally {
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  }
});
