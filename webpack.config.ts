// Extends create-plugin's config the documented way (.config/ stays as generated).
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Compiler, Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

/**
 * webpack-subresource-integrity 5.1 leaves a chunk whose id is 0 out of its hash map
 * (waysact/webpack-subresource-integrity#181), so the browser sees integrity="undefined" and refuses the chunk:
 * a chunk that the deterministic ids numbered 0 gets another, unused number.
 */
class NoChunkIdZero {
  static bad = (id: unknown) => id === 0 || id === '0';
  apply(compiler: Compiler) {
    compiler.hooks.compilation.tap('NoChunkIdZero', (compilation) => {
      compilation.hooks.afterOptimizeChunkIds.tap('NoChunkIdZero', (chunks) => {
        const used = new Set([...chunks].map((c) => String(c.id)));
        for (const chunk of chunks) {
          if (NoChunkIdZero.bad(chunk.id)) {
            let id = 1000;
            while (used.has(String(id))) {
              id++;
            }
            used.add(String(id));
            chunk.id = id;
            chunk.ids = [id];
          }
        }
      });
    });
  }
}

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  // create-plugin copies every src/**/*.json into dist/; test fixtures must not ship with the plugin.
  for (const plugin of baseConfig.plugins ?? []) {
    if (plugin instanceof CopyWebpackPlugin) {
      const copy = plugin as unknown as {
        patterns: Array<string | { from: string; globOptions?: { ignore?: string[] } }>;
      };
      copy.patterns = copy.patterns.map((pattern) =>
        typeof pattern === 'string'
          ? pattern
          : {
              ...pattern,
              globOptions: {
                ...pattern.globOptions,
                ignore: [...(pattern.globOptions?.ignore ?? []), '**/__fixtures__/**'],
              },
            }
      );
    }
  }
  // create-plugin compiles src/ to ES2015: object spreads become helpers copied into every module and optional
  // chains long conditionals (≈ 3 KB gzip of the invocations page's first load). The browsers Grafana supports
  // (the current Chrome, Firefox, Safari and Edge) all run ES2020.
  for (const rule of baseConfig.module?.rules ?? []) {
    const use = rule && typeof rule === 'object' ? rule.use : undefined;
    if (use && typeof use === 'object' && !Array.isArray(use) && use.loader === 'swc-loader') {
      (use.options as { jsc: { target: string } }).jsc.target = 'es2020';
    }
  }
  return merge(baseConfig, {
    // create-plugin's cache names only its own config: a change here must not be served from the cache either.
    cache: { type: 'filesystem', buildDependencies: { config: [path.resolve(process.cwd(), 'webpack.config.ts')] } },
    module: {
      // react-query's JSX runtime import becomes React.createElement (scripts/jsx-runtime-shim.mjs says why).
      rules: [
        // api/invocations/index.ts only re-exports: a page importing one part of it downloads only that part.
        { test: /[\\/]src[\\/]api[\\/]invocations[\\/]index\.ts$/, sideEffects: false },
        {
          test: /\.js$/,
          include: /node_modules[\\/]@tanstack[\\/]/,
          use: [path.resolve(process.cwd(), 'scripts/jsx-runtime-loader.cjs')],
        },
      ],
    },
    optimization: {
      // Short numeric chunk ids: every chunk's id is in module.js's maps (file, cache hash, integrity) and in the
      // lazy imports of App.tsx, which the first page load downloads; named ids cost ~1 KB gzip there.
      chunkIds: 'deterministic',
      // No shared chunks: a page is one chunk with all it needs beyond App's (react-query and the data layer's
      // core). Shared chunks saved re-downloading ClusterPage, the SQL client and the error explanations (≈ 6 KB
      // gzip) when moving to another page, and cost the first page two more requests and ≈ 2 KB gzip.
      splitChunks: { cacheGroups: { default: false, defaultVendors: false } },
      mangleExports: 'size',
    },
    plugins: [
      new NoChunkIdZero(),
      // create-plugin copies the logos of src/plugin.json only; the nested data source needs its own.
      new CopyWebpackPlugin({ patterns: [{ from: 'datasource/img', to: 'datasource/img' }] }),
    ],
  });
};

export default config;
