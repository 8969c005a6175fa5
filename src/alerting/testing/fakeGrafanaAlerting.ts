import type { BackendSrvRequest } from '@grafana/runtime';
import { fetchFrom, grafanaFailure, grafanaOk } from '../../test/grafanaFetch';
import type { AlertRuleGroup, GrafanaFolder, ProvisionedAlertRule } from '../grafanaAlertingApi';

/**
 * Grafana's folder and alerting provisioning HTTP API, held in memory for tests, as a `getBackendSrv().fetch`.
 * Behaviour re-stated from grafana/grafana:
 *  - pkg/services/ngalert/api/api_provisioning.go: `RouteRouteGetAlertRule` (404 with an empty body when unknown),
 *    `RoutePostAlertRule` (201; 400 on a failed validation or a uid already used), `RoutePutAlertRule` (200, 404
 *    when unknown), `RouteGetAlertRuleGroup`, `RoutePutAlertRuleGroup` (replaces the group's rules),
 *    `determineProvenance` (`X-Disable-Provenance` present: provenance '' instead of 'api').
 *  - pkg/services/ngalert/provisioning/alert_rules.go: a new group gets the default interval (60 s); a rule from a
 *    file cannot be changed through the API.
 *  - pkg/services/ngalert/models/alert_query.go `PreSave`: a query model gains intervalMs and maxDataPoints.
 *  - pkg/api/folder.go: GET /api/folders/:uid 404 "folder not found", POST /api/folders 409 on a uid in use.
 */
export class FakeGrafanaAlerting {
  readonly folders = new Map<string, GrafanaFolder>();
  readonly rules = new Map<string, ProvisionedAlertRule>();
  readonly intervals = new Map<string, number>();
  readonly requests: BackendSrvRequest[] = [];
  /** Answer 403 to writes, as Grafana does for a user without alert rule write permission. */
  denyWrites = false;
  private nextId = 1;

  constructor(init: { folders?: GrafanaFolder[]; rules?: ProvisionedAlertRule[] } = {}) {
    init.folders?.forEach((f) => this.folders.set(f.uid, f));
    init.rules?.forEach((r) => this.store(r, r.provenance ?? ''));
  }

  /** Stores a rule as Grafana would (defaults added, provenance recorded). */
  store(r: ProvisionedAlertRule, provenance: string) {
    const data = (r.data as Array<Record<string, any>>).map((q) => ({
      ...q,
      model: { intervalMs: 1000, maxDataPoints: 43200, ...q.model },
    }));
    const key = `${r.folderUID}/${r.ruleGroup}`;
    if (!this.intervals.has(key)) {
      this.intervals.set(key, 60);
    }
    this.rules.set(r.uid, {
      ...JSON.parse(JSON.stringify(r)),
      data,
      id: this.rules.get(r.uid)?.id ?? this.nextId++,
      orgID: 1,
      isPaused: r.isPaused ?? false,
      provenance,
      updated: new Date(0).toISOString(),
    });
  }

  fetch = fetchFrom((req) => this.handle(req), this.requests);

  /** The write requests, as "METHOD url". */
  writes(): string[] {
    return this.requests.filter((r) => (r.method ?? 'GET') !== 'GET').map((r) => `${r.method} ${r.url}`);
  }

  private fail(status: number, message: string): never {
    throw grafanaFailure(status, message);
  }

  private ok(data: unknown, status = 200) {
    return grafanaOk(data, status);
  }

  private provenance(req: BackendSrvRequest): string {
    return req.headers && 'X-Disable-Provenance' in req.headers ? '' : 'api';
  }

  private validate(r: ProvisionedAlertRule) {
    if (!/^[a-zA-Z0-9_-]{1,40}$/.test(r.uid)) {
      this.fail(400, `invalid rule specification at index [0]: cannot create rule with UID '${r.uid}'`);
    }
    if (!this.folders.has(r.folderUID)) {
      this.fail(400, `invalid alert rule: folder does not exist`);
    }
    if (!r.title || !r.condition || !Array.isArray(r.data) || r.data.length === 0) {
      this.fail(400, 'invalid alert rule: title, condition and data are required');
    }
  }

