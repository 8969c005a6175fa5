// The data source pages a user goes through to connect a cluster, reduced to what Grafana does:
// - the type page with "Add new data source" (public/app/features/datasources/state/actions.ts addDataSource),
// - the settings page: name, default switch, the plugin's ConfigEditor, Delete and "Save & test"
//   (public/app/features/datasources/components/EditDataSource.tsx, DataSourceTestingStatus.tsx;
//   state/actions.ts updateDataSource + testDataSource).
import React, { useCallback, useEffect, useState } from 'react';
import type { DataSourcePluginMeta, DataSourceSettings } from '@grafana/data';
import { getBackendSrv, getDataSourceSrv, locationService, type TestingStatus } from '@grafana/runtime';
import { Alert, Button, ConfirmModal, Field, Input, LinkButton, LoadingPlaceholder, Stack, Switch } from '@grafana/ui';
import { Link, useParams } from 'react-router-dom';
import { HostPluginPage, PageNavContext } from './chrome';
import { importDataSourcePlugin } from './pluginLoader';
import type { HostDataSourceSrv } from './dataSourceSrv';

// @grafana/e2e-selectors pages.DataSource, so plugin-e2e style selectors find the same elements.
const SELECTORS = {
  name: 'data-testid Data source settings page name input field',
  saveAndTest: 'data-testid Data source settings page Save and Test button',
  delete: 'data-testid Data source settings page Delete button',
  alert: 'data-testid Data source settings page Alert',
};

/** /connections/datasources: the data sources of this org. */
export function DataSourcesListPage() {
  const [list, setList] = useState<DataSourceSettings[]>();
  useEffect(() => {
    getBackendSrv()
      .get<DataSourceSettings[]>('/api/datasources')
      .then(setList);
  }, []);
  return (
    <PageNavContext.Provider value={{ title: 'Data sources', parent: 'Connections' }}>
      <HostPluginPage>
        {!list ? (
          <LoadingPlaceholder text="Loading…" />
        ) : list.length === 0 ? (
          <p>No data sources defined</p>
        ) : (
          <ul>
            {list.map((ds) => (
              <li key={ds.uid}>
                <Link to={`/connections/datasources/edit/${ds.uid}`}>{ds.name}</Link> ({ds.type})
              </li>
            ))}
          </ul>
        )}
      </HostPluginPage>
    </PageNavContext.Provider>
  );
}

/** /connections/datasources/:type — the type's page with "Add new data source". */
export function DataSourceTypePage() {
  const { type = '' } = useParams();
  const [meta, setMeta] = useState<DataSourcePluginMeta>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    getBackendSrv()
      .get<DataSourcePluginMeta>(`/api/plugins/${type}/settings`)
      .then(setMeta, (e) => setError(e?.data?.message ?? String(e)));
  }, [type]);

  // actions.ts addDataSource: a new instance named after the plugin (deduplicated), default if it is the first.
  const add = async () => {
    const existing = await getBackendSrv().get<DataSourceSettings[]>('/api/datasources');
    let name = meta!.name;
    const taken = (n: string) => existing.some((d) => d.name.toLowerCase() === n.toLowerCase());
    for (let i = 1; taken(name); i++) {
      name = `${meta!.name}-${i}`;
    }
    const result = await getBackendSrv().post('/api/datasources', {
      name,
      type: meta!.id,
      access: 'proxy',
      isDefault: existing.length === 0,
    });
    await (getDataSourceSrv() as HostDataSourceSrv).reload();
    locationService.push(`/connections/datasources/edit/${result.datasource.uid}`);
  };

  return (
    <PageNavContext.Provider value={{ title: meta?.name ?? type, parent: 'Connections › Data sources' }}>
      <HostPluginPage subTitle={meta?.info.description}>
        {error && <Alert title="Plugin not found">{error}</Alert>}
        {meta && (
          <Button icon="plus" onClick={add}>
            Add new data source
          </Button>
        )}
      </HostPluginPage>
    </PageNavContext.Provider>
  );
}

