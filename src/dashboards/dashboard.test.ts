import dashboard from './restate-overview.json';
import pluginJson from '../plugin.json';
import { expandMacros } from '../datasource/macros';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { DATASOURCE_TYPE } from '../model/datasource';
import { BY_STATUS_SQL, OVERVIEW_PANELS, WAITING_LIST_SQL } from '../model/overviewQueries';

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

  it('has the live overview panels of src/model/overviewQueries.ts, same SQL, format and settings', () => {
    const panels = dashboard.panels as unknown as Array<Record<string, any>>;
    OVERVIEW_PANELS.forEach((o, i) => {
      const p = panels.find((x) => x.title === o.title)!;
      expect(p).toBeDefined();
      expect(p.id).toBe(i + 1);
      expect(p.type).toBe(o.type);
      expect(p.targets).toHaveLength(1);
      expect(p.targets[0]).toMatchObject({ refId: 'A', sql: o.sql, format: o.format });
      expect(p.options).toEqual(o.options);
      expect(p.fieldConfig).toEqual(o.fieldConfig);
      expect(p.gridPos).toEqual(o.gridPos);
    });
  });

  it('has invocations by status and the waiting table with the SQL of the queries module', () => {
    const byTitle = Object.fromEntries((dashboard.panels as Panel[]).map((p) => [p.title, p]));
    expect(byTitle['Invocations by status'].targets[0].sql).toBe(BY_STATUS_SQL);
    expect(byTitle['Backing-off and paused invocations'].targets[0].sql).toBe(WAITING_LIST_SQL);
    expect(WAITING_LIST_SQL).toMatch(/status IN \('backing-off', 'paused'\)[\s\S]*LIMIT 100/);
    expect(dashboard.panels.map((p) => p.title)).toEqual([
      ...OVERVIEW_PANELS.map((p) => p.title),
      'Invocations by status',
      'Backing-off and paused invocations',
    ]);
  });

  it('puts no two panels on the same grid cells', () => {
    const cells = new Set<string>();
    for (const { gridPos: g } of dashboard.panels as Panel[]) {
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
      expect(g.x + g.w).toBeLessThanOrEqual(24);
    }
  });

  // `${datasource}` renders the data source uid: the variable's options are `{ label: name, value: uid }`
  // (grafana/scenes packages/scenes/src/variables/variants/DataSourceVariable.tsx, `getValueOptions`), and the
  // app's `cluster` URL parameter is that uid.
  it('links each invocation id in the table to its detail page on the same cluster', () => {
    const table = (dashboard.panels as Panel[]).find((p) => p.title === 'Backing-off and paused invocations')!;
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
