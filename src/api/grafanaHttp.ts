import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

/** A call to Grafana's own HTTP API (data sources, folders, alert rules) failed; `message` says what to do. */
export class GrafanaApiError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
    this.name = 'GrafanaApiError';
  }
}

/** What a family of calls adds to Grafana's own words when it refuses (403) or conflicts (409). */
export interface GrafanaApiHints {
  /** After "Grafana refused (…).": what the call needs, e.g. "Managing data sources needs the Admin role." */
  forbidden: string;
  /** After the conflict's detail: the likely cause and the way out. */
  conflict: string;
}

export interface GrafanaRequest {
  url: string;
  method: string;
  data?: unknown;
  headers?: Record<string, string>;
}

function explain(e: unknown, what: string, hints: GrafanaApiHints): GrafanaApiError {
  if (!isFetchError(e)) {
    return new GrafanaApiError(`${what}: ${e instanceof Error ? e.message : String(e)}`, 0);
  }
  const detail = (e.data as { message?: string } | undefined)?.message ?? e.statusText ?? '';
  switch (e.status) {
    case 401:
      return new GrafanaApiError(`${what}: your Grafana session expired. Reload the page and sign in again.`, 401);
    case 403:
      return new GrafanaApiError(
        `${what}: Grafana refused (${detail || 'permission denied'}). ${hints.forbidden}`,
        403
      );
    case 400:
      return new GrafanaApiError(`${what}: Grafana rejected it: ${detail || 'invalid request'}`, 400);
    case 409:
      return new GrafanaApiError(`${what}: ${detail || 'conflict'}. ${hints.conflict}`, 409);
    default:
      return new GrafanaApiError(`${what}: ${e.status ? `HTTP ${e.status} ` : ''}${detail}`.trim(), e.status ?? 0);
  }
}

/**
 * Calls Grafana's API through BackendSrv without Grafana's own toasts (errors are explained in place). `what` names
 * the step in the error ("Creating folder Restate"); with `notFound: 'undefined'` a 404 is an answer, not an error.
 */
export async function callGrafana<T>(
  what: string,
  req: GrafanaRequest,
  hints: GrafanaApiHints,
  notFound?: 'undefined'
): Promise<T | undefined> {
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<T>({ ...req, showErrorAlert: false, showSuccessAlert: false })
    );
    return res.data;
  } catch (e) {
    if (notFound && isFetchError(e) && e.status === 404) {
      return undefined;
    }
    throw explain(e, what, hints);
  }
}
