// Builds the browser side of the test host once per run: Grafana's shared dependencies (the real
// packages from node_modules) and the host shell that boots @grafana/runtime, bundled by esbuild.
// The output goes to a git-ignored folder under node_modules/.cache.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
const rootRequire = createRequire(path.join(repoRoot, 'package.json'));

/**
 * Which Grafana line's shared packages the host is built from: `12.4` (the root install, React 18, what the
 * plugin is built against) or `13.2` (tests/grafana13, React 19). The plugin's dist/ is the same for both.
 */
export const GRAFANA_LINES = {
  12.4: { dir: repoRoot },
  13.2: { dir: path.join(repoRoot, 'tests', 'grafana13') },
};

/** @returns {'12.4' | '13.2'} */
export function grafanaLine() {
  const line = process.env.GRAFANA_LINE ?? '12.4';
  if (!(line in GRAFANA_LINES)) {
    throw new Error(`GRAFANA_LINE=${line}: expected one of ${Object.keys(GRAFANA_LINES).join(', ')}`);
  }
  return /** @type {'12.4' | '13.2'} */ (line);
}

/** Resolves a package file from the given line's install (`npm ci --prefix tests/grafana13` for 13.2). */
export function lineRequire(line = grafanaLine()) {
  const dir = GRAFANA_LINES[line].dir;
  if (!fs.existsSync(path.join(dir, 'node_modules'))) {
    throw new Error(`Grafana ${line}'s packages are not installed: npm ci --prefix ${path.relative(repoRoot, dir)}`);
  }
  return createRequire(path.join(dir, 'package.json'));
}

/** Where the bundles are written (git-ignored: node_modules/), one folder per run (see buildVendor). */
export const vendorRoot = path.join(repoRoot, 'node_modules', '.cache', 'restate-browser-host');

/**
 * Files of the installed `systemjs` package the shell loads as classic scripts, in order, the
 * three Grafana loads (public/app/features/plugins/loader/systemjs.ts): the loader, its AMD extra
 * (plugins are AMD bundles) and named-register.
 */
export const systemJsFiles = ['system.js', 'extras/amd.js', 'extras/named-register.js'].map((f) =>
  path.join(path.dirname(rootRequire.resolve('systemjs/package.json')), 'dist', f)
);

/**
 * Packages that keep their exports map closed but whose entry points Grafana itself imports
 * (setPluginPage, setPanelRenderer, getI18nInstance). esbuild resolves these aliases to the installed files.
 */
function internalAliases(require) {
  const runtimeDir = path.dirname(require.resolve('@grafana/runtime/package.json'));
  const i18nDir = path.dirname(require.resolve('@grafana/i18n/package.json'));
  return {
    'grafana-runtime-plugin-page': path.join(runtimeDir, 'dist/esm/components/PluginPage.mjs'),
    'grafana-runtime-panel-renderer': path.join(runtimeDir, 'dist/esm/components/PanelRenderer.mjs'),
    'grafana-i18n-internal': path.join(i18nDir, 'dist/esm/i18n.mjs'),
  };
}

/**
 * Grafana's build (webpack) gives `import X from 'cjs'` the CommonJS module's `exports.default` when it sets
 * `__esModule`; esbuild, following Node, gives a `.mjs` importer the whole `module.exports` instead. @grafana/ui's
 * ESM files import react-custom-scrollbars-2 (CommonJS with `__esModule`) that way, so without this shim its
 * CustomScrollbar, and with it Grafana's Table, renders an object (React error #130) here but not in Grafana.
 */
const cjsDefaultInterop = (require) => ({
  name: 'cjs-default-interop',
  setup(b) {
    const packages = /^react-custom-scrollbars-2$/;
    b.onResolve({ filter: packages }, (args) =>
      args.importer.endsWith('.mjs') ? { path: args.path, namespace: 'cjs-default-interop' } : undefined
    );
    b.onLoad({ filter: /.*/, namespace: 'cjs-default-interop' }, (args) => ({
      contents: `import m from ${JSON.stringify(require.resolve(args.path))};\nexport default m;\n`,
      resolveDir: repoRoot,
      loader: 'js',
    }));
  },
});

/**
 * For 13.2: the shell's own imports (tests/browser/host/client, tests/harness) resolve from tests/grafana13
 * first, and react/react-dom from there whoever asks, so one React (19) runs the shell, Grafana's packages
 * and the plugin. Packages inside tests/grafana13/node_modules resolve their dependencies as usual; a shared
 * dependency only the root installs (none of React's) comes from there.
 */
const lineFirst = (lineDir) => ({
  name: 'grafana-line-first',
  setup(b) {
    const lineModules = path.join(lineDir, 'node_modules') + path.sep;
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'line-first' || args.importer.startsWith(lineModules) || args.kind === 'entry-point') {
        return undefined;
      }
      const forced = /^react(-dom)?(\/|$)/.test(args.path);
      if (!forced && args.importer.includes(`${path.sep}node_modules${path.sep}`)) {
        return undefined;
      }
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: lineDir, pluginData: 'line-first' });
      return r.errors.length === 0 ? { path: r.path, sideEffects: r.sideEffects } : undefined;
    });
  },
});

/**
 * Bundles the host shell (client/main.tsx) as ES modules with code splitting, so shared
 * dependencies Grafana loads lazily (`() => import(...)` in sharedDependencies.ts) stay lazy here.
 * Each run gets its own folder (several runs may share a work tree); `remove()` deletes it, and
 * folders a crashed run left behind are removed after a day.
 * @param {'12.4' | '13.2'} [line]
 * @returns {Promise<{ line: '12.4' | '13.2', dir: string, ms: number, remove: () => Promise<void> }>}
 */
export async function buildVendor(line = grafanaLine()) {
  const started = Date.now();
  const require = lineRequire(line);
  const lineDir = GRAFANA_LINES[line].dir;
  fs.mkdirSync(vendorRoot, { recursive: true });
  for (const old of fs.readdirSync(vendorRoot)) {
    const dir = path.join(vendorRoot, old);
    if (Date.now() - fs.statSync(dir).mtimeMs > 24 * 3600_000) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const vendorDir = fs.mkdtempSync(path.join(vendorRoot, `run-${line}-`));
  await build({
    absWorkingDir: repoRoot,
    entryPoints: { host: path.join(here, 'client', 'main.tsx') },
    outdir: vendorDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    minify: false,
    sourcemap: false,
    logLevel: 'warning',
    alias: internalAliases(require),
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
    // The same package must never be bundled twice: the plugin and the shell share one React.
    mainFields: ['module', 'browser', 'main'],
    conditions: ['import', 'module', 'browser', 'default'],
    plugins: [...(lineDir === repoRoot ? [] : [lineFirst(lineDir)]), cjsDefaultInterop(require)],
  });
  return {
    line,
    dir: vendorDir,
    ms: Date.now() - started,
    remove: async () => fs.rmSync(vendorDir, { recursive: true, force: true }),
  };
}

// `node tests/browser/host/vendor.mjs` builds on its own (handy when working on the shell).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildVendor().then(({ line, dir, ms }) =>
    console.log(`vendor (Grafana ${line}) built in ${ms} ms into ${dir} (remove it when done)`)
  );
}
