// Which Grafana versions serve each module the plugin's bundle leaves to Grafana (webpack externals,
// .config/bundler/externals.ts), and whether plugin.json's grafanaDependency stays inside them.
import semver from 'semver';

// Grafana hands these to plugins from its shared-dependency map
// (grafana/grafana public/app/features/plugins/loader/sharedDependencies.ts). 12.0.0 is as far back as this table
// vouches for; every one of them was served before that.
const SINCE_12_0 = '>=12.0.0';

// react/jsx-runtime (and the dev runtime) came in 12.3.0 and were backported to 11.6.11, 12.0.10, 12.1.7 and
// 12.2.5: the ranges create-plugin's `externalize-jsx-runtime` addition writes into plugin.json
// (grafana/plugin-tools packages/create-plugin/src/codemods/additions/scripts/externalize-jsx-runtime.ts).
const JSX_RUNTIME = '>=11.6.11 <12 || >=12.0.10 <12.1 || >=12.1.7 <12.2 || >=12.2.5 <12.3 || >=12.3.0';

/** Module name → the Grafana versions that serve it. A module missing here fails the check until it is added. */
export const SERVED_BY = {
  '@emotion/css': SINCE_12_0,
  '@emotion/react': SINCE_12_0,
  '@grafana/data': SINCE_12_0,
  '@grafana/runtime': SINCE_12_0,
  '@grafana/slate-react': SINCE_12_0,
  '@grafana/ui': SINCE_12_0,
  d3: SINCE_12_0,
  emotion: SINCE_12_0,
  i18next: SINCE_12_0,
  jquery: SINCE_12_0,
  lodash: SINCE_12_0,
  moment: SINCE_12_0,
  prismjs: SINCE_12_0,
  react: SINCE_12_0,
  'react-dom': SINCE_12_0,
  'react-redux': SINCE_12_0,
  'react-router': SINCE_12_0,
  redux: SINCE_12_0,
  rxjs: SINCE_12_0,
  slate: SINCE_12_0,
  'slate-plain-serializer': SINCE_12_0,
  'react/jsx-runtime': JSX_RUNTIME,
  'react/jsx-dev-runtime': JSX_RUNTIME,
};

// The AMD loader's own `module` (externals: { 'amd-module': 'module' }, for the public path), not Grafana's.
const LOADER_MODULES = new Set(['module', 'require', 'exports']);

/**
 * The modules a built file asks its loader for: the dependency list of the AMD `define([...], ...)` that opens it
 * (what create-plugin's webpack `library: { type: 'amd' }` writes) or of a SystemJS `System.register([...], ...)`.
 * Only the file's header counts: webpack's async chunks get externals from the entry, and a bundled library may
 * carry its own `define(` further down.
 * @param {string} source
 * @returns {string[]}
 */
export function importedModules(source) {
  const header =
    /^\s*(?:\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*\n\s*)*(?:define|System\.register)\(\s*(?:"[^"]*"\s*,\s*)?(\[[^\]]*\])/.exec(
      source
    );
  if (!header) {
    return [];
  }
  let deps;
  try {
    deps = JSON.parse(header[1].replace(/'/g, '"'));
  } catch {
    return []; // not a literal list
  }
  return [...new Set(deps.filter((d) => typeof d === 'string' && !LOADER_MODULES.has(d)))].sort();
}

/**
 * Problems with a declared grafanaDependency for the modules a bundle imports; empty when every Grafana the range
 * allows serves every module.
 * @param {string} declared e.g. ">=12.0.0"
 * @param {Record<string, string[]>} importsByFile file → modules it imports
 * @param {Record<string, string>} [table]
 * @returns {string[]}
 */
export function checkRange(declared, importsByFile, table = SERVED_BY) {
  const problems = [];
  if (!semver.validRange(declared)) {
    return [`grafanaDependency "${declared}" is not a semver range`];
  }
  const oldest = semver.minVersion(declared)?.version;
  for (const [file, modules] of Object.entries(importsByFile)) {
    for (const mod of modules) {
      const served = table[mod];
      if (!served) {
        problems.push(
          `${file} imports "${mod}" from Grafana, and scripts/lib/grafana-dependency.mjs does not know which Grafana versions serve it: add it to SERVED_BY`
        );
      } else if (!semver.subset(declared, served)) {
        const where = semver.satisfies(oldest, served)
          ? 'some Grafana versions it allows do not'
          : `its oldest Grafana, ${oldest}, does not`;
        problems.push(
          `${file} imports "${mod}", which Grafana serves in ${served}; grafanaDependency "${declared}" allows versions outside that (${where})`
        );
      }
    }
  }
  return problems;
}
