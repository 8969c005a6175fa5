import { permissionsFor } from './roles';

// Mirrors the reqRole of each route in src/datasource/plugin.json; the proxy enforces the same split.
describe('permissionsFor', () => {
  it('lets a Viewer only read, and says why', () => {
    const p = permissionsFor('Viewer');
    expect(p).toMatchObject({ role: 'Viewer', canOperate: false, canDeploy: false });
    expect(p.operateReason).toMatch(/Editor role/);
    expect(p.deployReason).toMatch(/Admin role/);
  });

  it('lets an Editor operate invocations and services but not deploy', () => {
    const p = permissionsFor('Editor');
    expect(p).toMatchObject({ canOperate: true, canDeploy: false, operateReason: undefined });
    expect(p.deployReason).toMatch(/you are Editor/);
  });

  it('lets an Admin do everything', () => {
    expect(permissionsFor('Admin')).toMatchObject({ canOperate: true, canDeploy: true });
  });

  it('treats a Grafana server admin as Admin, like SignedInUser.HasRole does', () => {
    expect(permissionsFor('Viewer', true)).toMatchObject({ role: 'Admin', canDeploy: true });
  });

  it('treats an unknown or missing role (e.g. None) as Viewer', () => {
    expect(permissionsFor('None').role).toBe('Viewer');
    expect(permissionsFor(undefined).role).toBe('Viewer');
  });
});
