import { callGrafana, type GrafanaApiHints, type GrafanaRequest } from '../api/grafanaHttp';
import type { AlertQuery } from './model';

/**
 * Grafana's folder and alerting provisioning HTTP API (grafana/grafana):
 *  - pkg/services/ngalert/api/tooling/definitions/provisioning_alert_rules.go: `ProvisionedAlertRule`, routes
 *    GET/PUT /api/v1/provisioning/alert-rules/{UID} (GET 404 when unknown), POST /api/v1/provisioning/alert-rules
 *    (201), GET/PUT /api/v1/provisioning/folder/{FolderUID}/rule-groups/{Group} (`AlertRuleGroup`, interval in s).
 *  - pkg/services/ngalert/api/api_provisioning.go `determineProvenance`: a request carrying the
 *    `X-Disable-Provenance` header stores the rule without provenance, so it stays editable in Grafana's UI (as the
 *    provisioning docs "Edit API-provisioned alerting resources" describe); every write here sends it.
 *  - Folders: GET /api/folders/{uid}, GET /api/folders, POST /api/folders (https://grafana.com/docs/grafana/latest/developers/http_api/folder/).
 */

export interface GrafanaFolder {
  uid: string;
  title: string;
}

/** A rule as the provisioning API reads and writes it. */
export interface ProvisionedAlertRule {
  id?: number;
  uid: string;
  orgID?: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: AlertQuery[] | Array<Record<string, unknown>>;
  noDataState: string;
  execErrState: string;
  /** Prometheus duration, as Grafana writes it back ("0s", "1m"). */
  for: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  isPaused?: boolean;
  /** '' (editable in the UI), 'api' or 'file'; read only. */
  provenance?: string;
  updated?: string;
  [other: string]: unknown;
}

export interface AlertRuleGroup {
  title: string;
  folderUid: string;
  /** Seconds. */
  interval: number;
  rules: ProvisionedAlertRule[];
}

export const DISABLE_PROVENANCE = { 'X-Disable-Provenance': 'true' };

const HINTS: GrafanaApiHints = {
  forbidden: 'Adding alert rules needs the Admin role (or the alert rule and folder write permissions).',
  conflict: 'Someone changed it since the preview: preview again.',
};

const call = <T>(what: string, req: GrafanaRequest, notFound?: 'undefined') => callGrafana<T>(what, req, HINTS, notFound);

const enc = encodeURIComponent;

export const getFolder = (uid: string) =>
  call<GrafanaFolder>(`Reading folder ${uid}`, { url: `/api/folders/${enc(uid)}`, method: 'GET' }, 'undefined');

/** Top-level folders (Grafana pages them; 1000 is its maximum page size). */
export async function listFolders(): Promise<GrafanaFolder[]> {
  return (await call<GrafanaFolder[]>('Listing folders', { url: '/api/folders?limit=1000', method: 'GET' })) ?? [];
}

export async function createFolder(folder: GrafanaFolder): Promise<GrafanaFolder> {
  return (await call<GrafanaFolder>(`Creating folder ${folder.title}`, {
    url: '/api/folders',
    method: 'POST',
    data: folder,
  }))!;
}

export const getAlertRule = (uid: string) =>
  call<ProvisionedAlertRule>(
    `Reading alert rule ${uid}`,
    { url: `/api/v1/provisioning/alert-rules/${enc(uid)}`, method: 'GET' },
    'undefined'
  );

export async function createAlertRule(rule: ProvisionedAlertRule): Promise<ProvisionedAlertRule> {
  return (await call<ProvisionedAlertRule>(`Creating alert rule ${rule.title}`, {
    url: '/api/v1/provisioning/alert-rules',
    method: 'POST',
    data: rule,
    headers: DISABLE_PROVENANCE,
  }))!;
}

export async function updateAlertRule(uid: string, rule: ProvisionedAlertRule): Promise<ProvisionedAlertRule> {
  return (await call<ProvisionedAlertRule>(`Updating alert rule ${rule.title}`, {
    url: `/api/v1/provisioning/alert-rules/${enc(uid)}`,
    method: 'PUT',
    data: rule,
    headers: DISABLE_PROVENANCE,
  }))!;
}

const groupUrl = (folderUid: string, group: string) =>
  `/api/v1/provisioning/folder/${enc(folderUid)}/rule-groups/${enc(group)}`;

export const getRuleGroup = (folderUid: string, group: string) =>
  call<AlertRuleGroup>(`Reading rule group ${group}`, { url: groupUrl(folderUid, group), method: 'GET' }, 'undefined');

/** Replaces the group: every rule not in `group.rules` is deleted, so send the rules read just before. */
export async function putRuleGroup(group: AlertRuleGroup): Promise<AlertRuleGroup> {
  return (await call<AlertRuleGroup>(`Updating rule group ${group.title}`, {
    url: groupUrl(group.folderUid, group.title),
    method: 'PUT',
    data: group,
    headers: DISABLE_PROVENANCE,
  }))!;
}

/** Grafana's page of one alert rule. */
export function alertRuleViewUrl(uid: string, appSubUrl = ''): string {
  return `${appSubUrl}/alerting/grafana/${enc(uid)}/view`;
}
