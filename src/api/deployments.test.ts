import { recorded, registerDryRunBody } from './__fixtures__/admin/recorded';
import { replayBackendSrv } from '../test/backendSrv';
import { sqlAnswer, sqlOfQueryRequest } from '../test/sqlAnswer';
import {
  endpointOf,
  getDeployment,
  headerNames,
  listDeployments,
  pinnedInvocationCounts,
  registerBody,
  registerDeployment,
  removeDeployment,
  serviceRevisionUse,
  updateBody,
  updateDeployment,
} from './deployments';
import { diffServices, listServices, modifyService, changedSettings, type ServiceMetadata } from './services';
import { explainError } from './explain';
import { RestateApiError } from './errors';

const UID = 'ds1';

describe('deployments API', () => {
  it('lists deployments through the admin GET route and reads the HTTP endpoint shape', async () => {
    const { requests } = replayBackendSrv('deployments_list');
    const list = await listDeployments(UID);
    expect(requests[0]).toMatchObject({ url: '/api/datasources/uid/ds1/resources/deployments', method: 'GET' });
    expect(list).toHaveLength(1);
    expect(endpointOf(list[0])).toEqual({
      kind: 'http',
      uri: 'http://127.0.0.1:9080/',
      protocolType: 'BidiStream',
      httpVersion: 'HTTP/2.0',
    });
    expect(headerNames(list[0])).toEqual(['x-api-key']);
  });

  it('reads the Lambda endpoint shape', () => {
    const lambda = {
      id: 'dp_1',
      arn: 'arn:aws:lambda:eu-central-1:123456789012:function:f:1',
      assume_role_arn: 'arn:aws:iam::123456789012:role/r',
      created_at: '2026-11-22T22:48:32.792Z',
      min_protocol_version: 5,
      max_protocol_version: 7,
      services: [],
    };
    expect(endpointOf(lambda)).toEqual({
      kind: 'lambda',
      arn: lambda.arn,
      assumeRoleArn: lambda.assume_role_arn,
    });
  });

  it('always sends force and breaking explicitly, and dry_run for a preview', async () => {
    const { requests } = replayBackendSrv('deployment_register_dryrun');
    const res = await registerDeployment(
      UID,
      {
        target: { kind: 'http', uri: 'http://127.0.0.1:9080', useHttp11: false },
        headers: { 'x-api-key': 'abc' },
        force: false,
        breaking: false,
      },
      { dryRun: true }
    );
    expect(requests[0]).toMatchObject({ url: '/api/datasources/uid/ds1/resources/deployments', method: 'POST' });
    expect(requests[0].data).toEqual(registerDryRunBody());
    expect(res.services.map((s) => s.name).sort()).toEqual(['counter', 'greeter']);
  });

  it('builds the Lambda body with the assume-role ARN and without an empty header map', () => {
    expect(
      registerBody(
        {
          target: { kind: 'lambda', arn: 'arn:aws:lambda:eu-west-1:123456789012:function:g:prod', assumeRoleArn: '' },
          headers: {},
          force: true,
          breaking: true,
        },
        false
      )
    ).toEqual({
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:g:prod',
      additional_headers: undefined,
      force: true,
      breaking: true,
      dry_run: false,
    });
  });

  it('patches headers in place and keeps the deployment id', async () => {
    const { requests } = replayBackendSrv('deployment_patch_headers');
    const res = await updateDeployment(
      UID,
      'dp_14U1QHPdEKiqTBkds3a3EUF',
      { headers: { 'x-api-key': 'def' } },
      { dryRun: false }
    );
    expect(requests[0]).toMatchObject({
      url: '/api/datasources/uid/ds1/resources/deployments/dp_14U1QHPdEKiqTBkds3a3EUF',
      method: 'PATCH',
      data: { additional_headers: { 'x-api-key': 'def' }, dry_run: false },
    });
    expect(res.id).toBe('dp_14U1QHPdEKiqTBkds3a3EUF');
    expect(updateBody({ target: { kind: 'lambda', arn: 'a', assumeRoleArn: '' } }, true)).toEqual({
      dry_run: true,
      arn: 'a',
      assume_role_arn: null,
    });
  });

  it('removes with force=true, the only mode Restate supports', async () => {
    const { requests } = replayBackendSrv('deployment_delete_force');
    await removeDeployment(UID, 'dp_15XTIJJUiMFkIvG6dtWNy7f');
    expect(requests[0]).toMatchObject({ method: 'DELETE', params: { force: true } });
  });

  it('explains the 501 Restate gives without force', async () => {
    replayBackendSrv('deployment_delete_noforce');
    const err = await getDeployment(UID, 'x').catch((e) => e);
    expect(err).toBeInstanceOf(RestateApiError);
    expect(explainError(err, 'remove').title).toMatch(/only supports forced removal/);
  });

  it('counts not-completed pinned invocations per deployment in SQL', async () => {
    const requests: unknown[] = [];
    const { setBackendSrv } = await import('@grafana/runtime');
    const { of } = await import('rxjs');
    setBackendSrv({
      fetch: (req: { data: unknown }) => {
        requests.push(req);
        return of({
          data: sqlAnswer([
            { pinned_deployment_id: 'dp_a', pinned: 3 },
            { pinned_deployment_id: 'dp_b', pinned: 1 },
          ]),
        });
      },
    } as never);
    const counts = await pinnedInvocationCounts(UID);
    expect(counts.get('dp_a')).toBe(3);
    expect(counts.get('dp_b')).toBe(1);
    const sql = sqlOfQueryRequest((requests[0] as { data: unknown }).data)!;
    expect(sql).toMatch(/FROM sys_invocation/);
    expect(sql).toMatch(/status != 'completed'/);
    expect(sql).toMatch(/GROUP BY pinned_deployment_id/);
    await expect(pinnedInvocationCounts(UID, "dp_x' OR 1=1 --")).rejects.toThrow(/Not a deployment id/);
  });

  it('tells which services a deployment serves at their latest revision', async () => {
    replayBackendSrv('services_list');
    const services = await listServices(UID);
    const deployment = (recorded('deployments_list').data as { deployments: never[] }).deployments[0];
    const use = serviceRevisionUse(deployment, services);
    expect(use.every((u) => u.latest)).toBe(true);
    const older = serviceRevisionUse({ ...(deployment as object), id: 'dp_other' } as never, services);
    expect(older.every((u) => !u.latest)).toBe(true);
  });
});

