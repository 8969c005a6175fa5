import { getDataSourceSrv } from '@grafana/runtime';
import type { components } from './generated/admin';
import { isRestateApiError, type RestateApiError } from './errors';
import { restateFetch } from './proxy';
import type { RestateJsonData } from '../model/datasource';
import { checkBaseUrl, requiredMessage, sameEndpointWarning } from '../model/validation';

export type VersionInformation = components['schemas']['VersionInformation'];

/**
 * Admin API versions this plugin speaks. The generated types come from Restate 1.7.12, whose OpenAPI
 * document describes its newest version (v4, what the unversioned paths we call answer with); v2 is the
 * oldest that 1.7 still serves. A server whose range misses this one answers in shapes we do not know.
 */
export const SUPPORTED_ADMIN_API = { min: 2, max: 4 } as const;

/** `GET /health`: resolves when the admin API is up (200, empty body), throws a RestateApiError otherwise. */
export async function getHealth(clusterUid: string): Promise<void> {
  await restateFetch<unknown>(clusterUid, 'admin/health');
}

/** `GET /version`: server version and the admin API versions it serves. */
export async function getVersion(clusterUid: string): Promise<VersionInformation> {
  return restateFetch<VersionInformation>(clusterUid, 'admin/version');
}

/** The answer of Grafana's "Save & test" (TestDataSourceResponse; `warning` is shown as a yellow alert). */
export interface ConnectionCheck {
  status: 'success' | 'warning' | 'error';
  message: string;
  details?: { message?: string };
  /** What /version said, when it was reached. */
  version?: VersionInformation;
}

/** Whether a /version body is Restate's: another server may answer 200 with HTML or unrelated JSON. */
export function isVersionInformation(data: unknown): data is VersionInformation {
  if (!data || typeof data !== 'object') {
    return false;
  }
  const d = data as Record<string, unknown>;
  return (
    typeof d.version === 'string' &&
    typeof d.min_admin_api_version === 'number' &&
    typeof d.max_admin_api_version === 'number'
  );
}

function apiRange(min: number, max: number): string {
  return min === max ? `v${min}` : `v${min}–v${max}`;
}

function describeBody(data: unknown): string {
  if (typeof data === 'string') {
    return /^\s*</.test(data) ? 'an HTML page' : data.trim() === '' ? 'an empty body' : 'plain text';
  }
  return 'JSON without Restate\'s "version" and "max_admin_api_version" fields';
}

/** Explains a failed call of the connection check: what failed, and what to change to fix it. */
export function explainConnectionError(e: unknown, step: string, adminUrl: string): string {
  if (!isRestateApiError(e)) {
    return `${step} failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const err: RestateApiError = e;
  switch (err.kind) {
    case 'unreachable':
      return err.status === 504
        ? `Grafana's server timed out connecting to ${adminUrl} (${step}, 504). The Grafana server, not your browser, connects to Restate: check that the host and port are reachable from where Grafana runs (firewalls, security groups, VPN).`
        : `Grafana's server could not reach ${adminUrl} (${step}, 502 Bad Gateway). The Grafana server, not your browser, connects to Restate: check scheme, host and port as seen from where Grafana runs (in Docker, localhost is Grafana's own container), and for https that Grafana trusts the server's certificate.`;
    case 'auth':
      return err.status === 403
        ? `Restate refused the bearer token (403 Forbidden, ${step}). The token is valid but may not use this environment's admin API: in Restate Cloud, create an API key with the Admin role for this environment, set it under Connection → Bearer token, then Save & test.`
        : `Restate rejected the bearer token (401 Unauthorized, ${step}): it is missing, wrong or expired. Set it under Connection → Bearer token (Reset, paste the API key or JWT), then Save & test.`;
    case 'denied':
      return `Grafana's data source proxy refused ${step} for your role (403 plugin proxy route access denied). Reading the server version needs the Viewer role on this data source: ask a Grafana admin for access.`;
    case 'rate-limited':
      return `Restate is rate-limiting requests (429, ${step})${err.retryAfterSeconds !== undefined ? `: try again in ${err.retryAfterSeconds}s` : ': try again in a minute'}.`;
    case 'network':
      return `Your browser could not reach Grafana (${step}): ${err.message}`;
    case 'restate':
      if (err.status === 404 || err.status === 405) {
        return `${adminUrl} answered ${err.status} to ${step}: it is not Restate's admin API. Check the port: the admin API listens on 9070 by default (8080 is the ingress).`;
      }
      return `Restate answered ${err.status} to ${step}: ${err.message}`;
  }
}

