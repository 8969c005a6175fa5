/**
 * The one model of the alert rules the app ships for a Restate cluster. The provisioning YAML
 * (provisioning/alerting/), the app's "Add alert rules" action and the tests are all built from `buildAlertRules`,
 * so they cannot drift.
 *
 * How Grafana evaluates them (grafana/grafana):
 *  - Query A runs on Grafana's server through the data source's Go backend (QueryData), which expands the macros
 *    from the query's time range (`relativeTimeRange`, seconds before now).
 *  - pkg/expr/converter.go `isNumberTable` / `extractNumberSet`: a table frame with exactly one numeric column and
 *    otherwise only string columns becomes one number per row, labelled by the string columns (column name = label
 *    name). So every query below returns string columns `service`, `handler` (and `status`) plus one number, and no
 *    timestamp column (a third type would turn the frame into something the threshold cannot read). Strings are
 *    COALESCEd: a NULL label would not be a string.
 *  - pkg/expr/threshold.go: expression B (`type: threshold`, datasource `__expr__`) compares each number of A;
 *    B is the condition. A query that returns no rows is "no data", which here means nothing is wrong (noDataState OK).
 */

export const ALERT_FOLDER_TITLE = 'Restate';
/** uid of the folder when the app creates it; an existing folder titled "Restate" is used as it is. */
export const ALERT_FOLDER_UID = 'restate-alerts';
export const APP_INVOCATIONS_PATH = '/a/restatedev-restate-app/invocations';
export const EXPRESSION_DATASOURCE_UID = '__expr__';

export type AlertRuleKind = 'paused' | 'backing-off' | 'failure-ratio' | 'stuck';
export const ALERT_RULE_KINDS: AlertRuleKind[] = ['paused', 'backing-off', 'failure-ratio', 'stuck'];

export interface AlertThresholds {
  /** Backing off for longer than this many minutes (since its first attempt started). */
  backingOffMinutes: number;
  /** Failure ratio above this percentage of completed invocations... */
  failurePercent: number;
  /** ...over this many minutes (the rule's time range)... */
  failureWindowMinutes: number;
  /** ...once at least this many invocations completed in it, so one failure in two calls does not page anyone. */
  failureMinCompleted: number;
  /** Running or suspended without any change for longer than this many minutes. */
  stuckMinutes: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  backingOffMinutes: 10,
  failurePercent: 10,
  failureWindowMinutes: 60,
  failureMinCompleted: 5,
  stuckMinutes: 60,
};

/** Evaluation interval of the group (Prometheus duration, as Grafana writes it back). */
export const EVALUATION_INTERVAL = '1m';
export const EVALUATION_INTERVAL_SECONDS = 60;

export interface AlertCluster {
  /** uid of the Restate data source the rules query. */
  uid: string;
  /** Cluster name: the group's name and the `cluster` label. */
  name: string;
}

/** The Restate data source's query model (the Go backend's `{ refId, sql, format }`). */
export interface RestateQueryModel {
  refId: string;
  sql: string;
  format: 'table' | 'time_series';
}

export interface ThresholdModel {
  refId: string;
  type: 'threshold';
  expression: string;
  datasource: { type: '__expr__'; uid: '__expr__' };
  conditions: Array<{ evaluator: { type: 'gt' | 'lt'; params: number[] } }>;
}

export interface AlertQuery {
  refId: string;
  /** Seconds before now; Grafana's `models.RelativeTimeRange`. */
  relativeTimeRange: { from: number; to: number };
  datasourceUid: string;
  model: RestateQueryModel | ThresholdModel;
}

/** One rule, with the fields the provisioning file and `POST /api/v1/provisioning/alert-rules` share. */
export interface AlertRuleDefinition {
  uid: string;
  kind: AlertRuleKind;
  title: string;
  condition: string;
  data: AlertQuery[];
  noDataState: 'OK' | 'NoData' | 'Alerting' | 'KeepLast';
  execErrState: 'Error' | 'Alerting' | 'OK' | 'KeepLast';
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface AlertRuleGroupDefinition {
  name: string;
  folderTitle: string;
  interval: string;
  rules: AlertRuleDefinition[];
}

// Grafana uids: at most 40 characters of [a-zA-Z0-9-_] (definitions.ProvisionedAlertRule `UID`).
const MAX_UID = 40;
const UID_CHARS = /[^a-zA-Z0-9_-]+/g;

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0').slice(0, 7);
}

