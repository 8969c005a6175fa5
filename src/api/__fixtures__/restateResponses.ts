/*
 * Real answers of restate-server 1.7.12 on loopback (recorded by the Restate probe; `sqlError` recorded against
 * the same server version for this file), used by the unit tests of
 * src/api/{errors,proxy,sql,cluster}.ts. `status` and `contentType` are the recorded response's; `body` is its
 * bytes (JSON parsed). Kept as TypeScript so the build does not copy them into dist/ as it does JSON under src/.
 * Do not edit by hand: re-record instead.
 */

import { sysInvocation } from './sql/samples';

export interface RecordedResponse {
  request: string;
  status: number;
  statusText: string;
  contentType?: string;
  /** Parsed JSON, or the text as sent ('' for an empty body). */
  body: unknown;
}

/** GET /version: server version and the admin API versions it serves. */
export const version: RecordedResponse = {
  request: 'GET /version',
  status: 200,
  statusText: 'OK',
  contentType: 'application/json',
  body: {
    version: '1.7.12',
    min_admin_api_version: 2,
    max_admin_api_version: 4,
    ingress_endpoint: 'http://127.0.0.1:8080/',
    features: {
      preflight_invocation_termination_retention: false,
      vqueues_migration_skip_completed: false,
      vqueues_async_refill: false,
      protocol_v7: false,
      scoped_virtual_objects: false,
      kafka_scope: false,
      vqueues: false,
      scoped_state_table_migration: false,
      vqueue_obsolete_cleanup: false,
      invoker_yield: false,
      scoped_promise_table_migration: false,
      unique_random_seeds: false,
    },
  },
};

/** GET /health: 200 with an empty body. */
export const health: RecordedResponse = {
  request: 'GET /health',
  status: 200,
  statusText: 'OK',
  body: '',
};

/** 409 with a Restate code: a breaking change of a service. */
export const breakingChange: RecordedResponse = {
  request: 'POST /deployments',
  status: 409,
  statusText: 'Conflict',
  contentType: 'application/json',
  body: {
    message:
      "[META0006] detected a new service revision for 'greeter' changing the service type from previous revision. Service type cannot be changed across revisions.",
    restate_code: 'META0006',
  },
};

/** 500 META0003: Restate could not reach the deployment (not Grafana failing to reach Restate). */
export const deploymentUnreachable: RecordedResponse = {
  request: 'POST /deployments',
  status: 500,
  statusText: 'Internal Server Error',
  contentType: 'application/json',
  body: {
    message:
      "[META0003] [META0003] error when calling 'http://127.0.0.1:9999/': h2 pool connection error: Connection refused (os error 111)",
    restate_code: 'META0003',
  },
};

/** 400 with a text/plain body. */
export const badJson: RecordedResponse = {
  request: 'POST /deployments',
  status: 400,
  statusText: 'Bad Request',
  contentType: 'text/plain; charset=utf-8',
  body: 'Failed to parse the request body as JSON: uri: EOF while parsing a value at line 1 column 7',
};

/** 422 with a text/plain body. */
export const missingUri: RecordedResponse = {
  request: 'POST /deployments',
  status: 422,
  statusText: 'Unprocessable Entity',
  contentType: 'text/plain; charset=utf-8',
  body: 'Failed to deserialize the JSON body into the target type: data did not match any variant of untagged enum RegisterDeploymentRequest',
};

/** 501 with an empty body: DELETE without ?force=true. */
export const deleteWithoutForce: RecordedResponse = {
  request: 'DELETE /deployments/dp_15XTIJJUiMFkIvG6dtWNy7f',
  status: 501,
  statusText: 'Not Implemented',
  body: '',
};

/** 404 JSON with `restate_code: null`. */
export const unknownService: RecordedResponse = {
  request: 'GET /services/nope',
  status: 404,
  statusText: 'Not Found',
  contentType: 'application/json',
  body: {
    message: "The requested service 'nope' does not exist",
    restate_code: null,
  },
};

/** 500 from DataFusion for a query it cannot run. */
export const sqlError: RecordedResponse = {
  request: 'POST /query {"query":"SELECT id FROM sys_invocation WHERE created_at >= \'garbage\'"}',
  status: 500,
  statusText: 'Internal Server Error',
  contentType: 'application/json',
  body: {
    message:
      "Datafusion error: Optimizer rule 'simplify_expressions' failed\ncaused by\nArrow error: Parser error: Error parsing timestamp from 'garbage': timestamp must contain at least 10 characters",
  },
};

/** POST /query `SELECT * FROM sys_invocation`: rows omit their NULL columns (completion_failure, restarted_from, idempotency_key). */
export const sysInvocationRows = sysInvocation.rows;

/** POST /query `SELECT * FROM sys_deployment`: a List(LargeUtf8) column. */
export const sysDeploymentRows = [
  {
    id: 'dp_15XTIJJUiMFkIvG6dtWNy7f',
    ty: 'http',
    endpoint: 'http://127.0.0.1:9080/',
    created_at: '2026-11-22T22:48:32.792Z',
    min_service_protocol_version: 5,
    max_service_protocol_version: 7,
    services: ['greeter', 'counter'],
  },
];

/** POST /query `SELECT * FROM sys_service`: a Boolean column. */
export const sysServiceRows = [
  {
    name: 'greeter',
    revision: 2,
    public: true,
    ty: 'service',
    deployment_id: 'dp_15XTIJJUiMFkIvG6dtWNy7f',
  },
  {
    name: 'counter',
    revision: 2,
    public: true,
    ty: 'virtual_object',
    deployment_id: 'dp_15XTIJJUiMFkIvG6dtWNy7f',
  },
];