  private group(folderUid: string, title: string): AlertRuleGroup | undefined {
    const rules = [...this.rules.values()].filter((r) => r.folderUID === folderUid && r.ruleGroup === title);
    if (rules.length === 0) {
      return undefined;
    }
    return { title, folderUid, interval: this.intervals.get(`${folderUid}/${title}`) ?? 60, rules };
  }

  private handle(req: BackendSrvRequest) {
    const method = req.method ?? 'GET';
    const url = req.url.split('?')[0];
    if (method !== 'GET' && this.denyWrites) {
      this.fail(403, 'You do not have permission to perform this action');
    }
    const folder = url.match(/^\/api\/folders\/([^/]+)$/);
    if (folder && method === 'GET') {
      const f = this.folders.get(decodeURIComponent(folder[1]));
      return f ? this.ok(f) : this.fail(404, 'folder not found');
    }
    if (url === '/api/folders' && method === 'GET') {
      return this.ok([...this.folders.values()]);
    }
    if (url === '/api/folders' && method === 'POST') {
      const f = req.data as GrafanaFolder;
      if (this.folders.has(f.uid)) {
        this.fail(409, 'a folder with the same uid already exists');
      }
      this.folders.set(f.uid, { uid: f.uid, title: f.title });
      return this.ok(this.folders.get(f.uid));
    }
    const rule = url.match(/^\/api\/v1\/provisioning\/alert-rules\/([^/]+)$/);
    if (rule && method === 'GET') {
      const r = this.rules.get(decodeURIComponent(rule[1]));
      return r ? this.ok(JSON.parse(JSON.stringify(r))) : this.fail(404, '');
    }
    if (url === '/api/v1/provisioning/alert-rules' && method === 'POST') {
      const r = req.data as ProvisionedAlertRule;
      this.validate(r);
      if (this.rules.has(r.uid)) {
        this.fail(400, 'failed to save alert rule: a conflicting alert rule is found: rule UID must be unique');
      }
      this.store(r, this.provenance(req));
      return this.ok(this.rules.get(r.uid), 201);
    }
    if (rule && method === 'PUT') {
      const uid = decodeURIComponent(rule[1]);
      const current = this.rules.get(uid);
      if (!current) {
        return this.fail(404, '');
      }
      if (current.provenance === 'file') {
        this.fail(403, `cannot change provenance from 'file' to '${this.provenance(req)}'`);
      }
      const r = { ...(req.data as ProvisionedAlertRule), uid };
      this.validate(r);
      this.store(r, this.provenance(req));
      return this.ok(this.rules.get(uid));
    }
    const group = url.match(/^\/api\/v1\/provisioning\/folder\/([^/]+)\/rule-groups\/([^/]+)$/);
    if (group) {
      const [folderUid, title] = [decodeURIComponent(group[1]), decodeURIComponent(group[2])];
      if (method === 'GET') {
        const g = this.group(folderUid, title);
        return g ? this.ok(JSON.parse(JSON.stringify(g))) : this.fail(404, 'rule group does not exist');
      }
      if (method === 'PUT') {
        const body = req.data as AlertRuleGroup;
        const keep = new Set(body.rules.map((r) => r.uid));
        for (const r of [...this.rules.values()]) {
          if (r.folderUID === folderUid && r.ruleGroup === title && !keep.has(r.uid)) {
            this.rules.delete(r.uid);
          }
        }
        body.rules.forEach((r) => this.store({ ...r, folderUID: folderUid, ruleGroup: title }, this.provenance(req)));
        this.intervals.set(`${folderUid}/${title}`, body.interval);
        return this.ok(body);
      }
    }
    return this.fail(404, `not found: ${method} ${req.url}`);
  }
}
