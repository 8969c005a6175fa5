import type { components } from './generated/admin';
import { resourceFetch } from './proxy';
import { runSql } from './sql';
import type { ServiceMetadata } from './services';

type Schemas = components['schemas'];

/** A deployment as `GET /deployments` lists it (services as name + revision). */
export type DeploymentSummary = Schemas['DeploymentResponse'];
/** A deployment as `GET /deployments/{id}` and `PATCH` return it (services in full). */
export type DeploymentDetail = Schemas['DetailedDeploymentResponse'];
export type RegisterDeploymentRequest = Schemas['RegisterDeploymentRequest'];
export type RegisterDeploymentResponse = Schemas['RegisterDeploymentResponse'];
export type UpdateDeploymentRequest = Schemas['UpdateDeploymentRequest'];

/** Where Restate reaches a deployment: an HTTP endpoint or an AWS Lambda function. */
export type DeploymentEndpoint =
  | { kind: 'http'; uri: string; protocolType: string; httpVersion: string }
  | { kind: 'lambda'; arn: string; assumeRoleArn?: string };

/** The endpoint of a listed or detailed deployment (the two wire shapes differ by `uri` vs `arn`). */
export function endpointOf(d: DeploymentSummary | DeploymentDetail): DeploymentEndpoint {
  if ('arn' in d) {
    return { kind: 'lambda', arn: d.arn, assumeRoleArn: d.assume_role_arn ?? undefined };
  }
  return { kind: 'http', uri: d.uri, protocolType: d.protocol_type, httpVersion: d.http_version };
}

/** One line naming the endpoint: the URI or the Lambda ARN. */
export function endpointLabel(d: DeploymentSummary | DeploymentDetail): string {
  const e = endpointOf(d);
  return e.kind === 'http' ? e.uri : e.arn;
}

/**
 * Names of the extra headers Restate sends to the deployment. Their values are secrets: the backend
 * replaces them with "" before a response leaves Grafana's server, so only the names reach a browser.
 */
export function headerNames(d: { additional_headers?: Record<string, string> | null }): string[] {
  return Object.keys(d.additional_headers ?? {}).sort();
}

export async function listDeployments(clusterUid: string): Promise<DeploymentSummary[]> {
  const res = await resourceFetch<Schemas['ListDeploymentsResponse']>(clusterUid, 'deployments');
  return res?.deployments ?? [];
}

export async function getDeployment(clusterUid: string, id: string): Promise<DeploymentDetail> {
  return resourceFetch<DeploymentDetail>(clusterUid, `deployments/${encodeURIComponent(id)}`);
}

/** What the register form produces; the wire body is built by `registerBody`. */
export type DeploymentTarget =
  { kind: 'http'; uri: string; useHttp11: boolean } | { kind: 'lambda'; arn: string; assumeRoleArn?: string };

export interface RegisterInput {
  target: DeploymentTarget;
  /** Extra headers Restate sends with every request to the deployment (e.g. an API key). */
  headers: Record<string, string>;
  /** Replace an existing deployment at the same URI/ARN (implies `breaking`). */
  force: boolean;
  /** Accept service revisions incompatible with the registered ones. */
  breaking: boolean;
  /** Deployment metadata (Restate 1.7's `metadata`: string keys and values, shown with the deployment). */
  metadata?: Record<string, string>;
}

/**
 * The body of `POST /deployments`. `force` defaults to true on Restate's side, so it is always sent
 * explicitly, and so is `breaking`; `dry_run` runs discovery without registering anything.
 */
export function registerBody(input: RegisterInput, dryRun: boolean): RegisterDeploymentRequest {
  const headers = Object.keys(input.headers).length > 0 ? input.headers : undefined;
  const metadata = input.metadata && Object.keys(input.metadata).length > 0 ? { metadata: input.metadata } : {};
  const common = {
    additional_headers: headers,
    ...metadata,
    force: input.force,
    breaking: input.breaking,
    dry_run: dryRun,
  };
  if (input.target.kind === 'http') {
    return { uri: input.target.uri, use_http_11: input.target.useHttp11, ...common };
  }
  return {
    arn: input.target.arn,
    ...(input.target.assumeRoleArn ? { assume_role_arn: input.target.assumeRoleArn } : {}),
    ...common,
  };
}

