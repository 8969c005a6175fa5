// The test host's page: boots @grafana/runtime the way Grafana's app.ts does for a plugin page
// (boot data from window.grafanaBootData, backend service, data source service, location service,
// PluginPage, theme, i18n), then routes to the app's pages and the data source pages.
import React, { useEffect, useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AppEvents, EventBusSrv, ThemeContext, locationUtil, type AppPluginMeta } from '@grafana/data';
import {
  FakeEchoSrv,
  LocationServiceProvider,
  config,
  getBackendSrv,
  locationService,
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setEchoSrv,
  setTemplateSrv,
  type TemplateSrv,
} from '@grafana/runtime';
import { setPluginPage } from 'grafana-runtime-plugin-page';
import { setPanelRenderer } from 'grafana-runtime-panel-renderer';
import { initializeI18n } from 'grafana-i18n-internal';
import { Alert, GlobalStyles } from '@grafana/ui';
import { Route, Router, Routes, type Navigator } from 'react-router-dom';
import { css } from '@emotion/css';
import { createBackendSrv } from '../../../harness/backendSrvCore.mjs';
import { HostPluginPage, NavColumn } from './chrome';
import { HostDataSourceSrv } from './dataSourceSrv';
import { AppConfigPage, AppRootPage } from './appPages';
import { ExplorePage } from './explorePage';
import { DataSourceSettingsPage, DataSourceTypePage, DataSourcesListPage } from './dataSourcePages';
import { importPluginModule, initSystemJS, loadFailures } from './pluginLoader';
import type { GrafanaHostApi } from './hostApi';
import { HostPanelRenderer } from './panelRenderer';


// No dashboard, so no template variables: Grafana's TemplateSrv.replace returns the text unchanged
// (public/app/features/templating/template_srv.ts).
const templateSrv: TemplateSrv = {
  getVariables: () => [],
  replace: (target?: string) => target ?? '',
  containsTemplate: () => false,
  updateTimeRange: () => {},
};

async function boot() {
  // app.ts: initializeI18n before anything renders (components call t()).
  await initializeI18n({ language: 'en-US', ns: ['grafana'] }, 'en-US');

  const appEvents = new EventBusSrv();
  setAppEvents(appEvents);
  setEchoSrv(new FakeEchoSrv());
  setTemplateSrv(templateSrv);
  // tests/harness/backendSrvCore.mjs: Grafana's BackendSrv.fetch re-stated, against this page's origin.
  setBackendSrv(createBackendSrv(window.location.origin) as never);

  const dataSourceSrv = new HostDataSourceSrv();
  dataSourceSrv.init(config.datasources, config.defaultDatasource);
  setDataSourceSrv(dataSourceSrv);
  setPluginPage(HostPluginPage);
  // app.ts: setPanelRenderer(PanelRenderer); the host's re-statement draws the core panels (panelRenderer.tsx).
  setPanelRenderer(HostPanelRenderer);
  // Only now hand the shared dependencies to SystemJS: it copies a module's exports when it is set, and
  // plugins must see the services and PluginPage installed above.
  initSystemJS();

  const apps = await Promise.all(
    Object.keys(config.apps ?? {}).map((id) => getBackendSrv().get<AppPluginMeta>(`/api/plugins/${id}/settings`))
  );

  document.addEventListener('click', interceptLinkClicks);
  createRoot(document.getElementById('reactRoot')!).render(<Host apps={apps} appEvents={appEvents} />);
  // The shell's React is the module SystemJS hands plugins as `package:react` (sharedDependencies.ts).
  hostApi.versions = { react: React.version, grafana: config.buildInfo.version };
  hostApi.ready = true;
}

// public/app/core/navigation/patch/interceptLinkClicks.ts: local links navigate in-app.
function interceptLinkClicks(e: MouseEvent) {
  const anchor = (e.target as HTMLElement | null)?.closest?.('a');
  if (!anchor || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) {
    return;
  }
  const href = anchor.getAttribute('href');
  if (!href || anchor.getAttribute('target') || href.startsWith('#')) {
    return;
  }
  if (href.indexOf('://') > 0 || href.startsWith('mailto:')) {
    return;
  }
  e.preventDefault();
  locationService.push(locationUtil.stripBaseFromUrl(href));
}

