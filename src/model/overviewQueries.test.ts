import {
  COMPLETED_SQL,
  CREATED_SQL,
  FAILED_SQL,
  OVERVIEW_PANELS,
  overviewPanel,
  TOP_FAILING_SQL,
  WAITING_NOW_SQL,
} from './overviewQueries';

describe('overview queries', () => {
  it('has the panels the overview promises, with unique keys, on a 24-column grid', () => {
    expect(OVERVIEW_PANELS.map((p) => [p.key, p.type])).toEqual([
      ['created', 'timeseries'],
      ['completed', 'timeseries'],
      ['failed', 'timeseries'],
      ['waiting-now', 'stat'],
      ['top-failing', 'table'],
    ]);
    for (const p of OVERVIEW_PANELS) {
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      expect(p.title).not.toBe('');
      expect(p.description).not.toBe('');
    }
  });

  it('counts created, completed and failed invocations per time bucket and per service, as series', () => {
    expect(CREATED_SQL).toBe(
      [
        'SELECT date_bin($__interval, created_at) AS time, target_service_name AS service, COUNT(*) AS created',
        'FROM sys_invocation',
        'WHERE $__timeFilter(created_at)',
        'GROUP BY 1, 2',
        'ORDER BY 1',
      ].join('\n')
    );
    expect(COMPLETED_SQL).toContain("WHERE completion_result = 'success' AND $__timeFilter(completed_at)");
    expect(COMPLETED_SQL).toContain('date_bin($__interval, completed_at)');
    expect(FAILED_SQL).toContain("WHERE completion_result = 'failure' AND $__timeFilter(completed_at)");
    for (const key of ['created', 'completed', 'failed']) {
      const p = overviewPanel(key);
      expect(p.format).toBe('time_series');
      expect(p.fieldConfig.defaults.displayName).toBe('${__field.labels.service}');
    }
  });

  it('counts paused and backing-off invocations now, whatever the time range', () => {
    expect(WAITING_NOW_SQL).not.toContain('$__');
    expect(WAITING_NOW_SQL).toContain("WHERE status IN ('paused', 'backing-off')");
    expect(overviewPanel('waiting-now').format).toBe('table');
  });

  it('ranks handlers by failures in the range and retries now, with the newest error', () => {
    expect(TOP_FAILING_SQL).toContain(
      "WHERE (status = 'completed' AND completion_result = 'failure' AND $__timeFilter(completed_at))\n  OR status IN ('backing-off', 'paused')"
    );
    expect(TOP_FAILING_SQL).toContain(
      'last_value(substr(coalesce(completion_failure, last_failure), 1, 300) ORDER BY modified_at)'
    );
    expect(TOP_FAILING_SQL).toMatch(/ORDER BY COUNT\(\*\) DESC, handler\nLIMIT 10$/);
  });

  it('uses only the macros the backend expands: $__timeFilter(column) and $__interval', () => {
    for (const p of OVERVIEW_PANELS) {
      const rest = p.sql.replace(/\$__timeFilter\((created_at|completed_at)\)/g, '').replace(/\$__interval\b/g, '');
      expect(rest).not.toContain('$');
    }
  });

  it('refuses an unknown panel key', () => {
    expect(() => overviewPanel('nope')).toThrow('No overview panel nope');
  });
});
