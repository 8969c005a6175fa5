// Loads plugin `module.js` files the way Grafana does: SystemJS (loaded by the page as classic scripts:
// system.js, extras/amd.js, extras/named-register.js, as in public/app/features/plugins/loader/systemjs.ts),
// shared dependencies under `package:<name>` through an import map, fetch-and-eval of AMD bundles.
import type { AppPlugin, AppPluginMeta, DataSourcePlugin, DataSourcePluginMeta, PluginMeta } from '@grafana/data';
import { sharedDependenciesMap, type SharedDependency } from './sharedDependencies';

/* eslint-disable @typescript-eslint/no-explicit-any -- SystemJS's loader hooks are untyped. */
interface SystemJSLike {
  constructor: { prototype: any };
  import(id: string): Promise<any>;
  resolve(id: string, parentUrl?: string): string;
  has(id: string): boolean;
  set(id: string, module: object): void;
  register(name: string, deps: string[], declare: (exp: any) => { execute: () => Promise<void> }): void;
  addImportMap(map: { imports: Record<string, string> }): void;
}

declare global {
  interface Window {
    System: SystemJSLike;
    __grafana_amd_define?: unknown;
  }
}

const SystemJS = window.System;
const systemJSPrototype = SystemJS.constructor.prototype;

// public/app/features/plugins/loader/constants.ts
const SHARED_DEPENDENCY_PREFIX = 'package';
const JS_CONTENT_TYPE_REGEX = /^(text|application)\/(x-)?javascript(;|$)/;
const AMD_MODULE_REGEX =
  /(?:^\uFEFF?|[^$_a-zA-Z\xA0-\uFFFF.])define\s*\(\s*("[^"]+"\s*,\s*|'[^']+'\s*,\s*)?\s*(\[(\s*(("[^"]+"|'[^']+')\s*,|\/\/.*\r?\n))*(\s*("[^"]+"|'[^']+')\s*,?)?(\s*(\/\/.*\r?\n|\/\*\/))*\s*\]|function\s*|{|[_$a-zA-Z\xA0-\uFFFF][_$a-zA-Z0-9\xA0-\uFFFF]*\))/;

/** Every module load that failed in this page, for specs to assert on (Grafana shows them as errors). */
export const loadFailures: Array<{ path: string; message: string }> = [];

// public/app/features/plugins/loader/utils.ts: buildImportMap + addPreload. Each shared dependency
// is reachable as `package:<name>`; lazy ones are registered so they load on first use.
function addPreload(id: string, preload: SharedDependency) {
  if (SystemJS.has(id)) {
    return;
  }
  if (typeof preload === 'function') {
    SystemJS.register(id, [], (_export) => ({
      execute: async function () {
        const module = await preload();
        _export(module);
      },
    }));
  } else {
    SystemJS.set(id, preload);
  }
}

function buildImportMap(importMap: Record<string, SharedDependency>): Record<string, string> {
  const imports: Record<string, string> = {};
  for (const [key, dep] of Object.entries(importMap)) {
    const moduleName = `${SHARED_DEPENDENCY_PREFIX}:${key}`;
    addPreload(moduleName, dep);
    imports[key] = moduleName;
  }
  return imports;
}

// public/app/features/plugins/loader/systemjsHooks.ts: decorateSystemJSFetch. AMD bundles are wrapped so
// they call SystemJS's define, kept aside as window.__grafana_amd_define (Monaco's RequireJS owns `define`).
async function decorateSystemJSFetch(systemJSFetch: (url: string, o?: object) => Promise<Response>, url: string, options?: object) {
  const res = await systemJSFetch(url, options);
  const contentType = res.headers.get('content-type') || '';
  if (JS_CONTENT_TYPE_REGEX.test(contentType)) {
    const source = await res.text();
    const transformed = AMD_MODULE_REGEX.test(source)
      ? `(function(define) {\n  ${source}\n})(window.__grafana_amd_define);`
      : source;
    return new Response(new Blob([transformed], { type: 'text/javascript' }));
  }
  return res;
}