/** react-router v6 driven by Grafana's history (what CompatRouter does in Grafana's AppWrapper). */
function HostRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((loc: typeof history.location) => setLocation(loc)), [history]);
  return (
    <Router location={location} navigator={history as unknown as Navigator}>
      {children}
    </Router>
  );
}

/**
 * Grafana's AppNotificationList, reduced: toasts for alertSuccess / alertWarning / alertError, whether a
 * plugin emits them the legacy way (`emit(AppEvents.alertSuccess, [msg])`) or publishes
 * `{ type: 'alert-success', payload: [msg] }` (public/app/core/components/AppNotifications/AppNotificationList.tsx).
 */
function Notifications({ appEvents }: { appEvents: EventBusSrv }) {
  const [items, setItems] = useState<Array<{ id: number; severity: 'success' | 'error' | 'warning'; text: string }>>([]);
  useEffect(() => {
    let id = 0;
    const handlers = (['success', 'warning', 'error'] as const).map((severity) => {
      const event = { success: AppEvents.alertSuccess, warning: AppEvents.alertWarning, error: AppEvents.alertError }[severity];
      const handler = (payload: unknown) => {
        const text = (Array.isArray(payload) ? payload : [payload]).map(String).join(': ');
        const item = { id: ++id, severity, text };
        setItems((l) => [...l, item]);
        setTimeout(() => setItems((l) => l.filter((i) => i !== item)), 8000);
      };
      appEvents.on(event, handler);
      return () => appEvents.off(event, handler);
    });
    return () => handlers.forEach((off) => off());
  }, [appEvents]);
  return (
    <div style={{ position: 'fixed', top: 16, right: 16, width: 420, zIndex: 2000 }} data-testid="notifications">
      {items.map((i) => (
        <Alert key={i.id} severity={i.severity} title={i.text} onRemove={() => setItems((l) => l.filter((x) => x !== i))} />
      ))}
    </div>
  );
}

const layout = css({ display: 'flex', minHeight: '100vh' });
const main = css({ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' });

function Host({ apps, appEvents }: { apps: AppPluginMeta[]; appEvents: EventBusSrv }) {
  return (
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <LocationServiceProvider service={locationService}>
        <HostRouter>
          <div className={layout}>
            <NavColumn apps={apps} />
            <main className={main}>
              <Routes>
                <Route path="/a/:pluginId/*" element={<AppRootPage />} />
                <Route path="/plugins/:pluginId" element={<AppConfigPage />} />
                <Route path="/connections/datasources" element={<DataSourcesListPage />} />
                <Route path="/connections/datasources/edit/:uid" element={<DataSourceSettingsPage />} />
                <Route path="/connections/datasources/:type" element={<DataSourceTypePage />} />
                <Route path="/explore" element={<ExplorePage />} />
                <Route path="*" element={<NotFound />} />
              </Routes>
            </main>
          </div>
          <Notifications appEvents={appEvents} />
        </HostRouter>
      </LocationServiceProvider>
    </ThemeContext.Provider>
  );
}

function NotFound() {
  return (
    <HostPluginPage pageNav={{ text: 'Page not found' }}>
      <Alert severity="warning" title="Page not found" data-testid="host-not-found">
        The test host has no page at this address.
      </Alert>
    </HostPluginPage>
  );
}

const hostApi: GrafanaHostApi = { importPluginModule, loadFailures, ready: false };
window.grafanaHost = hostApi;
boot().catch((e) => {
  console.error('Test host failed to boot', e);
  hostApi.bootError = e instanceof Error ? e.message : String(e);
  document.body.textContent = `Test host failed to boot: ${e instanceof Error ? e.stack : String(e)}`;
});
