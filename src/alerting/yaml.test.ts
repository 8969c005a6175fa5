import fs from 'fs';
import path from 'path';
import { buildAlertRules, DEFAULT_THRESHOLDS, type AlertRuleGroupDefinition } from './model';
import { ALERT_PROVISIONING_FILES, renderAlertProvisioningFile } from './provisioningFiles';
import { loadAlertingFile, type LoadedGroup } from './testing/alertProvisioning';
import { renderAlertRulesYaml } from './yaml';

const ROOT = path.join(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, 'provisioning/alerting', file), 'utf8');

/** The model's group as Grafana stores it from a file. */
function expected(group: AlertRuleGroupDefinition): LoadedGroup {
  return {
    orgId: 1,
    name: group.name,
    folder: group.folderTitle,
    interval: group.interval,
    rules: group.rules.map(({ kind: _kind, ...r }) => ({ ...r, isPaused: false })),
  };
}

// Variables a careless file would expand: $labels, $values and $__timeFilter must survive as written.
const env = { env: { labels: 'OOPS', values: 'OOPS', __timeFilter: 'OOPS', HOSTNAME: 'h' } };

describe('provisioning/alerting', () => {
  it.each(ALERT_PROVISIONING_FILES.map((f) => [f.file, f] as const))(
    '%s is what the model renders (run node scripts/gen-provisioning.mjs)',
    (file, f) => {
      expect(read(file)).toBe(renderAlertProvisioningFile(f));
    }
  );

  it.each(ALERT_PROVISIONING_FILES.map((f) => [f.file, f] as const))(
    '%s loads in Grafana to exactly the model’s rules',
    (file, f) => {
      const model = buildAlertRules(f.cluster, f.thresholds);
      expect(loadAlertingFile(read(file), env)).toEqual([expected(model)]);
      // Also where newer Grafana expands braced variables in annotations.
      expect(loadAlertingFile(read(file), env, 'braced')).toEqual([expected(model)]);
    }
  );

  it('targets the local stack’s Restate data source, with its alert templates and macros intact', () => {
    const ds = fs.readFileSync(path.join(ROOT, 'provisioning/datasources/restate-local.yaml'), 'utf8');
    expect(ds).toContain('uid: restate-local\n');
    const [group] = loadAlertingFile(read('restate-alerts.yaml'), env);
    expect(group).toMatchObject({ name: 'Restate local', folder: 'Restate', interval: '1m' });
    expect(group.rules.map((r) => r.uid)).toEqual([
      'rst-paused-restate-local',
      'rst-backoff-restate-local',
      'rst-failures-restate-local',
      'rst-stuck-restate-local',
    ]);
    for (const r of group.rules) {
      expect(r.data[0].datasourceUid).toBe('restate-local');
      expect(r.annotations.summary).toContain('{{ $labels.service }}');
      expect(r.annotations.runbook_url).toMatch(
        /^\/a\/restatedev-restate-app\/invocations\?cluster=restate-local&service=\{\{ \$labels\.service \| urlquery \}\}&handler=/
      );
      expect(r.labels).toEqual({ cluster: 'local' });
    }
    expect((group.rules[2].data[0].model as { sql: string }).sql).toContain('$__timeFilter(completed_at)');
  });

  it('escapes a literal $ where Grafana interpolates (title, labels), and only there', () => {
    const cluster = { uid: 'restate-x', name: 'cost$5' };
    const text = renderAlertRulesYaml(cluster);
    expect(text).toContain('name: Restate cost$$5');
    expect(text).toContain('cluster: cost$$5');
    expect(text).toContain('{{ $labels.service }}');
    expect(text).not.toContain('$$labels');
    expect(loadAlertingFile(text, env)).toEqual([expected(buildAlertRules(cluster, DEFAULT_THRESHOLDS))]);
  });

  it('would break the alert templates if annotations were escaped like other values', () => {
    // Grafana keeps annotations raw: a doubled $ would stay doubled in the stored template.
    const text = read('restate-alerts.yaml').replace(/\{\{ \$labels/g, '{{ $$$$labels');
    const [group] = loadAlertingFile(text, env);
    expect(group.rules[0].annotations.summary).toContain('{{ $$labels.service }}');
  });
});
