import { test, expect, openPage, APP_ID } from '../fixtures';

// Deployments at scale, retry policies and service health (issue 17, items 1 and 2), against a restate-server of
// this spec's own with 302 deployments: 300 of the one-handler `tiny` service (one SDK process serving under one
// path prefix per deployment) and two of `fleet`, the first with an invocation pinned to it (draining), the
// newest holding fleet's latest revision, with invocations that back off and pause for the health views.
// Registering 300 takes about a minute (Restate rewrites its schema registry on each; tests/harness/fleet.mjs).

const TINY = 300;
const TOTAL = TINY + 2;

interface Own {
  adminUrl: string;
  ingressUrl: string;
  firstId: string;
  tinyIds: string[];
  stop: () => Promise<void>;
}
let own: Own;

async function sql(adminUrl: string, query: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${adminUrl}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  return ((await res.json()) as { rows: Array<Record<string, unknown>> }).rows;
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000) {
  const { sleep } = await import('../../harness/ports.mjs');
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(200);
  }
}

test.beforeAll(async () => {
  test.setTimeout(400_000);
  const { startRestate } = await import('../../harness/restate.mjs');
  const { startTestService, registerDeployment } = await import('../../harness/testService.mjs');
  const { registerFleet } = await import('../../harness/fleet.mjs');
  const restate = await startRestate({ clusterName: 'browser-fleet' });
  const fleetService = await startTestService({ services: ['fleet'] });
  const tinyService = await startTestService({ services: ['tiny'] });
  const stop = async () => {
    await tinyService.stop();
    await fleetService.stop();
    await restate.stop();
  };
  try {
    const send = async (handler: string, body: unknown = {}) => {
      const res = await fetch(`${restate.ingressUrl}/fleet/${handler}/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(202);
    };
    const first = await registerDeployment(restate.adminUrl, `${fleetService.url}/first`, { force: false });
    await send('hold', { seconds: 900 });
    await until('an invocation pinned to the first deployment', async () =>
      (await sql(restate.adminUrl, `SELECT id FROM sys_invocation WHERE pinned_deployment_id = '${first.id}'`)).length > 0
    );
    const tiny = await registerFleet(restate.adminUrl, tinyService.url, {
      count: TINY,
      metadata: (i) => ({ batch: 'browser', idx: String(i) }),
    });
    await registerDeployment(restate.adminUrl, `${fleetService.url}/newest`, {
      force: false,
      metadata: { team: 'payments', commit: '4f2a9c1' },
    });
    await send('failing');
    await send('failing');
    await send('pausing');
    await until('two fleet invocations backing off and one paused', async () => {
      const rows = await sql(
        restate.adminUrl,
        "SELECT status, COUNT(*) AS n FROM sys_invocation WHERE target_service_name = 'fleet' GROUP BY status"
      );
      const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      return by['backing-off'] === 2 && by.paused === 1;
    });
    // Health is judged from 100 invocations of the last hour on (as in Restate's UI): 96 pings that succeed
    // make 100 with the four above, sent with idempotency keys, 20 at a time.
    for (let i = 0; i < 96; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, 96 - i) }, async (_, j) => {
          const res = await fetch(`${restate.ingressUrl}/fleet/ping/send`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `browser-health-${i + j}` },
            body: '{}',
          });
          expect(res.status).toBe(202);
        })
      );
    }
    await until('96 fleet pings completed', async () => {
      const [row] = await sql(
        restate.adminUrl,
        "SELECT COUNT(*) AS n FROM sys_invocation WHERE target_service_name = 'fleet' AND status = 'completed'"
      );
      return Number(row.n) === 96;
    });
    own = {
      adminUrl: restate.adminUrl,
      ingressUrl: restate.ingressUrl,
      firstId: first.id,
      tinyIds: tiny.map((t) => t.id),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
});

test.afterAll(async () => {
  await own?.stop();
});

const fleetSource = (host: { createDataSource: (o: Record<string, unknown>) => Promise<{ uid: string }> }) =>
  host.createDataSource({
    name: 'Fleet',
    adminUrl: own.adminUrl,
    ingressUrl: own.ingressUrl,
    clusterName: 'browser-fleet',
  });

test('an Editor sees Prune drained disabled and the backend refuses a prune it sends anyway', async ({
  page,
  host,
  pageProblems,
}) => {
  const ds = await fleetSource(host);
  await host.setRole('Editor');
  await openPage(page, `/a/${APP_ID}/deployments?cluster=${ds.uid}`);
  const prune = page.getByRole('button', { name: /^Prune drained/ });
  await expect(prune).toBeVisible();
  await expect(prune).toBeDisabled();
  const status = await page.evaluate(
    async ([uid, id]) =>
      (
        await fetch(`/api/datasources/uid/${uid}/resources/deployments/prune`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ids: [id] }),
        })
      ).status,
    [ds.uid, own.tinyIds[0]]
  );
  expect(status).toBe(403);
  const left = (await (await fetch(`${own.adminUrl}/deployments`)).json()) as { deployments: unknown[] };
  expect(left.deployments).toHaveLength(TOTAL);
  expect(pageProblems.errors.filter((e) => !/403/.test(e))).toEqual([]);
});

test('302 deployments: a page at a time, searched on the server, state and page in the URL', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await fleetSource(host);
  await openPage(page, `/a/${APP_ID}/deployments?cluster=${ds.uid}`);
  await expect(page.getByText(`1–50 of ${TOTAL} deployments`)).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(51);
  const newest = page.getByRole('row').nth(1);
  await expect(newest).toContainText('/newest');
  await expect(newest).toContainText('team=payments');
  await expect(newest).toContainText('active');
  await expect(page.getByRole('radio', { name: `Drained (${TINY - 1})` })).toBeVisible();
  await saveScreenshot('fleet-deployments');

  // Page 2, by the pagination, in the URL.
  await page.getByRole('button', { name: '2', exact: true }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByText(`51–100 of ${TOTAL} deployments`)).toBeVisible();

  // Search (metadata key=value): one match, in the URL, the page reset.
  await page.getByRole('textbox', { name: 'Search deployments' }).fill('idx=42');
  await expect(page.getByText(`1–1 of 1 matching (${TOTAL} deployments)`)).toBeVisible();
  await expect(page).toHaveURL(/[?&]q=idx%3D42/);
  await expect(page).not.toHaveURL(/[?&]page=/);
  await expect(page.getByRole('link', { name: own.tinyIds[42] })).toBeVisible();
  await saveScreenshot('fleet-deployments-search');

  // The link restores it; the state filter narrows by what Restate's CLI calls each deployment.
  await openPage(page, `/a/${APP_ID}/deployments?cluster=${ds.uid}&state=draining`);
  await expect(page.getByText(`1–1 of 1 matching (${TOTAL} deployments)`)).toBeVisible();
  await expect(page.getByRole('link', { name: own.firstId })).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toContainText('1 unfinished');
  expect(pageProblems.errors).toEqual([]);
});

test('services list, a service and the overview show health; a service shows its retry policy', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await fleetSource(host);
  await host.setRole('Viewer');
  await openPage(page, `/a/${APP_ID}/services?cluster=${ds.uid}`);
  const fleetRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'fleet', exact: true }) });
  await expect(fleetRow.getByLabel('Health of fleet: unhealthy')).toBeVisible();
  await expect(fleetRow).toContainText('backing off: 2 of 4 in flight (50% ≥ 10%)');
  await expect(fleetRow).toContainText('paused: 1 of 4 in flight (25% ≥ 5%)');
  await expect(page.getByText(/^Health: As Restate's UI computes it/)).toBeVisible();
  const tinyRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'tiny', exact: true }) });
  await expect(tinyRow.getByLabel('Health of tiny: idle')).toBeVisible();
  await saveScreenshot('fleet-services-health');

  await fleetRow.getByRole('link', { name: 'fleet', exact: true }).click();
  const policy = page.getByRole('table', { name: 'Retry policy of fleet' });
  await expect(policy).toBeVisible();
  await expect(policy.getByRole('row', { name: 'Retry policy of pausing' })).toContainText('2 (including the first)');
  await expect(policy.getByRole('row', { name: 'Retry policy of pausing' })).toContainText(
    'pause the invocation (resume it by hand)'
  );
  await expect(policy.getByRole('row', { name: 'Retry policy of ping' })).toContainText('kill the invocation');
  await expect(page.getByText('Set in the service’s code, not here')).toBeVisible();
  await saveScreenshot('fleet-service-retry-policy', { focus: policy });

  await openPage(page, `/a/${APP_ID}/overview?cluster=${ds.uid}`);
  const health = page.getByRole('region', { name: 'Service health' });
  await expect(health.getByLabel('Health of fleet: unhealthy')).toBeVisible();
  await expect(health.getByRole('link', { name: 'Service fleet' })).toHaveAttribute('href', /service=fleet/);
  await saveScreenshot('fleet-overview-health', { focus: health });
  expect(pageProblems.errors).toEqual([]);
});

test('an Admin prunes the drained deployments after a confirmation that lists them; exactly those go', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  test.setTimeout(360_000);
  const ds = await fleetSource(host);
  await openPage(page, `/a/${APP_ID}/deployments?cluster=${ds.uid}`);
  await page.getByRole('button', { name: `Prune drained (${TINY - 1})` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${TINY - 1} drained deployments?` });
  const list = dialog.getByRole('list', { name: 'Drained deployments to remove' });
  await expect(list.getByRole('listitem')).toHaveCount(TINY - 1);
  await expect(list).toContainText(own.tinyIds[0]);
  await expect(list).not.toContainText(own.firstId);
  await expect(list).not.toContainText(own.tinyIds[TINY - 1]);
  await saveScreenshot('fleet-prune-confirm', { focus: dialog });
  await dialog.getByRole('button', { name: `Remove ${TINY - 1} (forced)` }).click();
  // In batches of 25, with progress (Restate removes one at a time, slower the more it holds: about a minute here).
  await expect(dialog.getByRole('button', { name: /^Removing… \d+ of 299$/ })).toBeVisible();
  await expect(page.getByText(`Removed ${TINY - 1} of ${TINY - 1}`)).toBeVisible({ timeout: 300_000 });
  await saveScreenshot('fleet-prune-report');
  await page.getByRole('dialog', { name: 'Prune finished' }).locator('button', { hasText: /^Close$/ }).click();
  await expect(page.getByText('1–3 of 3 deployments')).toBeVisible();
  const left = (await (await fetch(`${own.adminUrl}/deployments`)).json()) as { deployments: Array<{ id: string }> };
  expect(left.deployments.map((d) => d.id)).toHaveLength(3);
  expect(left.deployments.map((d) => d.id)).toEqual(expect.arrayContaining([own.firstId, own.tinyIds[TINY - 1]]));
  expect(pageProblems.errors).toEqual([]);
});
