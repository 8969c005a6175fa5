import { buildAlertRules, DEFAULT_THRESHOLDS } from './model';
import { applyAlertRules, planIsNoop, previewAlertRules } from './setup';
import { FakeGrafanaAlerting } from './testing/fakeGrafanaAlerting';
import { installGrafanaFake } from '../test/backendSrv';

let grafana: FakeGrafanaAlerting;

const cluster = { uid: 'restate-prod', name: 'prod' };
const UIDS = [
  'rst-paused-restate-prod',
  'rst-backoff-restate-prod',
  'rst-failures-restate-prod',
  'rst-stuck-restate-prod',
];

beforeEach(() => {
  grafana = installGrafanaFake(new FakeGrafanaAlerting());
});

describe('adding the rules from scratch', () => {
  it('previews the folder and four rules to create, then creates them editable in the UI', async () => {
    const plan = await previewAlertRules(cluster, DEFAULT_THRESHOLDS);
    expect(plan.folder).toEqual({ uid: 'restate-alerts', title: 'Restate', action: 'create' });
    expect(plan.group).toBe('Restate prod');
    expect(plan.rules.map((r) => [r.uid, r.action])).toEqual(UIDS.map((u) => [u, 'create']));
    expect(plan.rules[0].diff.map((d) => d.path)).toEqual(
      expect.arrayContaining([
        'title',
        'data[A].model.sql',
        'data[B].model.conditions[0].evaluator.params[0]',
        'labels.cluster',
        'annotations.runbook_url',
      ])
    );
    expect(grafana.writes()).toEqual([]);

    await applyAlertRules(plan);
    expect(grafana.writes()).toEqual(['POST /api/folders', ...UIDS.map(() => 'POST /api/v1/provisioning/alert-rules')]);
    // Every write carries X-Disable-Provenance, so the rules stay editable.
    expect(
      grafana.requests
        .filter((r) => r.method !== 'GET' && r.url.includes('alert-rules'))
        .every((r) => r.headers?.['X-Disable-Provenance'])
    ).toBe(true);
    const model = buildAlertRules(cluster);
    for (const r of model.rules) {
      const stored = grafana.rules.get(r.uid)!;
      expect(stored).toMatchObject({
        title: r.title,
        folderUID: 'restate-alerts',
        ruleGroup: 'Restate prod',
        condition: 'B',
        labels: r.labels,
        annotations: r.annotations,
        for: r.for,
        provenance: '',
      });
      expect(stored.data.map((d) => (d as { model: { sql?: string } }).model.sql)).toEqual(
        r.data.map((d) => (d.model as { sql?: string }).sql)
      );
    }
    expect(grafana.intervals.get('restate-alerts/Restate prod')).toBe(60);
  });

  it('is idempotent: a second run changes nothing and sends nothing', async () => {
    await applyAlertRules(await previewAlertRules(cluster, DEFAULT_THRESHOLDS));
    const before = grafana.requests.length;
    const again = await previewAlertRules(cluster, DEFAULT_THRESHOLDS);
    expect(again.folder.action).toBe('existing');
    expect(again.rules.map((r) => [r.action, r.diff])).toEqual(UIDS.map(() => ['unchanged', []]));
    expect(planIsNoop(again)).toBe(true);
    await applyAlertRules(again);
    expect(grafana.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('uses an existing top-level folder titled "Restate", as file provisioning does', async () => {
    grafana.folders.set('abc123', { uid: 'abc123', title: 'Restate' });
    const plan = await previewAlertRules(cluster, DEFAULT_THRESHOLDS);
    expect(plan.folder).toEqual({ uid: 'abc123', title: 'Restate', action: 'existing' });
    await applyAlertRules(plan);
    expect(grafana.writes()).not.toContain('POST /api/folders');
    expect(grafana.rules.get(UIDS[0])!.folderUID).toBe('abc123');
  });
});

describe('changing thresholds and merging with edits', () => {
  it('shows the changed SQL and threshold before and after, and keeps what the user added', async () => {
    await applyAlertRules(await previewAlertRules(cluster, DEFAULT_THRESHOLDS));
    const stored = grafana.rules.get('rst-failures-restate-prod')!;
    stored.labels = { ...stored.labels, team: 'payments' };
    stored.isPaused = true;
    stored.notification_settings = { receiver: 'oncall' };

    const plan = await previewAlertRules(cluster, { ...DEFAULT_THRESHOLDS, failurePercent: 25, backingOffMinutes: 30 });
    expect(plan.rules.map((r) => r.action)).toEqual(['unchanged', 'update', 'update', 'unchanged']);
    const failures = plan.rules[2];
    expect(failures.diff).toEqual(
      expect.arrayContaining([
        { path: 'data[B].model.conditions[0].evaluator.params[0]', kind: 'changed', before: 10, after: 25 },
        {
          path: 'title',
          kind: 'changed',
          before: 'Restate prod: failure ratio above 10%',
          after: 'Restate prod: failure ratio above 25%',
        },
      ])
    );
    expect(plan.rules[1].diff.find((d) => d.path === 'data[A].model.sql')).toMatchObject({
      before: expect.stringContaining("INTERVAL '600 seconds'"),
      after: expect.stringContaining("INTERVAL '1800 seconds'"),
    });
    await applyAlertRules(plan);
    expect(grafana.rules.get('rst-failures-restate-prod')).toMatchObject({
      labels: { cluster: 'prod', team: 'payments' },
      isPaused: true,
      notification_settings: { receiver: 'oncall' },
    });
    expect(grafana.writes().slice(-2)).toEqual([
      'PUT /api/v1/provisioning/alert-rules/rst-backoff-restate-prod',
      'PUT /api/v1/provisioning/alert-rules/rst-failures-restate-prod',
    ]);
  });

  it('puts the group back to a 1 minute interval, keeping a rule the user added to it', async () => {
    await applyAlertRules(await previewAlertRules(cluster, DEFAULT_THRESHOLDS));
    grafana.intervals.set('restate-alerts/Restate prod', 300);
    grafana.store({ ...grafana.rules.get(UIDS[0])!, uid: 'mine', title: 'My own rule' }, '');
    const plan = await previewAlertRules(cluster, DEFAULT_THRESHOLDS);
    expect(plan.interval).toEqual({ before: 300, after: 60 });
    expect(planIsNoop(plan)).toBe(false);
    await applyAlertRules(plan);
    expect(grafana.writes()).toContain('PUT /api/v1/provisioning/folder/restate-alerts/rule-groups/Restate%20prod');
    expect(grafana.intervals.get('restate-alerts/Restate prod')).toBe(60);
    expect(grafana.rules.has('mine')).toBe(true);
  });
});

describe('what cannot be done', () => {
  it('blocks (and sends nothing) when a rule is provisioned from a file and would change', async () => {
    await applyAlertRules(await previewAlertRules(cluster, DEFAULT_THRESHOLDS));
    grafana.rules.get(UIDS[0])!.provenance = 'file';
    // Unchanged file rules are fine.
    expect((await previewAlertRules(cluster, DEFAULT_THRESHOLDS)).rules[0].blocked).toBeUndefined();
    grafana.rules.get(UIDS[0])!.title = 'edited in the file';
    const plan = await previewAlertRules(cluster, DEFAULT_THRESHOLDS);
    expect(plan.rules[0].blocked).toMatch(/provisioned from a file/);
    const before = grafana.requests.length;
    await expect(applyAlertRules(plan)).rejects.toThrow(/provisioned from a file/);
    expect(grafana.requests.length).toBe(before);
  });

  it('explains a refusal from Grafana in words', async () => {
    grafana.denyWrites = true;
    await expect(applyAlertRules(await previewAlertRules(cluster, DEFAULT_THRESHOLDS))).rejects.toThrow(
      /Creating folder Restate: Grafana refused \(You do not have permission to perform this action\)\. Adding alert rules needs the Admin role/
    );
  });

  it('explains a rule Grafana rejects', async () => {
    grafana.folders.set('restate-alerts', { uid: 'restate-alerts', title: 'Restate' });
    const plan = await previewAlertRules(cluster, DEFAULT_THRESHOLDS);
    grafana.folders.delete('restate-alerts'); // deleted between preview and apply
    await expect(applyAlertRules(plan)).rejects.toThrow(
      /Creating alert rule Restate prod: invocations paused: Grafana rejected it: invalid alert rule: folder does not exist/
    );
  });
});
