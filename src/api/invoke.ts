import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { handlerRequests, ingressPath, type HandlerRequest } from '../model/invokeForm';
import { RestateApiError, toRestateApiError } from './errors';
import { proxyUrl, restateFetch } from './proxy';

/*
 * Invoking a handler through Restate's ingress, on the `ingress/` proxy route (Editor): a call
 * (`POST /{service}/{key?}/{handler}`) waits for the handler's answer, whose `x-restate-id` header names the
 * invocation; a send (`…/send?delay=`) answers at once with `{invocationId, status, executionTime?}`.
 */

/** The service's OpenAPI document (`GET /services/{service}/openapi`), one request per handler. */
export async function getHandlerRequests(clusterUid: string, service: string): Promise<HandlerRequest[]> {
  const doc = await restateFetch<unknown>(clusterUid, `admin/services/${encodeURIComponent(service)}/openapi`);
  return handlerRequests(doc);
}

export interface InvokeRequest {
  service: string;
  handler: string;
  /** Virtual objects and workflows only. */
  key?: string;
  /** The request body as sent (JSON text); undefined sends none. */
  body?: string;
  contentType?: string;
  send: boolean;
  /** Send only: Restate's duration ("10s"). */
  delay?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export type InvokeResult =
  | {
      mode: 'call';
      status: number;
      /** From the `x-restate-id` response header. */
      invocationId?: string;
      /** The answer: parsed JSON, or text. */
      output: unknown;
      contentType?: string;
    }
  | {
      mode: 'send';
      status: number;
      invocationId: string;
      /** Accepted, or PreviouslyAccepted when the idempotency key was used before. */
      sendStatus: string;
      executionTime?: string;
    };

export async function invokeHandler(clusterUid: string, req: InvokeRequest): Promise<InvokeResult> {
  const path = ingressPath(req.service, req.handler, req.key, req.send);
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.body !== undefined) {
    headers['Content-Type'] = req.contentType ?? 'application/json';
  }
  if (req.idempotencyKey) {
    headers['idempotency-key'] = req.idempotencyKey;
  }
  const params = req.send && req.delay ? { delay: req.delay } : undefined;
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<unknown>({
        url: proxyUrl(clusterUid, path),
        method: 'POST',
        // A string is sent as it is (BackendSrv only serialises objects), so the body is exactly what was typed.
        data: req.body,
        headers,
        params,
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    if (req.send) {
      const data = (res.data ?? {}) as { invocationId?: string; status?: string; executionTime?: string };
      if (!data.invocationId) {
        throw new RestateApiError({
          kind: 'restate',
          status: res.status,
          message: `Restate accepted the send but named no invocation (${JSON.stringify(res.data)}).`,
          request: { method: 'POST', path },
        });
      }
      return {
        mode: 'send',
        status: res.status,
        invocationId: data.invocationId,
        sendStatus: data.status ?? 'Accepted',
        executionTime: data.executionTime,
      };
    }
    return {
      mode: 'call',
      status: res.status,
      invocationId: res.headers?.get?.('x-restate-id') ?? undefined,
      output: res.data,
      contentType: res.headers?.get?.('content-type') ?? undefined,
    };
  } catch (e) {
    if (e instanceof RestateApiError) {
      throw e;
    }
    if (isFetchError(e)) {
      // Grafana's FetchError has no headers: a 429's Retry-After through the proxy is not seen here.
      throw toRestateApiError({ status: e.status, statusText: e.statusText, data: e.data }, { method: 'POST', path });
    }
    throw toRestateApiError({ status: 0, data: e instanceof Error ? e.message : String(e) }, { method: 'POST', path });
  }
}

/** What a failed invocation means for the user (the ingress' errors, a rate limit, a handler's terminal error). */
export function explainInvokeError(e: unknown): { title: string; detail: string; hint?: string } {
  if (!(e instanceof RestateApiError)) {
    return { title: 'The invocation failed', detail: e instanceof Error ? e.message : String(e) };
  }
  if (e.kind === 'rate-limited') {
    return {
      title: 'Rate limited',
      detail:
        'Restate (or the gateway in front of it, e.g. Restate Cloud) is limiting requests to this cluster (HTTP 429). Nothing was invoked.',
      hint:
        e.retryAfterSeconds !== undefined
          ? `Try again after ${e.retryAfterSeconds} s.`
          : 'Try again in a few seconds; the limit resets by itself.',
    };
  }
  if (e.kind === 'denied') {
    return {
      title: 'Your role does not allow invoking handlers',
      detail: e.message,
      hint: 'Invoking needs the Editor role.',
    };
  }
  if (e.kind !== 'restate') {
    return { title: 'The invocation could not be sent', detail: e.message };
  }
  if (e.status === 404) {
    return {
      title: 'Restate does not know this handler',
      detail: e.message,
      hint: 'Check the service and handler names; a private service cannot be called from the ingress.',
    };
  }
  if (e.status === 400 || e.status === 415) {
    return {
      title: 'Restate refused the request',
      detail: e.message,
      hint: 'Check the key, the body and the headers.',
    };
  }
  return {
    title: `The handler failed (${e.status})`,
    detail: e.message,
    hint: 'The invocation ended with this error; its details are on the Invocations page.',
  };
}
