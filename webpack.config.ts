// Extends create-plugin's config the documented way (.config/ stays as generated).
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

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
  return merge(baseConfig, {
    module: {
      // react-query's JSX runtime import becomes React.createElement (scripts/jsx-runtime-shim.mjs says why).
      rules: [
        {
          test: /\.js$/,
          include: /node_modules[\\/]@tanstack[\\/]/,
          use: [path.resolve(process.cwd(), 'scripts/jsx-runtime-loader.cjs')],
        },
      ],
    },
    optimization: {
      // webpack-subresource-integrity 5.1 leaves a chunk whose id is 0 out of its hash map
      // (waysact/webpack-subresource-integrity#181), so the browser sees integrity="undefined" and
      // refuses the chunk. Named ids are never 0.
      chunkIds: 'named',
    },
    plugins: [
      // create-plugin copies the logos of src/plugin.json only; the nested data source needs its own.
      new CopyWebpackPlugin({ patterns: [{ from: 'datasource/img', to: 'datasource/img' }] }),
    ],
  });
};

export default config;