// systemjsHooks.ts: decorateSystemJSResolve. A name no import map entry covers is logged and passed on
// as-is, so loading it fails with a 404: exactly what happens to a plugin in Grafana.
function decorateSystemJSResolve(this: unknown, originalResolve: (id: string, parentUrl?: string) => string, id: string, parentUrl?: string) {
  try {
    const url = originalResolve.apply(this, [id, parentUrl]);
    if (url.startsWith(`${SHARED_DEPENDENCY_PREFIX}:`)) {
      return url;
    }
    const clean = url.endsWith('!') ? url.slice(0, -1) : url;
    return ['css', 'js', 'json', 'wasm'].some((ext) => clean.endsWith(ext)) ? clean : clean + '.js';
  } catch (err) {
    console.log(`SystemJS: failed to resolve '${id}'`);
    return id;
  }
}

let hooksInstalled = false;

/** Installs the loader hooks of public/app/features/plugins/loader/systemjsHooks.ts (initSystemJSHooks). */
export function initSystemJS() {
  if (hooksInstalled) {
    return;
  }
  hooksInstalled = true;
  SystemJS.addImportMap({ imports: buildImportMap(sharedDependenciesMap) });

  // Plugins default to the `fetch` loading strategy: every module is fetched and evaluated.
  systemJSPrototype.shouldFetch = () => true;

  // Plugins that only have a default export.
  const originalImport = systemJSPrototype.import;
  systemJSPrototype.import = function (...args: unknown[]) {
    return originalImport.apply(this, args).then((module: any) => (module && module.__useDefault ? module.default : module));
  };

  const systemJSFetch = systemJSPrototype.fetch;
  systemJSPrototype.fetch = function (url: string, options?: object) {
    return decorateSystemJSFetch(systemJSFetch, url, options);
  };

  const systemJSResolve = systemJSPrototype.resolve;
  systemJSPrototype.resolve = function (id: string, parentUrl?: string) {
    return decorateSystemJSResolve.call(this, systemJSResolve, id, parentUrl);
  };
}

/**
 * plugin_loader.ts importPluginModule: `path` is the plugin meta's `module`
 * (`public/plugins/<id>/module.js`), resolved against the app root (utils.ts resolveModulePath).
 */
export async function importPluginModule(path: string): Promise<any> {
  initSystemJS();
  const url = path.startsWith('http') || path.startsWith('/') ? path : `/${path}`;
  try {
    return await SystemJS.import(url);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    loadFailures.push({ path, message });
    console.error(`Plugin module failed to load: ${path}`, e);
    throw e;
  }
}

const appCache = new Map<string, Promise<AppPlugin>>();
const dsCache = new Map<string, Promise<DataSourcePlugin<any, any, any, any>>>();

/** plugin_loader.ts importAppPlugin: the module's `plugin` export, initialised with its meta. */
export function importAppPlugin(meta: AppPluginMeta): Promise<AppPlugin> {
  let p = appCache.get(meta.id);
  if (!p) {
    p = importPluginModule(meta.module).then((exports) => {
      const plugin = exports.plugin as AppPlugin | undefined;
      if (!plugin) {
        throw new Error(`App plugin ${meta.id} has no 'plugin' export`);
      }
      plugin.init(meta);
      plugin.meta = meta;
      return plugin;
    });
    appCache.set(meta.id, p);
  }
  return p;
}

/** plugin_loader.ts importDataSourcePlugin. */
export function importDataSourcePlugin(meta: DataSourcePluginMeta | PluginMeta): Promise<DataSourcePlugin<any, any, any, any>> {
  let p = dsCache.get(meta.id);
  if (!p) {
    p = importPluginModule(meta.module).then((exports) => {
      if (!exports.plugin) {
        throw new Error('Plugin module is missing DataSourcePlugin or Datasource constructor export');
      }
      const dsPlugin = exports.plugin as DataSourcePlugin<any, any, any, any>;
      dsPlugin.meta = meta as DataSourcePluginMeta;
      return dsPlugin;
    });
    dsCache.set(meta.id, p);
  }
  return p;
}
