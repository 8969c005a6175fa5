import { recorded } from './__fixtures__/admin/recorded';
import { toRestateApiError } from './errors';
import { explainError } from './explain';

function errorOf(name: string) {
  return toRestateApiError(recorded(name), { method: 'POST', path: 'admin/deployments' });
}

describe('explainError', () => {
  it('says what Restate could not reach and that Restate, not the browser, must reach it (META0003)', () => {
    const ex = explainError(errorOf('deployment_register_bad_unreachable'), 'register');
    expect(ex.restateCode).toBe('META0003');
    expect(ex.title).toBe('Restate could not reach http://127.0.0.1:9999/');
    expect(ex.detail).toMatch(/connection refused/);
    expect(ex.detail).toMatch(/Restate server makes this call, not your browser/);
  });

  it('recognises an endpoint that is not a Restate SDK (404 during discovery)', () => {
    const ex = explainError(errorOf('deployment_register_not_restate'), 'register');
    expect(ex.detail).toMatch(/not a Restate SDK endpoint/);
    expect(ex.hint).toMatch(/path/);
  });

  it('names the service and the breaking option for META0006', () => {
    const ex = explainError(errorOf('deployment_register_breaking_conflict'), 'register');
    expect(ex.title).toBe('Breaking change in service “greeter”');
    expect(ex.detail).toMatch(/changing the service type/);
    expect(ex.hint).toMatch(/Allow breaking changes/);
  });

  it('turns the text/plain 422 for a bad URI into advice', () => {
    const ex = explainError(errorOf('deployment_register_bad_uri'), 'register');
    expect(ex.title).toMatch(/did not accept the deployment address/);
    expect(ex.hint).toMatch(/http:\/\/my-service:9080/);
  });

  it('explains an unknown deployment', () => {
    const ex = explainError(errorOf('deployment_get_unknown'), 'update');
    expect(ex.title).toBe('The deployment does not exist');
  });

  it('keeps role and auth messages from errors.ts', () => {
    const denied = toRestateApiError({ status: 403, data: { message: 'plugin proxy route access denied' } });
    expect(explainError(denied, 'register')).toMatchObject({ title: 'Your role does not allow this' });
  });

  it('explains the field error Restate gives for an unqualified Lambda ARN', () => {
    const e = toRestateApiError({
      status: 400,
      data: {
        message:
          "The request field 'arn' is invalid. Reason: A qualified ARN needs a version or alias suffix. If you want to use the unpublished version, provide $LATEST and make sure your shell doesn't treat it as a variable",
        restate_code: null,
      },
    });
    expect(explainError(e, 'register')).toMatchObject({ title: 'Restate rejected the field “arn”' });
  });
});

describe('explainError: Grafana itself gone', () => {
  it('says the browser lost Grafana, that Restate was not touched, and that a polled page recovers by itself', () => {
    const e = toRestateApiError({ status: 0, data: 'Failed to fetch' }, { method: 'POST', path: 'query' });
    const ex = explainError(e, 'refresh');
    expect(ex.title).toBe('Grafana could not be reached');
    expect(ex.detail).toMatch(/lost its connection to the Grafana server: Grafana may be restarting/);
    expect(ex.hint).toMatch(/recovers by itself once Grafana answers/);
    expect(ex.raw).toBeUndefined(); // not "what Restate said": Restate said nothing
    expect(explainError(e, 'load').hint).toBeUndefined();
  });
});
