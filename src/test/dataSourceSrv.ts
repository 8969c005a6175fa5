import { setDataSourceSrv } from '@grafana/runtime';

/**
 * Installs a stand-in for Grafana's DataSourceSrv in component tests: `list` is what `getList()` returns (the Restate
 * clusters a page can pick), `instanceSettings` answers `getInstanceSettings(uid)`.
 */
export function installDataSourceSrv({
  list = [],
  instanceSettings = () => undefined,
  reload = () => Promise.resolve(),
}: {
  list?: unknown[];
  instanceSettings?: (uid: string) => unknown;
  reload?: () => Promise<void> | void;
} = {}) {
  setDataSourceSrv({
    getList: () => list,
    getInstanceSettings: instanceSettings,
    get: () => Promise.reject(new Error('not used by these tests')),
    reload,
    registerRuntimeDataSource: () => {},
  } as never);
}