/**
 * What "Save & test" runs: `/health` and `/version` through the proxy, the admin API version negotiation,
 * and the settings that cannot be tested from here. The ingress is not called: its route needs the Editor
 * role, and Save & test must work for whoever may edit the data source without sending a request that a
 * role check could refuse; only the URL's presence and form are checked.
 */
export async function checkConnection(clusterUid: string, settings?: RestateJsonData): Promise<ConnectionCheck> {
  const jsonData: RestateJsonData =
    settings ?? (getDataSourceSrv().getInstanceSettings(clusterUid)?.jsonData as RestateJsonData | undefined) ?? {};
  const admin = checkBaseUrl(jsonData.adminUrl, 'admin');
  if (!admin.value) {
    return { status: 'error', message: `The admin API URL is not set. ${requiredMessage('admin')}` };
  }
  if (admin.error) {
    return { status: 'error', message: `The admin API URL is not valid: ${admin.error}` };
  }
  const adminUrl = admin.value;
  // The editor drops a trailing slash, but a provisioned URL may keep one: the proxy routes append "/health",
  // so Restate would be asked for "//health" and answer 404.
  if (/\/\s*$/.test(jsonData.adminUrl ?? '')) {
    return {
      status: 'error',
      message: `Remove the trailing slash from the admin API URL ('${jsonData.adminUrl?.trim()}' → '${adminUrl}'): Grafana's proxy appends the path, so Restate would be asked for '//health'.`,
    };
  }

  try {
    await getHealth(clusterUid);
  } catch (e) {
    return { status: 'error', message: explainConnectionError(e, 'GET /health', adminUrl) };
  }

  let version: unknown;
  try {
    version = await getVersion(clusterUid);
  } catch (e) {
    return { status: 'error', message: explainConnectionError(e, 'GET /version', adminUrl) };
  }
  if (!isVersionInformation(version)) {
    return {
      status: 'error',
      message: `${adminUrl} is not a Restate server: GET /version answered 200 with ${describeBody(version)}. Check host and port: Restate's admin API listens on 9070 by default.`,
    };
  }

  const { min_admin_api_version: min, max_admin_api_version: max } = version;
  const connected = `Connected to Restate ${version.version}, admin API ${apiRange(min, max)}`;
  if (max < SUPPORTED_ADMIN_API.min || min > SUPPORTED_ADMIN_API.max) {
    return {
      status: 'error',
      version,
      message: `${connected}, but this plugin speaks admin API ${apiRange(SUPPORTED_ADMIN_API.min, SUPPORTED_ADMIN_API.max)}. ${
        max < SUPPORTED_ADMIN_API.min ? 'Upgrade Restate (1.2 or newer)' : 'Upgrade the Restate plugin for Grafana'
      } so the versions overlap.`,
    };
  }

  const notes: string[] = [];
  if (max > SUPPORTED_ADMIN_API.max) {
    notes.push(
      `The server's newest admin API (v${max}) is newer than this plugin knows (v${SUPPORTED_ADMIN_API.max}): some pages may miss new fields. Upgrade the plugin when one is available.`
    );
  }
  const ingress = checkBaseUrl(jsonData.ingressUrl, 'ingress');
  const ingressSlash = /\/\s*$/.test(jsonData.ingressUrl ?? '');
  const advertised =
    typeof version.ingress_endpoint === 'string' ? ` (Restate advertises ${version.ingress_endpoint})` : '';
  if (!ingress.value) {
    notes.push(
      `The ingress URL is not set: invoking handlers from Grafana will not work. ${requiredMessage('ingress')}${advertised}`
    );
  } else if (ingress.error) {
    notes.push(`The ingress URL is not valid: ${ingress.error}`);
  } else if (ingressSlash) {
    notes.push(
      `Remove the trailing slash from the ingress URL ('${ingress.value}'): Grafana's proxy appends the path.`
    );
  } else {
    const same = sameEndpointWarning(adminUrl, ingress.value);
    if (same) {
      notes.push(same);
    }
  }
  return notes.length === 0
    ? { status: 'success', message: connected, version }
    : { status: 'warning', message: `${connected}.`, details: { message: notes.join(' ') }, version };
}