const KIND_PREFIX: Record<AlertRuleKind, string> = {
  paused: 'rst-paused',
  'backing-off': 'rst-backoff',
  'failure-ratio': 'rst-failures',
  stuck: 'rst-stuck',
};

/** Stable rule uid from the data source uid: `rst-paused-<uid>`, shortened with a hash of the uid when too long. */
export function ruleUid(clusterUid: string, kind: AlertRuleKind): string {
  const prefix = `${KIND_PREFIX[kind]}-`;
  const clean = clusterUid.replace(UID_CHARS, '-');
  if (clean === clusterUid && prefix.length + clean.length <= MAX_UID) {
    return prefix + clean;
  }
  // Keep distinct data sources distinct: a hash of the full uid, after as much of it as fits.
  const hash = fnv1a(clusterUid);
  const room = MAX_UID - prefix.length - hash.length - 1;
  return `${prefix}${clean.slice(0, room)}-${hash}`;
}

function minutesToSeconds(m: number): number {
  return Math.max(0, Math.round(m * 60));
}

/** Why a threshold cannot be used, or undefined. */
export function thresholdProblem(key: keyof AlertThresholds, value: number): string | undefined {
  if (!Number.isFinite(value)) {
    return 'Enter a number';
  }
  if (value < 0) {
    return 'Must not be negative';
  }
  if (key === 'failurePercent' && value >= 100) {
    return 'A percentage below 100';
  }
  if (key === 'failureWindowMinutes' && value < 1) {
    return 'At least 1 minute';
  }
  if (key === 'failureMinCompleted' && !Number.isInteger(value)) {
    return 'A whole number';
  }
  return undefined;
}

const SERVICE = "COALESCE(target_service_name, '') AS service";
const HANDLER = "COALESCE(target_handler_name, '') AS handler";
const GROUP = 'GROUP BY target_service_name, target_handler_name';

/** The rule queries (Restate SQL, DataFusion dialect of restate-server 1.7). Exported for the integration test. */
export function ruleSql(kind: AlertRuleKind, t: AlertThresholds): string {
  switch (kind) {
    case 'paused':
      return [
        `SELECT ${SERVICE}, ${HANDLER}, count(*) AS paused`,
        'FROM sys_invocation',
        "WHERE status = 'paused'",
        GROUP,
      ].join('\n');
    case 'backing-off':
      // running_at is when the first attempt started; an invocation that never started counts from its creation.
      return [
        `SELECT ${SERVICE}, ${HANDLER}, count(*) AS backing_off`,
        'FROM sys_invocation',
        "WHERE status = 'backing-off'",
        `  AND COALESCE(running_at, created_at) < now() - INTERVAL '${minutesToSeconds(t.backingOffMinutes)} seconds'`,
        GROUP,
      ].join('\n');
    case 'failure-ratio':
      // Completed in the rule's time range; completion_result is 'failure' for terminal errors, kills and cancels.
      return [
        `SELECT ${SERVICE}, ${HANDLER},`,
        "  100.0 * avg(CASE WHEN completion_result = 'failure' THEN 1.0 ELSE 0.0 END) AS failure_percent",
        'FROM sys_invocation',
        "WHERE status = 'completed' AND $__timeFilter(completed_at)",
        GROUP,
        `HAVING count(*) >= ${Math.max(1, Math.round(t.failureMinCompleted))}`,
      ].join('\n');
    case 'stuck':
      // modified_at moves with every status change, so this is "no progress" rather than "long-lived".
      return [
        `SELECT ${SERVICE}, ${HANDLER}, status, count(*) AS stuck`,
        'FROM sys_invocation',
        "WHERE status IN ('running', 'suspended')",
        `  AND modified_at < now() - INTERVAL '${minutesToSeconds(t.stuckMinutes)} seconds'`,
        'GROUP BY target_service_name, target_handler_name, status',
      ].join('\n');
  }
}

/**
 * Link to the app's invocations page filtered to what fired (parameter names of src/pages/Invocations/urlState.ts).
 * Go templates (Grafana's annotation templating): `urlquery` is text/template's builtin.
 */
export function invocationsLink(clusterUid: string, status: string): string {
  const q = (label: string) => `{{ $labels.${label} | urlquery }}`;
  return (
    `${APP_INVOCATIONS_PATH}?cluster=${encodeURIComponent(clusterUid)}` +
    `&service=${q('service')}&handler=${q('handler')}&status=${status}`
  );
}

