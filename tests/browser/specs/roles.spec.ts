import { test, expect, openPage, settle, APP_ID, type OrgRole } from '../fixtures';
import type { Page } from '@playwright/test';

// The org role decides what the proxy lets through (src/datasource/plugin.json reqRole, enforced by the
// re-stated Grafana proxy) and what the pages offer. Requests are sent from the page, as the plugin sends them.

async function proxyFetch(page: Page, uid: string, method: string, route: string, body?: unknown) {
  return page.evaluate(
    async ({ uid, method, route, body }) => {
      const res = await fetch(`/api/datasources/proxy/uid/${uid}/${route}`, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.text() };
    },
    { uid, method, route, body }
  );
}

const DENIED = { status: 403, body: JSON.stringify({ message: 'plugin proxy route access denied' }) };

test('a Viewer sees read-only pages, and the proxy refuses a mutation sent from the page', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource({ name: 'Viewer cluster' });
  await host.setRole('Viewer');

  for (const route of ['deployments', 'services', 'invocations']) {
    await openPage(page, `/a/${APP_ID}/${route}?cluster=${ds.uid}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await settle(page);
    // Whatever changes a cluster is shown disabled to a Viewer, or not at all (buttons named by their verb).
    const mutations = page.getByRole('button', {
      name: /^(register|remove|delete|cancel|kill|purge|pause|resume|restart|save|rotate|edit)\b/i,
    });
    for (const button of await mutations.all()) {
      await expect(button).toBeDisabled();
    }
    await saveScreenshot(`viewer-${route}`);
  }
  expect(pageProblems).toEqual({ errors: [], failedLoads: [] });

  // Reads go through (GET admin/ needs Viewer) ...
  const health = await proxyFetch(page, ds.uid, 'GET', 'admin/health');
  expect(health.status).toBe(200);
  // ... registering a deployment needs Admin: Grafana's proxy answers 403 before Restate sees it.
  expect(await proxyFetch(page, ds.uid, 'POST', 'admin/deployments', { uri: 'http://127.0.0.1:9', force: false })).toEqual(DENIED);
  // Invoking a handler through ingress needs Editor.
  expect(await proxyFetch(page, ds.uid, 'POST', 'ingress/greeter/greet', 'viewer')).toEqual(DENIED);
  // And Grafana's own API keeps data source definitions (with their URLs) from a Viewer.
  const list = await page.evaluate(() => fetch('/api/datasources').then((r) => r.status));
  expect(list).toBe(403);
});

const cases: Array<{ role: OrgRole; method: string; route: string; body?: unknown; allowed: boolean }> = [
  { role: 'Editor', method: 'POST', route: 'admin/deployments', body: {}, allowed: false },
  { role: 'Editor', method: 'DELETE', route: 'admin/deployments/dp_missing?force=true', allowed: false },
  { role: 'Editor', method: 'PATCH', route: 'admin/invocations/inc_missing/cancel', allowed: true },
  { role: 'Editor', method: 'POST', route: 'admin/query', body: { query: 'SELECT 1 AS one' }, allowed: true },
  { role: 'Admin', method: 'POST', route: 'admin/deployments', body: {}, allowed: true },
  { role: 'Viewer', method: 'PATCH', route: 'admin/services/greeter', body: { public: true }, allowed: false },
];

for (const c of cases) {
  test(`${c.role}: ${c.method} ${c.route.split('?')[0]} is ${c.allowed ? 'passed to Restate' : 'refused by the proxy'}`, async ({
    page,
    host,
  }) => {
    const ds = await host.createDataSource();
    await host.setRole(c.role);
    await openPage(page, `/a/${APP_ID}/overview?cluster=${ds.uid}`);
    const res = await proxyFetch(page, ds.uid, c.method, c.route, c.body);
    if (c.allowed) {
      // Restate answered (with whatever it thinks of the request), not the proxy's role check.
      expect(res).not.toEqual(DENIED);
      expect(res.status).not.toBe(502);
    } else {
      expect(res).toEqual(DENIED);
    }
  });
}

// Grafana's core is moving the user out of boot data (grafana/grafana#109686): the role then comes from
// GET /api/user and /api/user/orgs, and nobody is shown as a Viewer meanwhile.
for (const c of [
  { role: 'Admin' as const, enabled: true },
  { role: 'Viewer' as const, enabled: false },
]) {
  test(`without a role in boot data, an ${c.role} still gets the ${c.role}'s controls (from Grafana's user API)`, async ({
    page,
    host,
  }) => {
    const ds = await host.createDataSource();
    const set = await host.api('POST', '/api/test-host/role', { role: c.role, inBootData: false });
    expect(set.status).toBe(200);
    const orgsAsked = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/user/orgs');
    await openPage(page, `/a/${APP_ID}/deployments?cluster=${ds.uid}`);
    await orgsAsked;
    expect(
      await page.evaluate(
        () => (window as unknown as { grafanaBootData: { user: { orgRole?: string } } }).grafanaBootData.user.orgRole
      )
    ).toBeUndefined();
    const register = page
      .getByRole('link', { name: 'Register deployment' })
      .or(page.getByRole('button', { name: 'Register deployment' }));
    await settle(page);
    if (c.enabled) {
      await expect(register).toBeEnabled();
      await expect(register).not.toHaveAttribute('aria-disabled', 'true');
    } else {
      await expect(register).toHaveAttribute('aria-disabled', 'true');
    }
  });
}
