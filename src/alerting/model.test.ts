import { ALERT_RULE_KINDS, buildAlertRules, DEFAULT_THRESHOLDS, ruleSql, ruleUid, thresholdProblem } from './model';

const UID = /^[a-zA-Z0-9_-]{1,40}$/;

describe('rule uids', () => {
  it('derives one stable, valid uid per rule from the data source uid', () => {
    const uids = buildAlertRules({ uid: 'restate-prod', name: 'prod' }).rules.map((r) => r.uid);
    expect(uids).toEqual([
      'rst-paused-restate-prod',
      'rst-backoff-restate-prod',
      'rst-failures-restate-prod',
      'rst-stuck-restate-prod',
    ]);
    expect(buildAlertRules({ uid: 'restate-prod', name: 'renamed' }).rules.map((r) => r.uid)).toEqual(uids);
  });

  it('keeps long or odd data source uids within 40 characters of [a-zA-Z0-9-_], and distinct', () => {
    const a = 'a-very-long-restate-data-source-uid-0000000001';
    const b = 'a-very-long-restate-data-source-uid-0000000002';
    for (const kind of ALERT_RULE_KINDS) {
      expect(ruleUid(a, kind)).toMatch(UID);
      expect(ruleUid(a, kind)).not.toBe(ruleUid(b, kind));
      expect(ruleUid('odd uid/ü', kind)).toMatch(UID);
      expect(ruleUid('odd uid/ü', kind)).not.toBe(ruleUid('odd-uid--', kind));
    }
  });
});

describe('rules', () => {
  const group = buildAlertRules({ uid: 'restate-prod', name: 'prod' });

  it('is the group "Restate <cluster>" in the folder "Restate", every rule labelled with the cluster', () => {
    expect(group).toMatchObject({ name: 'Restate prod', folderTitle: 'Restate', interval: '1m' });
    for (const r of group.rules) {
      expect(r.labels).toEqual({ cluster: 'prod' });
      expect(r.condition).toBe('B');
      expect(r.noDataState).toBe('OK');
      expect(r.data.map((d) => [d.refId, d.datasourceUid])).toEqual([
        ['A', 'restate-prod'],
        ['B', '__expr__'],
      ]);
      expect(r.data[0].model).toMatchObject({ refId: 'A', format: 'table' });
      expect(r.annotations.runbook_url).toContain('/a/restatedev-restate-app/invocations?cluster=restate-prod&');
    }
  });

  it('links each rule to the invocations it is about', () => {
    const status = group.rules.map((r) => new URL(r.annotations.runbook_url, 'http://g').searchParams.get('status'));
    expect(status).toEqual(['paused', 'backing-off', 'failed', '{{ $labels.status }}']);
  });

  it('puts the thresholds into the SQL, the threshold expression and the words', () => {
    const t = { ...DEFAULT_THRESHOLDS, backingOffMinutes: 15, stuckMinutes: 120, failurePercent: 25 };
    expect(ruleSql('backing-off', t)).toContain("INTERVAL '900 seconds'");
    expect(ruleSql('stuck', t)).toContain("INTERVAL '7200 seconds'");
    expect(ruleSql('failure-ratio', { ...t, failureMinCompleted: 3 })).toContain('HAVING count(*) >= 3');
    const rules = buildAlertRules({ uid: 'u', name: 'n' }, { ...t, failureWindowMinutes: 30 }).rules;
    const failure = rules.find((r) => r.kind === 'failure-ratio')!;
    expect(failure.data[0].relativeTimeRange).toEqual({ from: 1800, to: 0 });
    expect(failure.data[1].model).toMatchObject({ conditions: [{ evaluator: { type: 'gt', params: [25] } }] });
    expect(failure.title).toBe('Restate n: failure ratio above 25%');
    expect(rules.find((r) => r.kind === 'stuck')!.title).toBe('Restate n: invocations stuck for over 120 min');
  });

  it('says which thresholds cannot work', () => {
    expect(thresholdProblem('backingOffMinutes', -1)).toBe('Must not be negative');
    expect(thresholdProblem('failurePercent', 100)).toBe('A percentage below 100');
    expect(thresholdProblem('failureWindowMinutes', 0)).toBe('At least 1 minute');
    expect(thresholdProblem('failureMinCompleted', 2.5)).toBe('A whole number');
    expect(thresholdProblem('stuckMinutes', Number.NaN)).toBe('Enter a number');
    expect(thresholdProblem('stuckMinutes', 30)).toBeUndefined();
  });
});
