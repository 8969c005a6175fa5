import {
  type AlertRuleGroup,
  createAlertRule,
  createFolder,
  getAlertRule,
  getFolder,
  getRuleGroup,
  type GrafanaFolder,
  listFolders,
  type ProvisionedAlertRule,
  putRuleGroup,
  updateAlertRule,
} from './grafanaAlertingApi';
import {
  ALERT_FOLDER_TITLE,
  ALERT_FOLDER_UID,
  type AlertCluster,
  type AlertRuleDefinition,
  type AlertThresholds,
  buildAlertRules,
  EVALUATION_INTERVAL_SECONDS,
} from './model';
import {
  diffLeaves,
  type PlannedChange,
  plannedChange,
  provisionedFromFile,
  sendChanges,
  throwIfBlocked,
} from '../model/setupPlan';

/**
 * "Add alert rules": create or update a cluster's rules through Grafana's provisioning API, by uid. Idempotent (a
 * second run changes nothing and sends nothing) and merging: labels and annotations a user added, the rule's paused
 * state and its notification settings are kept; only what the model owns is written.
 */

export interface RuleChange extends PlannedChange {
  title: string;
  body: ProvisionedAlertRule;
}

export interface AlertPlan {
  folder: GrafanaFolder & { action: 'create' | 'existing' };
  group: string;
  /** The group's evaluation interval now (seconds; undefined: no group yet) and after. */
  interval: { before?: number; after: number };
  rules: RuleChange[];
}

export interface ExistingAlerting {
  folder?: GrafanaFolder;
  rules: Record<string, ProvisionedAlertRule | undefined>;
  group?: AlertRuleGroup;
}



const OWNED = [
  'title',
  'folderUID',
  'ruleGroup',
  'condition',
  'data',
  'noDataState',
  'execErrState',
  'for',
  'labels',
  'annotations',
] as const;

/**
 * What sending `body` would change on `existing`. Only our leaves count: keys Grafana adds on save (a query
 * model's intervalMs and maxDataPoints, pkg/services/ngalert/models/alert_query.go `PreSave`) or a user added
 * (labels for routing) are not changes.
 */
export function diffRule(existing: ProvisionedAlertRule | undefined, body: ProvisionedAlertRule): PlannedChange['diff'] {
  const pick = (r: ProvisionedAlertRule | undefined) => (r ? Object.fromEntries(OWNED.map((k) => [k, r[k]])) : {});
  return diffLeaves(pick(existing), pick(body), 'refId');
}

/** The body to send for one rule: the model over what exists. */
export function mergeRule(
  existing: ProvisionedAlertRule | undefined,
  desired: AlertRuleDefinition,
  folderUid: string,
  group: string
): ProvisionedAlertRule {
  const { kind: _kind, ...owned } = desired;
  const ours: ProvisionedAlertRule = { ...owned, folderUID: folderUid, ruleGroup: group };
  if (!existing) {
    return { ...ours, isPaused: false };
  }
  // Read-only fields stay out of the body; everything else they set (isPaused, notification_settings, …) is kept.
  const { id: _id, updated: _updated, provenance: _provenance, ...theirs } = existing;
  return {
    ...theirs,
    ...ours,
    labels: { ...(existing.labels ?? {}), ...ours.labels },
    annotations: { ...(existing.annotations ?? {}), ...ours.annotations },
  };
}

/** The changes adding the rules would make, given what exists. Pure: the preview and the tests use it. */
export function planAlertRules(
  cluster: AlertCluster,
  thresholds: AlertThresholds,
  existing: ExistingAlerting
): AlertPlan {
  const model = buildAlertRules(cluster, thresholds);
  const folder = existing.folder
    ? { ...existing.folder, action: 'existing' as const }
    : { uid: ALERT_FOLDER_UID, title: ALERT_FOLDER_TITLE, action: 'create' as const };
  const rules = model.rules.map((desired): RuleChange => {
    const current = existing.rules[desired.uid];
    const body = mergeRule(current, desired, folder.uid, model.name);
    const diff = diffRule(current, body);
    const blocked = current?.provenance === 'file' && diff.length > 0 ? provisionedFromFile(current.title) : undefined;
    return { ...plannedChange(desired.uid, Boolean(current), diff, blocked), title: desired.title, body };
  });
  return {
    folder,
    group: model.name,
    interval: { before: existing.group?.interval, after: EVALUATION_INTERVAL_SECONDS },
    rules,
  };
}

/** The folder the rules go in: ours by uid, else a top-level folder titled "Restate" (as file provisioning finds it). */
async function findFolder(): Promise<GrafanaFolder | undefined> {
  const byUid = await getFolder(ALERT_FOLDER_UID);
  if (byUid) {
    return { uid: byUid.uid, title: byUid.title };
  }
  const byTitle = (await listFolders()).find((f) => f.title === ALERT_FOLDER_TITLE);
  return byTitle ? { uid: byTitle.uid, title: byTitle.title } : undefined;
}

/** Fetches what exists (folder, each rule by uid, the group) and plans. */
export async function previewAlertRules(cluster: AlertCluster, thresholds: AlertThresholds): Promise<AlertPlan> {
  const model = buildAlertRules(cluster, thresholds);
  const folder = await findFolder();
  const found = await Promise.all(model.rules.map((r) => getAlertRule(r.uid)));
  const group = folder ? await getRuleGroup(folder.uid, model.name) : undefined;
  return planAlertRules(cluster, thresholds, {
    folder,
    group,
    rules: Object.fromEntries(model.rules.map((r, i) => [r.uid, found[i]])),
  });
}

export interface ApplyResult {
  uid: string;
  title: string;
  action: RuleChange['action'];
}

/**
 * Sends the plan: the folder first, then each rule (create or update by uid), then the group's interval when it
 * differs. Stops at the first failure; nothing is sent while any rule is blocked.
 */
export async function applyAlertRules(plan: AlertPlan): Promise<ApplyResult[]> {
  throwIfBlocked(plan.rules);
  if (plan.folder.action === 'create') {
    await createFolder({ uid: plan.folder.uid, title: plan.folder.title });
  }
  const done = await sendChanges(
    plan.rules,
    { create: (r) => createAlertRule(r.body), update: (r) => updateAlertRule(r.uid, r.body) },
    (r): ApplyResult => ({ uid: r.uid, title: r.title, action: r.action })
  );
  if (plan.interval.before !== plan.interval.after) {
    // A new group gets Grafana's default interval; the group PUT replaces the whole group, so it carries every rule
    // the group holds now (a user's own rules in it stay).
    const group = await getRuleGroup(plan.folder.uid, plan.group);
    if (group && group.interval !== plan.interval.after) {
      await putRuleGroup({ ...group, interval: plan.interval.after });
    }
  }
  return done;
}

/** Nothing to send: every rule unchanged, the folder and the interval as they should be. */
export function planIsNoop(plan: AlertPlan): boolean {
  return (
    plan.folder.action === 'existing' &&
    plan.interval.before === plan.interval.after &&
    plan.rules.every((r) => r.action === 'unchanged')
  );
}
