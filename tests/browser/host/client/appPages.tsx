// App plugin pages: the root page at /a/<pluginId>/* (grafana/grafana
// public/app/features/plugins/components/AppRootPage.tsx) and the configuration page at
// /plugins/<pluginId> (public/app/features/plugins/admin/components/PluginDetailsPage + AppConfigWrapper).
import React, { useEffect, useMemo, useState } from 'react';
import { PluginContextProvider, urlUtil, type AppPlugin, type AppPluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, ErrorBoundaryAlert, LoadingPlaceholder } from '@grafana/ui';
import { useLocation, useParams } from 'react-router-dom';
import { HostPluginPage, PageNavContext } from './chrome';
import { importAppPlugin } from './pluginLoader';

function useAppPlugin(pluginId: string) {
  const [state, setState] = useState<{ plugin?: AppPlugin; error?: string }>({});
  useEffect(() => {
    setState({});
    getBackendSrv()
      .get<AppPluginMeta>(`/api/plugins/${pluginId}/settings`)
      .then((meta) => importAppPlugin(meta))
      .then(
        (plugin) => setState({ plugin }),
        (e) => setState({ error: e?.data?.message ?? e?.message ?? String(e) })
      );
  }, [pluginId]);
  return state;
}

function LoadError({ pluginId, error }: { pluginId: string; error: string }) {
  return (
    <PageNavContext.Provider value={{ title: 'Plugin failed to load' }}>
      <HostPluginPage>
        <Alert severity="error" title={`Failed to load plugin ${pluginId}`} data-testid="plugin-load-error">
          {error}
        </Alert>
      </HostPluginPage>
    </PageNavContext.Provider>
  );
}

/** /a/:pluginId/* — renders the app's root component under the router base `/a/<pluginId>`. */
export function AppRootPage() {
  const { pluginId = '' } = useParams();
  const location = useLocation();
  const { plugin, error } = useAppPlugin(pluginId);
  const basename = `/a/${pluginId}`;

  // The page title Grafana shows comes from the app's nav: the `includes` entry matching the URL.
  const nav = useMemo(() => {
    const inc = plugin?.meta.includes?.find(
      (i) => i.path && location.pathname.startsWith(i.path.replace('%PLUGIN_ID%', pluginId))
    );
    return { title: inc?.name ?? plugin?.meta.name ?? '', parent: plugin?.meta.name };
  }, [plugin, location.pathname, pluginId]);

  if (error) {
    return <LoadError pluginId={pluginId} error={error} />;
  }
  if (!plugin) {
    return <LoadingPlaceholder text="Loading plugin…" />;
  }
  if (!plugin.root) {
    return <LoadError pluginId={pluginId} error="App has no root page" />;
  }
  const Root = plugin.root;
  return (
    <PageNavContext.Provider value={nav}>
      <PluginContextProvider meta={plugin.meta}>
        <ErrorBoundaryAlert style="page">
          <Root
            meta={plugin.meta}
            basename={basename}
            onNavChanged={() => {}}
            query={urlUtil.getUrlSearchParams() as Record<string, string>}
            path={location.pathname}
          />
        </ErrorBoundaryAlert>
      </PluginContextProvider>
    </PageNavContext.Provider>
  );
}

/** /plugins/:pluginId — the app's configuration pages (AppPlugin.configPages). */
export function AppConfigPage() {
  const { pluginId = '' } = useParams();
  const { plugin, error } = useAppPlugin(pluginId);
  if (error) {
    return <LoadError pluginId={pluginId} error={error} />;
  }
  if (!plugin) {
    return <LoadingPlaceholder text="Loading plugin…" />;
  }
  const page = plugin.configPages?.[0];
  return (
    <PageNavContext.Provider value={{ title: plugin.meta.name, parent: 'Administration › Plugins' }}>
      <HostPluginPage subTitle={plugin.meta.info.description}>
        <PluginContextProvider meta={plugin.meta}>
          <ErrorBoundaryAlert style="page">
            {page ? <page.body plugin={plugin} query={{}} /> : <p>This app has no configuration page.</p>}
          </ErrorBoundaryAlert>
        </PluginContextProvider>
      </HostPluginPage>
    </PageNavContext.Provider>
  );
}
