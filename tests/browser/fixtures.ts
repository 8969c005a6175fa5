// Fixtures for browser specs: `host` (the Grafana stand-in), `restate` (the real server the global
// setup started), `saveScreenshot(name)` (Playwright's own `screenshot` option owns that name) and
// `pageProblems` (console errors and failed loads of the page).
// Import `test` and `expect` from here instead of @playwright/test.
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import type {} from './host/client/hostApi';
import { SCREENSHOT_DIR } from './paths';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

export const APP_ID = 'restatedev-restate-app';
export const DATASOURCE_TYPE = 'restatedev-restate-datasource';

export interface NewDataSource {
  /** Defaults to a unique "Restate <n>" name. */
  name?: string;
  /** Defaults to the real restate-server's admin URL. */
  adminUrl?: string;
  /** Defaults to the real restate-server's ingress URL. */
  ingressUrl?: string;
  /** secureJsonData.token; none by default (the local server checks no token). */
  token?: string;
  clusterName?: string;
  isDefault?: boolean;
  /** Extra jsonData (lokiUid, tempoUid, logSelector, ...). */
  jsonData?: Record<string, unknown>;
}

export interface HostFixture {
  /** e.g. http://127.0.0.1:43123 (also the page's baseURL, so `page.goto('/a/...')` works). */
  url: string;
  /** Switches the signed-in user's org role. Pages read it at load: navigate (or reload) afterwards. */
  setRole(role: OrgRole): Promise<void>;
  /** Creates a Restate data source through Grafana's API (as Admin); removed again after the test. */
  createDataSource(ds?: NewDataSource): Promise<{ uid: string; name: string }>;
  /** Calls the host's Grafana HTTP API from the test (not from the page), as the signed-in user. */
  api<T = unknown>(method: string, apiPath: string, body?: unknown): Promise<{ status: number; data: T }>;
  /** Absolute URL of an app page, e.g. appUrl('deployments', { cluster: uid }). */
  appUrl(route: string, params?: Record<string, string>): string;
}

export interface RestateFixture {
  adminUrl: string;
  ingressUrl: string;
  /** The SDK test service's URL (registered at setup: services greeter, counter, signup). */
  serviceUrl: string;
  /** The admin API behind a bearer-token check (Restate Cloud's auth stand-in), and its token. */
  gatedAdminUrl: string;
  token: string;
  /**
   * Invokes a handler through ingress directly (not through the plugin): `key` for virtual objects and
   * workflows, `send` for a one-way call (returns the invocation id), `delaySeconds` with `send`.
   */
  invoke<T = unknown>(
    service: string,
    handler: string,
    input?: unknown,
    opts?: { key?: string; send?: boolean; delaySeconds?: number; idempotencyKey?: string }
  ): Promise<T>;
  /** Runs Restate SQL on the admin API directly, rows as JSON. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

export interface PageProblems {
  /** console.error messages and uncaught page errors (not the browser's notes on API responses). */
  errors: string[];
  /** Requests for the host's or plugin's files that failed or answered 4xx/5xx. */
  failedLoads: string[];
}

interface Fixtures {
  host: HostFixture;
  restate: RestateFixture;
  /**
   * Writes test-results/screenshots/<line>/<name>.png of the page as it is now (after loading settles);
   * `focus` scrolls that element to the middle of the viewport first.
   */
  saveScreenshot: (name: string, opts?: { focus?: Locator }) => Promise<string>;
  pageProblems: PageProblems;
}

export { SCREENSHOT_DIR };

