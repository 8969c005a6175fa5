// The SQL the invocations page sends, from the page's own builders (src/api/invocations/), bundled
// with esbuild for Node; the modules that reach Grafana (proxy, sql) are stubbed out.
import * as esbuild from 'esbuild';

export async function loadInvocationsApi() {
  const stub =
    'export const restateFetch = () => { throw new Error("not in the bench"); }; export const runSql = restateFetch; export const querySql = restateFetch; export const resourceFetch = restateFetch;';
  const r = await esbuild.build({
    entryPoints: ['src/api/invocations/index.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    plugins: [
      {
        name: 'stub-grafana',
        setup(b) {
          b.onResolve({ filter: /^\.\.?\/(proxy|sql)$/ }, (a) => ({ path: a.path, namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: stub, loader: 'js' }));
        },
      },
    ],
  });
  return import('data:text/javascript;base64,' + Buffer.from(r.outputFiles[0].text).toString('base64'));
}

/** The default view of the page: no filter, newest first, first page of 50 rows. */
export async function defaultPageSql() {
  const api = await loadInvocationsApi();
  return {
    list: api.buildListQuery({}, api.DEFAULT_SORT, { offset: 0, limit: 50 }),
    counts: api.buildCountsQuery({}),
  };
}