describe('services API', () => {
  it('sends only the keys given to PATCH /services/{name}', async () => {
    const { requests } = replayBackendSrv('service_patch_counter');
    const res = await modifyService(UID, 'counter', {
      idempotency_retention: '2h',
      journal_retention: '3h',
      inactivity_timeout: '30s',
      abort_timeout: '5m',
      public: undefined,
    });
    expect(requests[0]).toMatchObject({
      url: '/api/datasources/proxy/uid/ds1/admin/services/counter',
      method: 'PATCH',
      data: { idempotency_retention: '2h', journal_retention: '3h', inactivity_timeout: '30s', abort_timeout: '5m' },
    });
    expect(res.journal_retention).toBe('3h');
  });

  it('explains a bad duration from the 422 text body', async () => {
    replayBackendSrv('service_patch_bad');
    const err = await modifyService(UID, 'counter', { journal_retention: 'banana' }).catch((e) => e);
    const ex = explainError(err, 'service-settings');
    expect(ex.title).toBe('Restate rejected the value of “journal_retention”');
    expect(ex.detail).toMatch(/friendly/);
    expect(ex.hint).toMatch(/1h 30m/);
  });

  it('keeps only changed settings', () => {
    const current = recorded('service_get_counter').data as ServiceMetadata;
    expect(changedSettings(current, { public: true, journal_retention: '1d', abort_timeout: '5m' })).toEqual({
      abort_timeout: '5m',
    });
  });

  it('diffs a breaking dry run against what is registered', () => {
    const registered = (recorded('services_list').data as { services: ServiceMetadata[] }).services;
    const discovered = (recorded('deployment_register_breaking_dryrun').data as { services: ServiceMetadata[] })
      .services;
    const [greeter] = diffServices(discovered, registered);
    expect(greeter).toMatchObject({
      name: 'greeter',
      isNew: false,
      typeChangedFrom: 'Service',
      type: 'VirtualObject',
      removedHandlers: ['busy', 'fail', 'flaky', 'slow'],
      addedHandlers: [],
    });
    expect(diffServices(discovered, [])[0].isNew).toBe(true);
  });
});