/** /connections/datasources/edit/:uid */
export function DataSourceSettingsPage() {
  const { uid = '' } = useParams();
  const [dataSource, setDataSource] = useState<DataSourceSettings>();
  const [plugin, setPlugin] = useState<Awaited<ReturnType<typeof importDataSourcePlugin>>>();
  const [loadError, setLoadError] = useState<string>();
  const [testing, setTesting] = useState(false);
  const [testingStatus, setTestingStatus] = useState<TestingStatus>();
  const [confirmDelete, setConfirmDelete] = useState(false);

  const load = useCallback(async () => {
    const ds = await getBackendSrv().get<DataSourceSettings>(`/api/datasources/uid/${uid}`);
    setDataSource(ds);
    return ds;
  }, [uid]);

  // actions.ts initDataSourceSettings: the data source, its plugin meta, then its plugin module.
  useEffect(() => {
    (async () => {
      const ds = await load();
      const meta = await getBackendSrv().get<DataSourcePluginMeta>(`/api/plugins/${ds.type}/settings`);
      setPlugin(await importDataSourcePlugin(meta));
    })().catch((e) => setLoadError(e?.data?.message ?? e?.message ?? String(e)));
  }, [load]);

  // EditDataSource.tsx onSubmit → actions.ts updateDataSource (PUT by uid, reload the frontend
  // settings, reload the data source) → testDataSource (the fresh instance's testDatasource()).
  const saveAndTest = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!dataSource) {
      return;
    }
    setTesting(true);
    setTestingStatus(undefined);
    try {
      await getBackendSrv().put(`/api/datasources/uid/${dataSource.uid}`, dataSource);
      await (getDataSourceSrv() as HostDataSourceSrv).reload();
      await load();
      const dsApi = await getDataSourceSrv().get(dataSource.uid);
      try {
        setTestingStatus((await dsApi.testDatasource()) as TestingStatus);
      } catch (err) {
        const { statusText, message: errMessage, details, data } = (err ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        setTestingStatus({ status: 'error', message: errMessage || data?.message || 'HTTP error ' + statusText, details });
      }
    } catch (err) {
      const data = (err as { data?: { message?: string } })?.data;
      setTestingStatus({ status: 'error', message: data?.message ?? String(err) });
    } finally {
      setTesting(false);
    }
  };

  const onDelete = async () => {
    await getBackendSrv().delete(`/api/datasources/uid/${uid}`);
    await (getDataSourceSrv() as HostDataSourceSrv).reload();
    locationService.push('/connections/datasources');
  };

  const ConfigEditor = plugin?.components.ConfigEditor;
  const severity = testingStatus ? alertVariant(testingStatus.status ?? 'error') : undefined;

  return (
    <PageNavContext.Provider value={{ title: dataSource?.name ?? 'Data source', parent: 'Connections › Data sources' }}>
      <HostPluginPage subTitle={plugin ? `Type: ${plugin.meta.name}` : undefined}>
        {loadError && <Alert title="Failed to load the data source">{loadError}</Alert>}
        {!loadError && (!dataSource || !plugin) && <LoadingPlaceholder text="Loading…" />}
        {dataSource && plugin && (
          <form onSubmit={saveAndTest} style={{ maxWidth: 900 }}>
            <Stack gap={2} alignItems="flex-end">
              <Field label="Name" required>
                <Input
                  id="basic-settings-name"
                  width={40}
                  value={dataSource.name}
                  data-testid={SELECTORS.name}
                  onChange={(e) => setDataSource({ ...dataSource, name: e.currentTarget.value })}
                  required
                />
              </Field>
              <Field label="Default">
                <Switch
                  value={dataSource.isDefault}
                  onChange={(e) => setDataSource({ ...dataSource, isDefault: e.currentTarget.checked })}
                />
              </Field>
            </Stack>
            {ConfigEditor && <ConfigEditor options={dataSource} onOptionsChange={setDataSource} />}
            {testingStatus?.message && (
              <div style={{ paddingTop: 24 }}>
                <Alert severity={severity} title={testingStatus.message} data-testid={SELECTORS.alert}>
                  {testingStatus.details?.message ? String(testingStatus.details.message) : null}
                  {testingStatus.details?.verboseMessage ? (
                    <details style={{ whiteSpace: 'pre-wrap' }}>{String(testingStatus.details.verboseMessage)}</details>
                  ) : null}
                </Alert>
              </div>
            )}
            <Stack gap={1}>
              <LinkButton variant="secondary" fill="solid" href={`/explore?left=${encodeURIComponent(JSON.stringify({ datasource: dataSource.uid }))}`}>
                Explore data
              </LinkButton>
              <Button type="button" variant="destructive" data-testid={SELECTORS.delete} onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
              <Button type="submit" variant="primary" disabled={testing} data-testid={SELECTORS.saveAndTest}>
                {testing ? 'Testing…' : 'Save & test'}
              </Button>
            </Stack>
            <ConfirmModal
              isOpen={confirmDelete}
              title="Delete"
              body="Are you sure you want to delete this data source?"
              confirmText="Delete"
              onConfirm={onDelete}
              onDismiss={() => setConfirmDelete(false)}
            />
          </form>
        )}
      </HostPluginPage>
    </PageNavContext.Provider>
  );
}

// DataSourceTestingStatus.tsx getAlertVariant
function alertVariant(status: string): 'success' | 'info' | 'warning' | 'error' {
  if (status.toLowerCase() === 'ok') {
    return 'success';
  }
  return ['success', 'info', 'warning', 'error'].includes(status) ? (status as 'success') : 'info';
}
