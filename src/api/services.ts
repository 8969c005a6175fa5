import type { components } from './generated/admin';
import { restateFetch } from './proxy';
import { runSql } from './sql';

type Schemas = components['schemas'];

export type ServiceMetadata = Schemas['ServiceMetadata'];
export type HandlerMetadata = Schemas['HandlerMetadata'];
export type ServiceType = Schemas['ServiceType'];
export type ModifyServiceRequest = Schemas['ModifyServiceRequest'];

/** How users name service types (Restate's wire names are CamelCase). */
export function serviceTypeLabel(ty: ServiceType | string): string {
  switch (ty) {
    case 'Service':
      return 'Service';
    case 'VirtualObject':
      return 'Virtual object';
    case 'Workflow':
      return 'Workflow';
    default:
      return String(ty);
  }
}

export async function listServices(clusterUid: string): Promise<ServiceMetadata[]> {
  const res = await restateFetch<Schemas['ListServicesResponse']>(clusterUid, 'admin/services');
  return res?.services ?? [];
}

export async function getService(clusterUid: string, name: string): Promise<ServiceMetadata> {
  return restateFetch<ServiceMetadata>(clusterUid, `admin/services/${encodeURIComponent(name)}`);
}

/** Handlers of a service, with their input/output JSON schema when the SDK declared one. */
export async function listHandlers(clusterUid: string, service: string): Promise<HandlerMetadata[]> {
  const res = await restateFetch<Schemas['ListServiceHandlersResponse']>(
    clusterUid,
    `admin/services/${encodeURIComponent(service)}/handlers`
  );
  return res?.handlers ?? [];
}

/** The service settings a user may change (`PATCH /services/{name}`). */
export type ServiceSettings = Pick<
  ModifyServiceRequest,
  | 'public'
  | 'idempotency_retention'
  | 'journal_retention'
  | 'workflow_completion_retention'
  | 'inactivity_timeout'
  | 'abort_timeout'
>;

/** The duration settings, in the order the editor shows them. */
export const DURATION_SETTINGS = [
  'idempotency_retention',
  'journal_retention',
  'workflow_completion_retention',
  'inactivity_timeout',
  'abort_timeout',
] as const;
export type DurationSetting = (typeof DURATION_SETTINGS)[number];

/**
 * Changes service settings. Durations are strings in jiff's "friendly" format ("1h 30m", "2 days")
 * or ISO 8601 ("PT1H30M"); Restate answers 422 text for anything else. Only the keys present are
 * changed (`null` would also leave a setting unchanged, so unchanged keys are simply left out).
 */
export async function modifyService(
  clusterUid: string,
  name: string,
  changes: ServiceSettings
): Promise<ServiceMetadata> {
  const body = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined && v !== null));
  return restateFetch<ServiceMetadata>(clusterUid, `admin/services/${encodeURIComponent(name)}`, {
    method: 'PATCH',
    body,
  });
}

/** Only the settings that differ from the service's current ones. */
export function changedSettings(current: ServiceMetadata, edited: ServiceSettings): ServiceSettings {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(edited)) {
    if (v === undefined || v === null || v === '') {
      continue;
    }
    if ((current as Record<string, unknown>)[k] !== v) {
      out[k] = v;
    }
  }
  return out as ServiceSettings;
}

/** How a registration would change one service, compared with what is registered now. */
export interface ServiceChange {
  name: string;
  type: ServiceType;
  /** Not registered yet. */
  isNew: boolean;
  /** The type differs from the registered revision (a breaking change). */
  typeChangedFrom?: ServiceType;
  currentRevision?: number;
  revision: number;
  addedHandlers: string[];
  removedHandlers: string[];
  handlers: HandlerMetadata[];
}

/** Compares discovered services (a dry run's or a registration's result) with the registered ones. */
export function diffServices(discovered: ServiceMetadata[], registered: ServiceMetadata[]): ServiceChange[] {
  const byName = new Map(registered.map((s) => [s.name, s]));
  return discovered
    .map((s) => {
      const current = byName.get(s.name);
      const now = new Set(current?.handlers.map((h) => h.name) ?? []);
      const next = new Set(s.handlers.map((h) => h.name));
      return {
        name: s.name,
        type: s.ty,
        isNew: !current,
        typeChangedFrom: current && current.ty !== s.ty ? current.ty : undefined,
        currentRevision: current?.revision,
        revision: s.revision,
        addedHandlers: current ? [...next].filter((h) => !now.has(h)).sort() : [],
        removedHandlers: current ? [...now].filter((h) => !next.has(h)).sort() : [],
        handlers: [...s.handlers].sort((a, b) => a.name.localeCompare(b.name)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const CATALOG_COUNTS_QUERY =
  'SELECT (SELECT COUNT(*) FROM sys_deployment) AS deployments, (SELECT COUNT(*) FROM sys_service) AS services';

/** How many deployments and services the cluster has, in one aggregate query. */
export async function getCatalogCounts(clusterUid: string): Promise<{ deployments: number; services: number }> {
  const [r] = await runSql(clusterUid, CATALOG_COUNTS_QUERY);
  return { deployments: Number(r?.deployments ?? 0), services: Number(r?.services ?? 0) };
}
