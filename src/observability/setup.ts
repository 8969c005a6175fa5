import {
  createDataSource,
  type DataSourceWrite,
  getDataSourceByUid,
  type GrafanaDataSource,
  updateDataSource,
} from './grafanaApi';
import {
  buildObservability,
  type DataSourceDefinition,
  type DerivedFieldConfig,
  type ObservabilityCluster,
} from './model';
import {
  diffLeaves,
  isPlainObject,
  type DiffEntry,
  type PlannedChange,
  plannedChange,
  provisionedFromFile,
  sendChanges,
  throwIfBlocked,
} from '../model/setupPlan';

/**
 * "Set up logs and traces": create or update a cluster's Loki and Tempo data sources by uid and link them into its
 * Restate data source. Idempotent (a second run changes nothing) and merging: keys, derived fields and headers a
 * user added by hand are kept; only what the model owns is written.
 */

export type Role = 'loki' | 'tempo' | 'restate';

export interface DataSourceChange extends PlannedChange {
  role: Role;
  name: string;
  body: DataSourceWrite;
}

export interface SetupPlan {
  changes: DataSourceChange[];
  warnings: string[];
}

export interface SetupInput {
  /** The cluster, with `token` a pasted literal, or 'none' to keep what is stored (or send no header). */
  cluster: ObservabilityCluster;
}

export interface ExistingDataSources {
  loki?: GrafanaDataSource;
  tempo?: GrafanaDataSource;
  restate?: GrafanaDataSource;
}

const AUTH = 'authorization';


/** Our derived fields replace theirs with the same name or the same regex; every other field is kept, in order. */
export function mergeDerivedFields(existing: unknown, ours: DerivedFieldConfig[]): DerivedFieldConfig[] {
  const theirs = Array.isArray(existing) ? (existing as DerivedFieldConfig[]) : [];
  const used = new Set<number>();
  const merged = theirs.map((field) => {
    const i = ours.findIndex(
      (o, idx) => !used.has(idx) && (o.name === field.name || o.matcherRegex === field.matcherRegex)
    );
    if (i < 0) {
      return field;
    }
    used.add(i);
    // Keep their name (their dashboards and habits know it) and any extra keys they set.
    return { ...field, ...ours[i], name: field.name };
  });
  const names = new Set(merged.map((f) => f.name));
  for (let i = 0; i < ours.length; i++) {
    if (!used.has(i)) {
      // Grafana groups derived fields by name: never add a second field with a name already taken.
      let name = ours[i].name;
      for (let n = 2; names.has(name); n++) {
        name = `${ours[i].name} ${n}`;
      }
      names.add(name);
      merged.push({ ...ours[i], name });
    }
  }
  return merged;
}

/** The custom-header slot N (httpHeaderNameN) that holds Authorization, else the first free one. */
export function authorizationSlot(jsonData: Record<string, unknown>): number {
  let free: number | undefined;
  for (let n = 1; n < 100; n++) {
    const name = jsonData[`httpHeaderName${n}`];
    if (typeof name === 'string' && name.trim().toLowerCase() === AUTH) {
      return n;
    }
    if ((name === undefined || name === '') && free === undefined) {
      free = n;
    }
  }
  return free ?? 1;
}

