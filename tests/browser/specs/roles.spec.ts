import { test, expect, openPage, settle, APP_ID, type OrgRole } from '../fixtures';
import type { Page } from '@playwright/test';

// The org role decides what the proxy lets through (src/datasource/plugin.json reqRole, enforced by the
// re-stated Grafana proxy), what the data source's Go backend lets through (deployment writes need Admin, checked
// by the plugin itself) and what the pages offer. Requests are sent from the page, as the plugin sends them.

type Via = 'proxy' | 'resources';

async function proxyFetch(page: Page, uid: string, method: string, route: string, body?: unknown, via: Via = 'proxy') {
  const base = via === 'proxy' ? `/api/datasources/proxy/uid/${uid}/` : `/api/datasources/uid/${uid}/resources/`;
  return page.evaluate(
    async ({ base, method, route, body }) => {
      const res = await fetch(`${base}${route}`, {
        method,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.text() };
    },
    { base, method, route, body }
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

  // Reads go through (the named GET routes need Viewer; deployments are read through the backend) ...
  const health = await proxyFetch(page, ds.uid, 'GET', 'admin/health');
  expect(health.status).toBe(200);
  expect((await proxyFetch(page, ds.uid, 'GET', 'deployments', undefined, 'resources')).status).toBe(200);
  // ... but not through the proxy, which has no route for them (the data source url is empty: it reaches nothing).
  expect((await proxyFetch(page, ds.uid, 'GET', 'admin/deployments')).status).toBe(502);
  // Registering a deployment needs Admin: the backend answers 403 before Restate sees it.
  const register = await proxyFetch(
    page,
    ds.uid,
    'POST',
    'deployments',
    { uri: 'http://127.0.0.1:9', force: false },
    'resources'
  );
  expect(register.status).toBe(403);
  expect(JSON.parse(register.body).message).toMatch(/needs the Admin role/);
  // Invoking a handler through ingress needs Editor.
  expect(await proxyFetch(page, ds.uid, 'POST', 'ingress/greeter/greet', 'viewer')).toEqual(DENIED);
  // And Grafana's own API keeps data source definitions (with their URLs) from a Viewer.
  const list = await page.evaluate(() => fetch('/api/datasources').then((r) => r.status));
  expect(list).toBe(403);
});

const cases: Array<{ role: OrgRole; via: Via; method: string; route: string; body?: unknown; allowed: boolean }> = [
  { role: 'Editor', via: 'resources', method: 'POST', route: 'deployments', body: {}, allowed: false },
  { role: 'Editor', via: 'resources', method: 'DELETE', route: 'deployments/dp_missing?force=true', allowed: false },
  { role: 'Editor', via: 'resources', method: 'PATCH', route: 'invocations/inv_1missing/cancel', allowed: true },
  { role: 'Viewer', via: 'resources', method: 'PATCH', route: 'invocations/inv_1missing/cancel', allowed: false },
  { role: 'Admin', via: 'resources', method: 'POST', route: 'deployments', body: {}, allowed: true },
  {
    role: 'Viewer',
    via: 'proxy',
    method: 'PATCH',
    route: 'admin/services/greeter',
    body: { public: true },
    allowed: false,
  },
  // Object state (POST /services/{service}/state) is for Editors and up.
  {
    role: 'Viewer',
    via: 'proxy',
    method: 'POST',
    route: 'admin/services/counter/state',
    body: { object_key: 'roles-viewer', new_state: {} },
    allowed: false,
  },
  {
    role: 'Editor',
    via: 'proxy',
    method: 'POST',
    route: 'admin/services/counter/state',
    body: { object_key: 'roles-editor', new_state: {} },
    allowed: true,
  },
];

for (const c of cases) {
  const by = c.via === 'proxy' ? 'the proxy' : 'the backend';
  test(`${c.role}: ${c.method} ${c.route.split('?')[0]} is ${c.allowed ? 'passed to Restate' : `refused by ${by}`}`, async ({
    page,
    host,
  }) => {
    const ds = await host.createDataSource();
    await host.setRole(c.role);
    await openPage(page, `/a/${APP_ID}/overview?cluster=${ds.uid}`);
    const res = await proxyFetch(page, ds.uid, c.method, c.route, c.body, c.via);
    if (c.allowed) {
      // Restate answered (with whatever it thinks of the request), not a role check.
      expect(res.status).not.toBe(403);
      expect(res.status).not.toBe(502);
    } else if (c.via === 'proxy') {
      expect(res).toEqual(DENIED);
    } else {
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).message).toMatch(/needs (at least )?the (Admin|Editor) role/);
    }
  });
}

test('SQL runs on the server for a Viewer: /api/ds/query, not a proxy route', async ({ page, host }) => {
  const ds = await host.createDataSource();
  await host.setRole('Viewer');
  await openPage(page, `/a/${APP_ID}/overview?cluster=${ds.uid}`);
  const res = await page.evaluate(async (uid) => {
    const r = await fetch('/api/ds/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        queries: [{ refId: 'A', datasource: { uid }, sql: 'SELECT 1 AS one' }],
        from: 'now-1h',
        to: 'now',
      }),
    });
    return { status: r.status, body: await r.json() };
  }, ds.uid);
  expect(res.status).toBe(200);
  expect(res.body.results.A.frames[0].data.values).toEqual([[1]]);
  expect((await proxyFetch(page, ds.uid, 'POST', 'admin/query', { query: 'SELECT 1' })).status).toBe(502);
});

// Grafana's core is moving the user out of boot data (grafana/grafana#109686): the role then comes from
// GET /api/user and /api/user/orgs, and nobody is shown as a Viewer meanwhile.
for (const c of [
  { role: 'Admin' as const, enabled: true },
  { role: 'Viewer' as const, enabled: false },
]) {
  test(`without a role in boot data, ${c.role === "Admin" ? "an" : "a"} ${c.role} still gets the ${c.role}'s controls (from Grafana's user API)`, async ({
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
