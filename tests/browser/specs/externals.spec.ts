import fs from 'node:fs';
import path from 'node:path';
import { test, expect, openPage } from '../fixtures';
import { LINE_DIR } from '../paths';

// The host must load plugins exactly as strictly as Grafana does: a module that names an external
// Grafana does not provide (public/app/features/plugins/loader/sharedDependencies.ts) must fail to load.

const PROBE = '/public/plugins/externals-probe/module.js';

async function serveModule(page: import('@playwright/test').Page, source: string) {
  await page.route(`**${PROBE}`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: source }));
}

test('a module that requires an external Grafana does not provide fails to load, and the host reports it', async ({
  page,
}) => {
  await openPage(page, '/explore');
  await serveModule(page, `define(["react", "left-pad"], function (React, leftPad) { return { plugin: {} }; });`);

  const outcome = await page.evaluate(async (probe) => {
    try {
      await window.grafanaHost!.importPluginModule(probe.slice(1));
      return { loaded: true, message: '' };
    } catch (e) {
      return { loaded: false, message: e instanceof Error ? e.message : String(e) };
    }
  }, PROBE);

  expect(outcome.loaded).toBe(false);
  // SystemJS could not resolve the bare name, so it tried to fetch it and got the host's 404.
  expect(outcome.message).toMatch(/left-pad/);
  const failures = await page.evaluate(() => window.grafanaHost!.loadFailures);
  expect(failures).toEqual([expect.objectContaining({ path: PROBE.slice(1), message: expect.stringMatching(/left-pad/) })]);
});

test('react-router-dom is not provided: Grafana serves v5 under that name, so a v6 plugin must bundle it', async ({ page }) => {
  await openPage(page, '/explore');
  await serveModule(page, `define(["react-router-dom"], function (rrd) { return { plugin: {} }; });`);
  const message = await page.evaluate(
    (probe) => window.grafanaHost!.importPluginModule(probe.slice(1)).then(() => '', (e: Error) => e.message),
    PROBE
  );
  expect(message).toMatch(/react-router-dom/);
});

test('a module that requires only provided externals gets the host’s own instances', async ({ page }) => {
  await openPage(page, '/explore');
  await serveModule(
    page,
    `define(["react", "react/jsx-runtime", "@grafana/data", "@grafana/runtime", "lodash", "rxjs"], function (React, jsx, data, runtime, _, rxjs) {
      return { reactVersion: React.version, lazy: typeof React.lazy, jsx: typeof jsx.jsx, appPlugin: typeof data.AppPlugin,
               backendSrv: typeof runtime.getBackendSrv().fetch, chunk: _.chunk([1, 2, 3], 2).length, observable: typeof rxjs.Observable };
    });`
  );
  const exported = await page.evaluate((probe) => window.grafanaHost!.importPluginModule(probe.slice(1)), PROBE);
  // The React of the Grafana line this host runs (18 for 12.4, 19 for 13.2), not the one the plugin was built with.
  const installed = JSON.parse(fs.readFileSync(path.join(LINE_DIR, 'node_modules/react/package.json'), 'utf8'));
  expect(exported).toMatchObject({
    reactVersion: installed.version,
    lazy: 'function',
    jsx: 'function',
    appPlugin: 'function',
    // The BackendSrv the host installed, reached through the plugin's own @grafana/runtime import.
    backendSrv: 'function',
    chunk: 2,
    observable: 'function',
  });
});

test('every external the built plugin asks for is one Grafana provides', async ({ page }) => {
  // The AMD define([...]) of every JS file in dist/: module.js, datasource/module.js and the lazy chunks.
  const dist = path.join(__dirname, '../../../dist');
  const files = fs
    .readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(dist, f));
  const externals = new Set<string>();
  for (const file of files) {
    const m = /define\((\[[^\]]*\])/.exec(fs.readFileSync(file, 'utf8'));
    if (m) {
      (JSON.parse(m[1]) as string[]).forEach((d) => externals.add(d));
    }
  }
  externals.delete('module'); // SystemJS's AMD extra supplies it (the module's own URL, for webpack's public path)
  expect(externals.size).toBeGreaterThan(0);

  await openPage(page, '/explore');
  const unresolved = await page.evaluate((names) => {
    const system = (window as unknown as { System: { resolve(id: string): string } }).System;
    return names.filter((n) => !system.resolve(n).startsWith('package:'));
  }, [...externals]);
  expect(unresolved, `externals the build leaves to Grafana that Grafana does not provide`).toEqual([]);
});

test('a plugin’s notifications through @grafana/runtime appEvents show as Grafana toasts', async ({ page }) => {
  await openPage(page, '/explore');
  await serveModule(
    page,
    `define(["@grafana/runtime", "@grafana/data"], function (runtime, data) {
      runtime.getAppEvents().publish({ type: data.AppEvents.alertSuccess.name, payload: ["Deployment registered"] });
      runtime.getAppEvents().emit(data.AppEvents.alertError, ["Registration failed", "409 Conflict"]);
      return {};
    });`
  );
  await page.evaluate((probe) => window.grafanaHost!.importPluginModule(probe.slice(1)), PROBE);
  const toasts = page.getByTestId('notifications');
  await expect(toasts.getByText('Deployment registered')).toBeVisible();
  await expect(toasts.getByText('Registration failed: 409 Conflict')).toBeVisible();
});