const TARGET = '{{ $labels.service }}/{{ $labels.handler }}';

function query(c: AlertCluster, kind: AlertRuleKind, t: AlertThresholds, fromSeconds: number): AlertQuery {
  return {
    refId: 'A',
    relativeTimeRange: { from: fromSeconds, to: 0 },
    datasourceUid: c.uid,
    model: { refId: 'A', sql: ruleSql(kind, t), format: 'table' },
  };
}

function threshold(above: number): AlertQuery {
  return {
    refId: 'B',
    relativeTimeRange: { from: 0, to: 0 },
    datasourceUid: EXPRESSION_DATASOURCE_UID,
    model: {
      refId: 'B',
      type: 'threshold',
      expression: 'A',
      datasource: { type: '__expr__', uid: '__expr__' },
      conditions: [{ evaluator: { type: 'gt', params: [above] } }],
    },
  };
}

function rule(
  c: AlertCluster,
  kind: AlertRuleKind,
  title: string,
  data: AlertQuery[],
  forDuration: string,
  annotations: Record<string, string>
): AlertRuleDefinition {
  return {
    uid: ruleUid(c.uid, kind),
    kind,
    title,
    condition: 'B',
    data,
    // No rows: nothing is paused, backing off, failing or stuck.
    noDataState: 'OK',
    execErrState: 'Error',
    for: forDuration,
    labels: { cluster: c.name },
    annotations,
  };
}

/** The rule group "Restate <cluster>" in the folder "Restate", for one Restate data source. */
export function buildAlertRules(c: AlertCluster, t: AlertThresholds = DEFAULT_THRESHOLDS): AlertRuleGroupDefinition {
  const windowSeconds = minutesToSeconds(t.failureWindowMinutes);
  const rules: AlertRuleDefinition[] = [
    rule(c, 'paused', `Restate ${c.name}: invocations paused`, [query(c, 'paused', t, 600), threshold(0)], '0s', {
      summary: `{{ $values.A.Value }} invocation(s) of ${TARGET} paused on ${c.name}`,
      description:
        'Restate paused these invocations (their retries ran out, or someone paused them). They make no progress ' +
        'until they are resumed, restarted or killed.',
      runbook_url: invocationsLink(c.uid, 'paused'),
    }),
    rule(
      c,
      'backing-off',
      `Restate ${c.name}: invocations backing off for over ${t.backingOffMinutes} min`,
      [query(c, 'backing-off', t, 600), threshold(0)],
      '0s',
      {
        summary: `{{ $values.A.Value }} invocation(s) of ${TARGET} retrying for over ${t.backingOffMinutes} min on ${c.name}`,
        description:
          `These invocations fail and are retried, and have been for more than ${t.backingOffMinutes} minutes ` +
          'since their first attempt. The last failure of each is on its page.',
        runbook_url: invocationsLink(c.uid, 'backing-off'),
      }
    ),
    rule(
      c,
      'failure-ratio',
      `Restate ${c.name}: failure ratio above ${t.failurePercent}%`,
      [query(c, 'failure-ratio', t, windowSeconds), threshold(t.failurePercent)],
      '0s',
      {
        summary: `{{ humanize $values.A.Value }}% of ${TARGET} invocations failed in the last ${t.failureWindowMinutes} min on ${c.name}`,
        description:
          `More than ${t.failurePercent}% of the invocations of this handler that completed in the last ` +
          `${t.failureWindowMinutes} minutes (at least ${t.failureMinCompleted} of them) completed with a failure.`,
        runbook_url: invocationsLink(c.uid, 'failed'),
      }
    ),
    rule(
      c,
      'stuck',
      `Restate ${c.name}: invocations stuck for over ${t.stuckMinutes} min`,
      [query(c, 'stuck', t, 600), threshold(0)],
      '0s',
      {
        summary: `{{ $values.A.Value }} {{ $labels.status }} invocation(s) of ${TARGET} unchanged for over ${t.stuckMinutes} min on ${c.name}`,
        description:
          `These invocations are running or suspended and have not changed for more than ${t.stuckMinutes} ` +
          'minutes: a handler that hangs, or a suspension waiting on something that does not come.',
        runbook_url: invocationsLink(c.uid, '{{ $labels.status }}'),
      }
    ),
  ];
  return { name: `Restate ${c.name}`, folderTitle: ALERT_FOLDER_TITLE, interval: EVALUATION_INTERVAL, rules };
}
