// The modules Grafana hands to plugins instead of letting them bundle their own copy.
// Re-states grafana/grafana public/app/features/plugins/loader/sharedDependencies.ts
// (`sharedDependenciesMap`), with the real packages from node_modules. Lazy entries stay lazy.
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUIraw from '@grafana/ui';

// Help the 6.4 to 6.5 migration, as Grafana does: the plugin base classes are exposed on @grafana/ui too.
const grafanaUI: Record<string, unknown> = { ...grafanaUIraw };
grafanaUI.PanelPlugin = grafanaData.PanelPlugin;
grafanaUI.DataSourcePlugin = grafanaData.DataSourcePlugin;
grafanaUI.AppPlugin = grafanaData.AppPlugin;
grafanaUI.DataSourceApi = grafanaData.DataSourceApi;

type ModuleLike = Record<string, unknown>;
export type SharedDependency = ModuleLike | (() => Promise<ModuleLike>);

/**
 * Grafana's webpack build hands a CommonJS package (react, react-dom, ...) to `import()` as a namespace
 * with its named exports and `default`; esbuild's `import()` of CommonJS gives only `default`. This
 * re-creates webpack's shape, so `React.lazy` is where a plugin built with webpack looks for it.
 */
function cjs(m: ModuleLike): ModuleLike {
  const d = m.default as ModuleLike | undefined;
  const onlyDefault = Object.keys(m).every((k) => k === 'default' || k === '__esModule');
  return d && (typeof d === 'object' || typeof d === 'function') && onlyDefault ? { ...d, default: d } : m;
}

/**
 * Name → module (or lazy loader), as in Grafana 12.4. Left out on purpose:
 * - `app/core/*`, `app/features/*`, jquery.flot and `@kusto/monaco-kusto`: Angular-era and core-only
 *   paths; create-plugin 7 never leaves them external, so a plugin that asks for one fails here.
 * - `react-router-dom`: Grafana serves react-router-dom **v5** under this name (v6 comes as
 *   `react-router`, from react-router-dom-v5-compat). v5 is not installed here, and a plugin built
 *   against v6 that left `react-router-dom` external would break in Grafana, so it fails here too.
 */
export const sharedDependenciesMap: Record<string, SharedDependency> = {
  '@emotion/css': () => import('@emotion/css').then(cjs),
  '@emotion/react': () => import('@emotion/react').then(cjs),
  '@grafana/data': grafanaData,
  '@grafana/data/unstable': () => import('@grafana/data/unstable').then(cjs),
  '@grafana/runtime': grafanaRuntime,
  '@grafana/runtime/unstable': () => import('@grafana/runtime/unstable').then(cjs),
  '@grafana/slate-react': () => import('slate-react').then(cjs),
  '@grafana/ui': grafanaUI,
  '@grafana/ui/unstable': () => import('@grafana/ui/unstable').then(cjs),
  d3: () => import('d3').then(cjs),
  emotion: () => import('@emotion/css').then(cjs),
  // Bundling grafana-ui in plugins requires sharing i18next state.
  i18next: () => import('grafana-i18n-internal').then((m) => m.getI18nInstance() as unknown as ModuleLike),
  jquery: () => import('jquery').then((m) => ({ default: m.default, __useDefault: true })),
  lodash: () => import('lodash').then((m) => ({ ...m, __useDefault: true })),
  moment: () => import('moment').then((m) => ({ ...m, __useDefault: true })),
  prismjs: () => import('prismjs').then(cjs),
  react: () => import('react').then(cjs),
  'react/jsx-runtime': () => import('react/jsx-runtime').then(cjs),
  'react/jsx-dev-runtime': () => import('react/jsx-dev-runtime').then(cjs),
  'react-dom': () => import('react-dom').then(cjs),
  'react-dom/client': () => import('react-dom/client').then(cjs),
  'react-inlinesvg': () => import('react-inlinesvg').then(cjs),
  'react-redux': () => import('react-redux').then(cjs),
  // Grafana: `import('react-router-dom-v5-compat')`, which re-exports react-router-dom v6 (and with it
  // react-router v6). The installed react-router-dom v6 is that same surface, from the one
  // react-router instance the host's own <Router> uses.
  'react-router': () => import('react-router-dom').then(cjs),
  redux: () => import('redux').then(cjs),
  rxjs: () => import('rxjs').then(cjs),
  'rxjs/operators': () => import('rxjs/operators').then(cjs),
  slate: () => import('slate').then(cjs),
  'slate-plain-serializer': () => import('slate-plain-serializer').then(cjs),
  'slate-react': () => import('slate-react').then(cjs),
};
