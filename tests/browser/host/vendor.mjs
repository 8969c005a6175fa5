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
const require = createRequire(path.join(repoRoot, 'package.json'));

/** Where the bundles are written (git-ignored: node_modules/), one folder per run (see buildVendor). */
export const vendorRoot = path.join(repoRoot, 'node_modules', '.cache', 'restate-browser-host');

/**
 * Files of the installed `systemjs` package the shell loads as classic scripts, in order, the
 * three Grafana loads (public/app/features/plugins/loader/systemjs.ts): the loader, its AMD extra
 * (plugins are AMD bundles) and named-register.
 */
export const systemJsFiles = ['system.js', 'extras/amd.js', 'extras/named-register.js'].map((f) =>
  path.join(path.dirname(require.resolve('systemjs/package.json')), 'dist', f)
);

/**
 * Packages that keep their exports map closed but whose entry points Grafana itself imports
 * (setPluginPage, getI18nInstance). esbuild resolves these aliases to the installed files.
 */
function internalAliases() {
  const runtimeDir = path.dirname(require.resolve('@grafana/runtime/package.json'));
  const i18nDir = path.dirname(require.resolve('@grafana/i18n/package.json'));
  return {
    'grafana-runtime-plugin-page': path.join(runtimeDir, 'dist/esm/components/PluginPage.mjs'),
    'grafana-i18n-internal': path.join(i18nDir, 'dist/esm/i18n.mjs'),
  };
}

/**
 * Grafana's build (webpack) gives `import X from 'cjs'` the CommonJS module's `exports.default` when it sets
 * `__esModule`; esbuild, following Node, gives a `.mjs` importer the whole `module.exports` instead. @grafana/ui's
 * ESM files import react-custom-scrollbars-2 (CommonJS with `__esModule`) that way, so without this shim its
 * CustomScrollbar, and with it Grafana's Table, renders an object (React error #130) here but not in Grafana.
 */
const cjsDefaultInterop = {
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
};

/**
 * Bundles the host shell (client/main.tsx) as ES modules with code splitting, so shared
 * dependencies Grafana loads lazily (`() => import(...)` in sharedDependencies.ts) stay lazy here.
 * Each run gets its own folder (several runs may share a work tree); `remove()` deletes it, and
 * folders a crashed run left behind are removed after a day.
 * @returns {Promise<{ dir: string, ms: number, remove: () => Promise<void> }>}
 */
export async function buildVendor() {
  const started = Date.now();
  fs.mkdirSync(vendorRoot, { recursive: true });
  for (const old of fs.readdirSync(vendorRoot)) {
    const dir = path.join(vendorRoot, old);
    if (Date.now() - fs.statSync(dir).mtimeMs > 24 * 3600_000) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const vendorDir = fs.mkdtempSync(path.join(vendorRoot, 'run-'));
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
    alias: internalAliases(),
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
    // The same package must never be bundled twice: the plugin and the shell share one React.
    mainFields: ['module', 'browser', 'main'],
    conditions: ['import', 'module', 'browser', 'default'],
    plugins: [cjsDefaultInterop],
  });
  return {
    dir: vendorDir,
    ms: Date.now() - started,
    remove: async () => fs.rmSync(vendorDir, { recursive: true, force: true }),
  };
}

// `node tests/browser/host/vendor.mjs` builds on its own (handy when working on the shell).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildVendor().then(({ dir, ms }) => console.log(`vendor built in ${ms} ms into ${dir} (remove it when done)`));
}
