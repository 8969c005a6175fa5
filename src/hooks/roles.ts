import { useEffect, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { config, getBackendSrv } from '@grafana/runtime';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

/**
 * What the signed-in user may do, mirroring the `reqRole` of each proxy route in
 * src/datasource/plugin.json. The proxy is the guard; this only hides or explains controls.
 */
export interface Permissions {
  role: OrgRole;
  /** Invocation actions, service settings, ingress calls. */
  canOperate: boolean;
  /** Register, update and remove deployments; set up data sources. */
  canDeploy: boolean;
  /** Why an operating control is disabled, or undefined. */
  operateReason?: string;
  deployReason?: string;
  /**
   * Set while the role is still being looked up ('loading') or when it could not be ('unknown'). Controls are
   * disabled then, and `role` is only a placeholder: the reasons say what is going on, not "you are Viewer".
   */
  roleLookup?: 'loading' | 'unknown';
}

const RANK: Record<OrgRole, number> = { Viewer: 0, Editor: 1, Admin: 2 };

export function permissionsFor(role: string | undefined, isGrafanaAdmin = false): Permissions {
  const r: OrgRole = isGrafanaAdmin ? 'Admin' : role === 'Admin' || role === 'Editor' ? role : 'Viewer';
  const canOperate = RANK[r] >= RANK.Editor;
  const canDeploy = RANK[r] >= RANK.Admin;
  return {
    role: r,
    canOperate,
    canDeploy,
    operateReason: canOperate ? undefined : `Needs the Editor role in this Grafana organization; you are ${r}.`,
    deployReason: canDeploy ? undefined : `Needs the Admin role in this Grafana organization; you are ${r}.`,
  };
}

const LOADING: Permissions = {
  role: 'Viewer',
  canOperate: false,
  canDeploy: false,
  operateReason: 'Checking your role in this Grafana organization…',
  deployReason: 'Checking your role in this Grafana organization…',
  roleLookup: 'loading',
};

function unknownRole(why: string): Permissions {
  const reason = `Could not determine your role in this Grafana organization (${why}); reload the page to try again.`;
  return { ...LOADING, operateReason: reason, deployReason: reason, roleLookup: 'unknown' };
}

interface ApiUser {
  orgId: number;
  isGrafanaAdmin?: boolean;
}
interface ApiUserOrg {
  orgId: number;
  name?: string;
  role: string;
}

/*
 * Grafana's User HTTP API: `GET /api/user` is the signed-in user, with `orgId` (the current organization) and
 * `isGrafanaAdmin`; `GET /api/user/orgs` lists that user's organizations as `[{orgId, name, role}]`
 * (grafana.com/docs/grafana/latest/developer-resources/api-reference/http-api/user/, "Actual User" and
 * "Organizations of the actual User"). These are plain API answers, not boot data, so they stay when bootData goes
 * (grafana/grafana#109686).
 */
async function lookUpRole(): Promise<Permissions> {
  const get = async <T>(url: string) =>
    (await lastValueFrom(getBackendSrv().fetch<T>({ url, method: 'GET', showErrorAlert: false }))).data;
  const [user, orgs] = await Promise.all([get<ApiUser>('/api/user'), get<ApiUserOrg[]>('/api/user/orgs')]);
  const orgId = config.bootData?.user?.orgId ?? user.orgId;
  const org = orgs.find((o) => o.orgId === orgId);
  const isGrafanaAdmin = config.bootData?.user?.isGrafanaAdmin ?? user.isGrafanaAdmin ?? false;
  if (!org && !isGrafanaAdmin) {
    return unknownRole(`organization ${orgId} is not among yours`);
  }
  return permissionsFor(org?.role, isGrafanaAdmin);
}

// One lookup per BackendSrv (that is, per page load; tests install a fresh one each), shared by every control.
const lookups = new WeakMap<object, Promise<Permissions>>();
function sharedLookup(): Promise<Permissions> {
  const srv = getBackendSrv();
  let p = lookups.get(srv);
  if (!p) {
    p = lookUpRole().catch((e: unknown) => {
      lookups.delete(srv); // a later mount may try again
      return unknownRole(describe(e));
    });
    lookups.set(srv, p);
  }
  return p;
}

function describe(e: unknown): string {
  const err = e as { status?: number; statusText?: string; message?: string } | undefined;
  if (err?.status) {
    return `Grafana answered ${err.status}${err.statusText ? ` ${err.statusText}` : ''}`;
  }
  return err?.message || 'Grafana did not answer';
}

/** The signed-in user's role from Grafana's boot data when it has one, else from Grafana's HTTP API. */
export function usePermissions(): Permissions {
  const user = config.bootData?.user;
  const bootRole = user?.orgRole || undefined;
  const [looked, setLooked] = useState<Permissions | undefined>(undefined);
  useEffect(() => {
    if (bootRole) {
      return;
    }
    let live = true;
    sharedLookup().then((p) => live && setLooked(p));
    return () => {
      live = false;
    };
  }, [bootRole]);
  return bootRole ? permissionsFor(bootRole, user?.isGrafanaAdmin) : (looked ?? LOADING);
}
