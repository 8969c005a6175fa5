import { renderHook, waitFor } from '@testing-library/react';
import { of, throwError } from 'rxjs';
import { config, setBackendSrv } from '@grafana/runtime';
import { permissionsFor, usePermissions } from './roles';

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

describe('usePermissions', () => {
  type Answers = Record<string, { status?: number; data: unknown }>;
  const bootData = config.bootData;

  function backend(answers: Answers) {
    const fetch = jest.fn((opts: { url: string }) => {
      const a = answers[opts.url];
      if (!a || (a.status ?? 200) >= 400) {
        return throwError(() => ({ status: a?.status ?? 404, statusText: a ? 'Internal Server Error' : 'Not Found' }));
      }
      return of({ data: a.data, status: 200, ok: true });
    });
    setBackendSrv({ fetch } as never);
    return fetch;
  }

  function setBootUser(user: Record<string, unknown> | undefined) {
    (config as unknown as { bootData: unknown }).bootData = { ...bootData, user };
  }

  const api = (role: string, { orgId = 2, isGrafanaAdmin = false } = {}): Answers => ({
    '/api/user': { data: { id: 7, login: 'ada', orgId, isGrafanaAdmin } },
    '/api/user/orgs': {
      data: [
        { orgId: 1, name: 'Main Org.', role: 'Viewer' },
        { orgId: 2, name: 'Ops', role },
      ],
    },
  });

  afterEach(() => {
    (config as unknown as { bootData: unknown }).bootData = bootData;
  });

  it.each([
    ['Editor', { canOperate: true, canDeploy: false }],
    ['Admin', { canOperate: true, canDeploy: true }],
    ['Viewer', { canOperate: false, canDeploy: false }],
  ])('without bootData.user, the API decides: %s in the current org', async (role, can) => {
    setBootUser(undefined);
    const fetch = backend(api(role));
    const { result } = renderHook(() => usePermissions());
    // Until Grafana answers, nothing is offered, and nobody is told they are a Viewer.
    expect(result.current).toMatchObject({ roleLookup: 'loading', canOperate: false, canDeploy: false });
    expect(result.current.operateReason).toMatch(/Checking your role/);
    expect(result.current.operateReason).not.toMatch(/you are/);
    await waitFor(() => expect(result.current.roleLookup).toBeUndefined());
    expect(result.current).toMatchObject({ role, ...can });
    expect(fetch.mock.calls.map(([o]) => o.url).sort()).toEqual(['/api/user', '/api/user/orgs']);
  });

  it('without a role in bootData, uses its orgId to pick the organization and keeps isGrafanaAdmin', async () => {
    setBootUser({ orgId: 1, isGrafanaAdmin: false });
    backend(api('Admin'));
    const { result } = renderHook(() => usePermissions());
    await waitFor(() => expect(result.current.roleLookup).toBeUndefined());
    expect(result.current.role).toBe('Viewer'); // org 1, not the API's current org 2

    setBootUser(undefined);
    backend(api('Viewer', { isGrafanaAdmin: true }));
    const admin = renderHook(() => usePermissions());
    await waitFor(() => expect(admin.result.current.roleLookup).toBeUndefined());
    expect(admin.result.current).toMatchObject({ role: 'Admin', canDeploy: true });
  });

  it('says the role could not be determined when the API fails, rather than calling the user a Viewer', async () => {
    setBootUser(undefined);
    backend({ '/api/user': { status: 500, data: {} }, '/api/user/orgs': api('Editor')['/api/user/orgs'] });
    const { result } = renderHook(() => usePermissions());
    await waitFor(() => expect(result.current.roleLookup).toBe('unknown'));
    expect(result.current).toMatchObject({ canOperate: false, canDeploy: false });
    expect(result.current.operateReason).toMatch(/Could not determine your role.*500/);
    expect(result.current.deployReason).not.toMatch(/you are/);
  });

  it('still takes the role from bootData when it is there, without asking the API', () => {
    setBootUser({ orgId: 1, orgRole: 'Editor', isGrafanaAdmin: false });
    const fetch = backend(api('Viewer'));
    const { result } = renderHook(() => usePermissions());
    expect(result.current).toMatchObject({ role: 'Editor', canOperate: true, canDeploy: false });
    expect(result.current.roleLookup).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();

    setBootUser({ orgId: 1, orgRole: 'Viewer', isGrafanaAdmin: true });
    expect(renderHook(() => usePermissions()).result.current).toMatchObject({ role: 'Admin', canDeploy: true });
  });
});
