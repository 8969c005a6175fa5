import dashboard from './restate-overview.json';
import pluginJson from '../plugin.json';
import { expandMacros } from '../datasource/macros';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { DATASOURCE_TYPE } from '../model/datasource';

type Panel = (typeof dashboard.panels)[number];

describe('Restate overview dashboard', () => {
  it('is included by the app', () => {
    expect(pluginJson.includes).toContainEqual({
      type: 'dashboard',
      name: 'Restate overview',
      path: 'dashboards/restate-overview.json',
    });
  });

  it('asks for a Restate cluster and queries it in every panel', () => {
    const v = dashboard.templating.list.find((x) => x.name === 'datasource')!;
    expect(v).toMatchObject({ type: 'datasource', query: DATASOURCE_TYPE });
    for (const p of dashboard.panels as Panel[]) {
      expect(p.datasource).toEqual({ type: DATASOURCE_TYPE, uid: '${datasource}' });
      expect(p.targets.every((t) => t.datasource.uid === '${datasource}' && t.sql.length > 0)).toBe(true);
    }
  });

  it('has invocations by status, failures over time with time buckets, and the stuck table', () => {
    const byTitle = Object.fromEntries((dashboard.panels as Panel[]).map((p) => [p.title, p]));
    expect(byTitle['Invocations by status'].targets[0].sql).toMatch(/GROUP BY 1/);
    const failures = byTitle['Failures over time'];
    expect(failures.type).toBe('timeseries');
    expect(failures.targets[0].sql).toMatch(/date_bin\(INTERVAL '\$__interval_ms milliseconds', created_at\)/);
    expect(failures.targets[0].sql).toContain('$__timeFilter(created_at)');
    expect(byTitle['Backing-off and paused invocations'].targets[0].sql).toMatch(
      /status IN \('backing-off', 'paused'\)[\s\S]*LIMIT 100/
    );
  });

  // `${datasource}` renders the data source uid: the variable's options are `{ label: name, value: uid }`
  // (grafana/scenes packages/scenes/src/variables/variants/DataSourceVariable.tsx, `getValueOptions`), and the
  // app's `cluster` URL parameter is that uid.
  it('links each invocation id in the table to its detail page on the same cluster', () => {
    const table = (dashboard.panels as Panel[]).find((p) => p.type === 'table')!;
    const idOverride = table.fieldConfig.overrides.find((o) => o.matcher.options === 'id')!;
    const links = idOverride.properties.find((p) => p.id === 'links')!.value as Array<{ url: string }>;
    expect(links[0].url).toBe(`${PLUGIN_BASE_URL}/${ROUTES.Invocations}/\${__value.raw}?cluster=\${datasource}`);
  });

  it('expands its time macros into SQL literals', () => {
    const range = { from: Date.UTC(2026, 10, 22, 0, 0, 0), to: Date.UTC(2026, 10, 22, 6, 0, 0) };
    for (const p of dashboard.panels as Panel[]) {
      const sql = expandMacros(p.targets[0].sql, range);
      expect(sql).not.toContain('$__time');
    }
  });
});