/** Registers a deployment, or with `dryRun` only discovers what it would register. */
export async function registerDeployment(
  clusterUid: string,
  input: RegisterInput,
  opts: { dryRun: boolean }
): Promise<RegisterDeploymentResponse> {
  return resourceFetch<RegisterDeploymentResponse>(clusterUid, 'deployments', {
    method: 'POST',
    body: registerBody(input, opts.dryRun),
  });
}

export interface UpdateInput {
  /** New endpoint; omit to keep the current one. */
  target?: DeploymentTarget;
  /** Replaces the whole set of extra headers (Restate does not merge); omit to keep them. */
  headers?: Record<string, string>;
  /** Re-discover and overwrite the service schemas, allowing breaking changes. */
  overwrite?: boolean;
}

export function updateBody(input: UpdateInput, dryRun: boolean): UpdateDeploymentRequest {
  const body: Record<string, unknown> = { dry_run: dryRun };
  if (input.headers) {
    body.additional_headers = input.headers;
  }
  if (input.overwrite !== undefined) {
    body.overwrite = input.overwrite;
  }
  if (input.target?.kind === 'http') {
    body.uri = input.target.uri;
    body.use_http_11 = input.target.useHttp11;
  } else if (input.target?.kind === 'lambda') {
    body.arn = input.target.arn;
    body.assume_role_arn = input.target.assumeRoleArn || null;
  }
  return body as UpdateDeploymentRequest;
}

/** Changes a deployment's endpoint or extra headers in place (same id); `dryRun` previews it. */
export async function updateDeployment(
  clusterUid: string,
  id: string,
  input: UpdateInput,
  opts: { dryRun: boolean }
): Promise<DeploymentDetail> {
  return resourceFetch<DeploymentDetail>(clusterUid, `deployments/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: updateBody(input, opts.dryRun),
  });
}

/**
 * Removes a deployment. Restate 1.7 only supports forced removal (`force=true`; without it: 501),
 * which can break invocations still pinned to the deployment.
 */
export async function removeDeployment(clusterUid: string, id: string): Promise<void> {
  await resourceFetch<void>(clusterUid, `deployments/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    params: { force: true },
  });
}

const DEPLOYMENT_ID = /^dp_[0-9A-Za-z]+$/;

/**
 * Not-completed invocations pinned to each deployment (an invocation stays on the deployment it
 * started on, so these break if the deployment goes away). Counted by Restate, not in the browser.
 */
export async function pinnedInvocationCounts(clusterUid: string, deploymentId?: string): Promise<Map<string, number>> {
  if (deploymentId !== undefined && !DEPLOYMENT_ID.test(deploymentId)) {
    throw new Error(`Not a deployment id: ${deploymentId}`);
  }
  const where = deploymentId ? `pinned_deployment_id = '${deploymentId}'` : 'pinned_deployment_id IS NOT NULL';
  const rows = await runSql(
    clusterUid,
    `SELECT pinned_deployment_id, COUNT(*) AS pinned FROM sys_invocation WHERE ${where} AND status != 'completed' GROUP BY pinned_deployment_id`
  );
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (typeof row.pinned_deployment_id === 'string') {
      counts.set(row.pinned_deployment_id, Number(row.pinned ?? 0));
    }
  }
  return counts;
}

/** For one service a deployment serves: its revision there, and whether that is the service's latest. */
export interface ServiceRevisionUse {
  name: string;
  revision: number;
  /** The latest revision of the service lives on this deployment, so new invocations go here. */
  latest: boolean;
  latestRevision?: number;
}

/** Which of a deployment's services are served at their latest revision by it (compares with `GET /services`). */
export function serviceRevisionUse(
  deployment: DeploymentSummary,
  services: Array<Pick<ServiceMetadata, 'name' | 'deployment_id' | 'revision'>>
): ServiceRevisionUse[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  return deployment.services.map((s) => {
    const current = byName.get(s.name);
    return {
      name: s.name,
      revision: s.revision,
      latest: current?.deployment_id === deployment.id,
      latestRevision: current?.revision,
    };
  });
}

/** Sorted newest first, the way users look for the deployment they just registered. */
export function byCreatedDesc<T extends { created_at: string }>(a: T, b: T): number {
  return Date.parse(b.created_at) - Date.parse(a.created_at);
}
