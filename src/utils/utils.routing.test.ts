import { prefixRoute } from './utils.routing';

describe('prefixRoute', () => {
  it('builds an app URL that keeps the cluster, so the link can be shared', () => {
    expect(prefixRoute('invocations', { status: 'running' }, 'prod')).toBe(
      '/a/restatedev-restate-app/invocations?cluster=prod&status=running'
    );
  });

  it('drops empty parameters and encodes values', () => {
    expect(prefixRoute('sql', { q: 'SELECT 1 = 1', empty: '', none: undefined })).toBe(
      '/a/restatedev-restate-app/sql?q=SELECT%201%20%3D%201'
    );
  });
});