function env(name: string): string {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: run the browser tier with its config (npm run test:browser)`);
  }
  return v;
}

let dsCounter = 0;

export const test = base.extend<Fixtures>({
  baseURL: async ({}, use) => {
    await use(env('BROWSER_HOST_URL'));
  },

  host: async ({}, use) => {
    const url = env('BROWSER_HOST_URL');
    const created: string[] = [];
    const api = async <T,>(method: string, apiPath: string, body?: unknown) => {
      const res = await fetch(`${url}${apiPath}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // Not JSON (e.g. a proxied text/plain error): callers get the text.
      }
      return { status: res.status, data: data as T };
    };
    const setRole = async (role: OrgRole) => {
      const r = await api('POST', '/api/test-host/role', { role });
      if (r.status !== 200) {
        throw new Error(`setRole(${role}): ${r.status} ${JSON.stringify(r.data)}`);
      }
    };
    // Every test starts as an org Admin.
    await setRole('Admin');
    const fixture: HostFixture = {
      url,
      setRole,
      api,
      appUrl: (route, params = {}) => {
        const q = new URLSearchParams(params).toString();
        return `${url}/a/${APP_ID}/${route}${q ? `?${q}` : ''}`;
      },
      createDataSource: async (ds = {}) => {
        const name = ds.name ?? `Restate ${Date.now().toString(36)}-${++dsCounter}`;
        const r = await api<{ datasource: { uid: string; name: string } }>('POST', '/api/datasources', {
          name,
          type: DATASOURCE_TYPE,
          access: 'proxy',
          isDefault: ds.isDefault,
          jsonData: {
            clusterName: ds.clusterName ?? 'local',
            adminUrl: ds.adminUrl ?? env('RESTATE_ADMIN_URL'),
            ingressUrl: ds.ingressUrl ?? env('RESTATE_INGRESS_URL'),
            ...ds.jsonData,
          },
          secureJsonData: ds.token ? { token: ds.token } : {},
        });
        if (r.status !== 200) {
          throw new Error(`createDataSource: ${r.status} ${JSON.stringify(r.data)} (the user must be Admin)`);
        }
        created.push(r.data.datasource.uid);
        return { uid: r.data.datasource.uid, name: r.data.datasource.name };
      },
    };
    await use(fixture);
    // Clean up as Admin, so the next test starts from the same set of data sources.
    await setRole('Admin');
    for (const uid of created) {
      await api('DELETE', `/api/datasources/uid/${uid}`);
    }
  },

  restate: async ({}, use) => {
    const adminUrl = env('RESTATE_ADMIN_URL');
    const ingressUrl = env('RESTATE_INGRESS_URL');
    await use({
      adminUrl,
      ingressUrl,
      serviceUrl: env('RESTATE_SERVICE_URL'),
      gatedAdminUrl: env('RESTATE_GATED_ADMIN_URL'),
      token: env('RESTATE_GATE_TOKEN'),
      invoke: async (service, handler, input, opts = {}) => {
        const target = [service, opts.key, handler].filter((s) => s !== undefined).map(encodeURIComponent).join('/');
        const suffix = opts.send ? `/send${opts.delaySeconds ? `?delay=${opts.delaySeconds}s` : ''}` : '';
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (opts.idempotencyKey) {
          headers['idempotency-key'] = opts.idempotencyKey;
        }
        const res = await fetch(`${ingressUrl}/${target}${suffix}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? null),
        });
        const text = await res.text();
        if (!res.ok) {
          throw new Error(`invoke ${service}/${handler}: ${res.status} ${text}`);
        }
        return (text ? JSON.parse(text) : undefined) as never;
      },
      query: async (sql) => {
        const res = await fetch(`${adminUrl}/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query: sql }),
        });
        const text = await res.text();
        if (!res.ok) {
          throw new Error(`query failed: ${res.status} ${text}`);
        }
        return JSON.parse(text).rows;
      },
    });
  },

  saveScreenshot: async ({ page }, use) => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await use(async (name: string, opts = {}) => {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await settle(page);
      await opts.focus?.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: file });
      return file;
    });
  },

  pageProblems: async ({ page, baseURL }, use) => {
    const problems: PageProblems = { errors: [], failedLoads: [] };
    page.on('console', (msg) => {
      if (msg.type() !== 'error') {
        return;
      }
      const url = msg.location().url;
      // Chrome logs every 4xx/5xx response as "Failed to load resource". For an API call that is the
      // page's business (a 404 can mean "not created yet"); failed asset loads are in failedLoads.
      // Grafana's web fonts ship with Grafana, not with any npm package: the host has none to serve.
      const handledResponse = msg.text().startsWith('Failed to load resource') && (url.includes('/api/') || url.includes('/public/fonts/'));
      if (!handledResponse) {
        problems.errors.push(url ? `${msg.text()} (${url})` : msg.text());
      }
    });
    page.on('pageerror', (err) => problems.errors.push(`uncaught: ${err.message}`));
    page.on('requestfailed', (req) => {
      // ERR_ABORTED: the page itself dropped the load (the element that wanted an icon was removed, e.g. an error
      // alert replaced by the saved state); a load that fails shows as a status below or another error text.
      if (isOwnAsset(req.url(), baseURL) && req.failure()?.errorText !== 'net::ERR_ABORTED') {
        problems.failedLoads.push(`${req.url()}: ${req.failure()?.errorText}`);
      }
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && isOwnAsset(res.url(), baseURL)) {
        problems.failedLoads.push(`${res.url()}: ${res.status()}`);
      }
    });
    await use(problems);
  },
});

/** Files the page loads from the host: the plugin's modules and chunks, the host's bundle, icons. */
function isOwnAsset(url: string, baseURL?: string) {
  return Boolean(baseURL) && url.startsWith(`${baseURL}/public/`) && !url.includes('/public/fonts/');
}

/** Waits until the page shows no loading indicator, so a screenshot shows the page and not a spinner. */
export async function settle(page: Page) {
  await page.waitForLoadState('load');
  await page
    .waitForFunction(() => !document.querySelector('[data-testid="Spinner"], .fa-spinner, [aria-label="Loading"]'), undefined, {
      timeout: 5_000,
    })
    .catch(() => {});
  // Let transitions and late renders finish.
  await page.waitForTimeout(150);
}

/** Opens a page of the host and waits for it to boot (the app's module loaded and rendered). */
export async function openPage(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => window.grafanaHost?.ready === true || window.grafanaHost?.bootError !== undefined);
  const bootError = await page.evaluate(() => window.grafanaHost?.bootError);
  if (bootError !== undefined) {
    throw new Error(`the test host failed to boot: ${bootError}`);
  }
}


export { expect };
