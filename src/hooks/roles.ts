import { config } from '@grafana/runtime';

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

export function usePermissions(): Permissions {
  const user = config.bootData?.user;
  return permissionsFor(user?.orgRole, user?.isGrafanaAdmin);
}