function mergeJsonData(existing: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...existing };
  for (const [k, v] of Object.entries(desired)) {
    if (k === 'httpHeaderName1') {
      continue; // placed in the right slot by mergeDataSource
    }
    if (k === 'derivedFields') {
      out[k] = mergeDerivedFields(existing[k], v as DerivedFieldConfig[]);
    } else if (isPlainObject(v) && isPlainObject(existing[k])) {
      out[k] = { ...(existing[k] as Record<string, unknown>), ...v };
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** What to send for one data source: the model's definition merged over what exists. */
export function mergeDataSource(
  existing: GrafanaDataSource | undefined,
  desired: DataSourceDefinition
): DataSourceWrite {
  const headerValue = desired.secureJsonData?.httpHeaderValue1;
  if (!existing) {
    return {
      uid: desired.uid,
      name: desired.name,
      type: desired.type,
      access: desired.access,
      url: desired.url,
      jsonData: desired.jsonData,
      ...(desired.secureJsonData ? { secureJsonData: desired.secureJsonData } : {}),
    };
  }
  const jsonData = mergeJsonData(existing.jsonData ?? {}, desired.jsonData);
  let secureJsonData: Record<string, string> | undefined;
  if (headerValue !== undefined) {
    const slot = authorizationSlot(existing.jsonData ?? {});
    jsonData[`httpHeaderName${slot}`] = 'Authorization';
    secureJsonData = { [`httpHeaderValue${slot}`]: headerValue };
  }
  return {
    uid: existing.uid,
    // Their name, basic auth, default flag and the like stay as they are.
    name: existing.name,
    type: existing.type,
    access: desired.access,
    url: desired.url,
    basicAuth: existing.basicAuth,
    basicAuthUser: existing.basicAuthUser,
    user: existing.user,
    database: existing.database,
    withCredentials: existing.withCredentials,
    isDefault: existing.isDefault,
    jsonData,
    ...(secureJsonData ? { secureJsonData } : {}),
    version: existing.version,
  };
}


const COMPARED = ['name', 'type', 'access', 'url', 'jsonData'] as const;

/** What sending `body` would change on `existing`; secure values show as "(new value)", never their text. */
export function diffDataSource(existing: GrafanaDataSource | undefined, body: DataSourceWrite): DiffEntry[] {
  const pick = (d: object | undefined) =>
    d ? Object.fromEntries(COMPARED.map((k) => [k, (d as Record<string, unknown>)[k]])) : {};
  const diff = diffLeaves(pick(existing), pick(body), 'name');
  for (const key of Object.keys(body.secureJsonData ?? {})) {
    const stored = existing?.secureJsonFields?.[key];
    diff.push({
      path: `secureJsonData.${key}`,
      kind: stored ? 'changed' : 'added',
      before: stored ? '(stored)' : undefined,
      after: '(new value)',
    });
  }
  return diff;
}

/**
 * One data source's planned write: `desired` merged over what exists, its diff, and why it cannot be applied (a
 * data source of another type at that uid, or one provisioned from a file that would change).
 */
export function dataSourceChange<R extends string>(
  role: R,
  existing: GrafanaDataSource | undefined,
  desired: DataSourceDefinition
): Omit<DataSourceChange, 'role'> & { role: R } {
  const body = mergeDataSource(existing, desired);
  const diff = diffDataSource(existing, body);
  let blocked: string | undefined;
  if (existing && existing.type !== desired.type) {
    blocked = `The data source with uid ${existing.uid} is of type ${existing.type}, not ${desired.type}. Pick another uid or fix that data source.`;
  } else if (existing?.readOnly && diff.length > 0) {
    blocked = provisionedFromFile(existing.name);
  }
  return { ...plannedChange(desired.uid, Boolean(existing), diff, blocked), role, name: body.name, body };
}

/** The changes a setup would make, given what exists. Pure: the preview and the tests use it. */
export function planSetup({ cluster }: SetupInput, existing: ExistingDataSources): SetupPlan {
  const model = buildObservability(cluster);
  const warnings: string[] = [];
  const restate = existing.restate;
  if (!restate) {
    throw new Error(`The Restate data source ${cluster.restateUid} was not found: it may have been deleted.`);
  }
  // The Restate data source only gets its links: url, token and everything else stay as they are.
  const restateDesired: DataSourceDefinition = {
    ...model.restate,
    name: restate.name,
    url: restate.url,
    access: 'proxy',
    jsonData: {
      lokiUid: model.restate.jsonData.lokiUid,
      tempoUid: model.restate.jsonData.tempoUid,
      logSelector: model.restate.jsonData.logSelector,
    },
  };
  delete restateDesired.secureJsonData;
  const restateChange = dataSourceChange('restate', restate, restateDesired);

  if (cluster.token.kind !== 'literal') {
    for (const [ds, label] of [
      [existing.loki, 'Loki'],
      [existing.tempo, 'Tempo'],
    ] as const) {
      const slot = ds ? authorizationSlot(ds.jsonData ?? {}) : undefined;
      const stored = ds && slot !== undefined && ds.secureJsonFields?.[`httpHeaderValue${slot}`];
      if (!stored) {
        warnings.push(
          `${label} will be called without an Authorization header: no token was entered and none is stored. Restate Cloud answers 401 then.`
        );
      }
    }
  }
  return {
    changes: [
      dataSourceChange('loki', existing.loki, model.loki),
      dataSourceChange('tempo', existing.tempo, model.tempo),
      restateChange,
    ],
    warnings,
  };
}

/** Fetches what exists (by uid) and plans the setup. */
export async function previewSetup(input: SetupInput): Promise<SetupPlan> {
  const model = buildObservability(input.cluster);
  const [loki, tempo, restate] = await Promise.all([
    getDataSourceByUid(model.loki.uid),
    getDataSourceByUid(model.tempo.uid),
    getDataSourceByUid(input.cluster.restateUid),
  ]);
  return planSetup(input, { loki, tempo, restate });
}

export interface ApplyResult {
  role: Role;
  uid: string;
  name: string;
  action: DataSourceChange['action'];
}

/**
 * Sends the plan: Loki and Tempo first (the Restate data source must not link to a uid that does not exist yet),
 * then the Restate links. Stops at the first failure, and nothing is sent while any change is blocked.
 */
export function applySetup(plan: SetupPlan): Promise<ApplyResult[]> {
  return sendDataSourceChanges(plan.changes);
}

/** Sends data source changes in order, nothing while any is blocked; what was done with each. */
export async function sendDataSourceChanges<R extends string>(
  changes: Array<Omit<DataSourceChange, 'role'> & { role: R }>
): Promise<Array<Omit<ApplyResult, 'role'> & { role: R }>> {
  throwIfBlocked(changes);
  return sendChanges(
    changes,
    { create: (c) => createDataSource(c.body), update: (c) => updateDataSource(c.uid, c.body) },
    (c) => ({ role: c.role, uid: c.uid, name: c.name, action: c.action })
  );
}
