// Re-states grafana/grafana public/app/features/plugins/datasource_srv.ts (DatasourceSrv): instance
// settings come from the frontend settings (config.datasources, keyed by name); `get()` loads the
// data source plugin's module and instantiates its DataSourceApi once per uid.
import type { DataSourceApi, DataSourceInstanceSettings, DataSourceRef } from '@grafana/data';
import { config, getBackendSrv, type DataSourceSrv, type GetDataSourceListFilters } from '@grafana/runtime';
import { importDataSourcePlugin } from './pluginLoader';

export class HostDataSourceSrv implements DataSourceSrv {
  private settingsMapByUid: Record<string, DataSourceInstanceSettings> = {};
  private settingsMapByName: Record<string, DataSourceInstanceSettings> = {};
  private defaultName = '';
  private instances: Record<string, Promise<DataSourceApi>> = {};

  /** DatasourceSrv.init */
  init(settingsMapByName: Record<string, DataSourceInstanceSettings>, defaultName: string) {
    this.settingsMapByName = settingsMapByName;
    this.settingsMapByUid = {};
    this.defaultName = defaultName;
    this.instances = {};
    for (const ds of Object.values(settingsMapByName)) {
      this.settingsMapByUid[ds.uid] = ds;
    }
  }

  getInstanceSettings(ref?: DataSourceRef | string | null): DataSourceInstanceSettings | undefined {
    const key = ref == null ? this.defaultName : typeof ref === 'string' ? ref : ref.uid;
    if (key == null || key === 'default') {
      return this.settingsMapByName[this.defaultName];
    }
    return this.settingsMapByUid[key] ?? this.settingsMapByName[key];
  }

  /** DatasourceSrv.getList: sorted by name; `pluginId`/`type`/`filter` narrow it as in Grafana. */
  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    const types = filters.type ? ([] as string[]).concat(filters.type) : undefined;
    return Object.values(this.settingsMapByName)
      .filter((ds) => !filters.pluginId || ds.meta.id === filters.pluginId)
      .filter((ds) => !types || types.includes(ds.type))
      .filter((ds) => !filters.metrics || ds.meta.metrics)
      .filter((ds) => !filters.logs || ds.meta.logs)
      .filter((ds) => !filters.tracing || ds.meta.tracing)
      .filter((ds) => !filters.filter || filters.filter(ds))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  get(ref?: DataSourceRef | string | null): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref);
    if (!settings) {
      return Promise.reject(new Error(`Datasource ${JSON.stringify(ref)} was not found`));
    }
    if (!this.instances[settings.uid]) {
      // DatasourceSrv.loadDatasource: new DataSourceClass(instanceSettings), components and meta attached.
      this.instances[settings.uid] = importDataSourcePlugin(settings.meta).then((plugin) => {
        const instance = new plugin.DataSourceClass(settings);
        instance.components = plugin.components;
        instance.meta = settings.meta;
        return instance;
      });
    }
    return this.instances[settings.uid];
  }

  /** DatasourceSrv.reload: fetch /api/frontend/settings again (actions.ts updateFrontendSettings). */
  async reload() {
    const settings = await getBackendSrv().get('/api/frontend/settings');
    config.datasources = settings.datasources;
    config.defaultDatasource = settings.defaultDatasource;
    this.init(settings.datasources, settings.defaultDatasource);
  }

  registerRuntimeDataSource(): void {
    throw new Error('Runtime data sources are not part of the test host');
  }
}
