import { resourceFetch } from '../proxy';
import { isRestateApiError } from '../errors';
import type { operations } from '../generated/admin';
import type { ActionResult, InvocationAction } from './actions';
import { isInvocationId } from './status';

/*
 * Sending an action (`PATCH /invocations/{id}/<action>`) and explaining Restate's answer. Apart from actions.ts (what
 * the actions are): the list shows the actions' names on first paint, and sends one only after a click.
 */

type RestartResponse = operations['restart_as_new_invocation']['responses'][200]['content']['application/json'];

/** A failure that says nothing about the invocation: Restate or Grafana could not be reached, or was not ready. */
export function isTransientFailure(e: unknown): boolean {
  if (!isRestateApiError(e) || e.cancelled) {
    return false;
  }
  return e.kind === 'unreachable' || e.kind === 'network' || e.status === 503;
}

/** Restate's answer to an action, explained: what it means for this action and what to do instead. */
export function explainActionError(action: InvocationAction, e: unknown): string {
  if (!isRestateApiError(e)) {
    return e instanceof Error ? e.message : String(e);
  }
  if (e.kind !== 'restate') {
    return e.message;
  }
  const said = e.message ? ` (Restate: ${e.message})` : '';
  switch (e.status) {
    case 400:
      return action === 'resume' || action === 'restart-as-new'
        ? `Restate refused the request: the chosen deployment cannot run this invocation, or the id is malformed${said}.`
        : `Restate refused the request as malformed${said}.`;
    case 404:
      return `Restate does not know this invocation: it never existed, was purged, or its retention expired${said}.`;
    case 409:
      switch (action) {
        case 'cancel':
        case 'kill':
          return `It has already completed, so there is nothing to ${action}. Purge it if you want Restate to forget it${said}.`;
        case 'purge':
        case 'purge-journal':
          return `It has not completed yet; only completed invocations can be purged. Cancel or kill it first${said}.`;
        case 'pause':
          return `It is not running (only running, backing-off or suspended invocations can be paused)${said}.`;
        case 'resume':
          return `It cannot be resumed in its current state (completed, or the deployment cannot be changed while running)${said}.`;
        case 'restart-as-new':
          return `It is still running; only completed invocations can be restarted as new${said}.`;
      }
      break;
    case 410:
      return `Its journal is no longer retained, so its input is gone and it cannot be restarted. Enable journal retention on the service to restart invocations later${said}.`;
    case 422:
      return `Restate cannot restart this kind of invocation (workflows and invocations of the old service protocol)${said}.`;
    case 425:
      return `It has not started yet (scheduled or waiting in an inbox)${action === 'resume' ? '; it will run on its own' : ''}${said}.`;
    case 503:
      return `Restate could not route the request inside the cluster (a partition has no leader right now). Try again in a moment${said}.`;
  }
  return e.message;
}

/** Runs one action. Never throws for Restate's answers: the result says what happened. */
export async function runAction(clusterUid: string, id: string, action: InvocationAction): Promise<ActionResult> {
  if (!isInvocationId(id)) {
    return { id, action, ok: false, status: 400, error: `“${id}” is not an invocation id.` };
  }
  try {
    // A backend resource, not the proxy: its 429 carries Retry-After in the body for the bulk runner.
    const res = await resourceFetch<RestartResponse | '' | undefined>(
      clusterUid,
      `invocations/${encodeURIComponent(id)}/${action}`,
      { method: 'PATCH' }
    );
    const newInvocationId =
      res && typeof res === 'object' && 'new_invocation_id' in res ? res.new_invocation_id : undefined;
    return { id, action, ok: true, newInvocationId };
  } catch (e) {
    return {
      id,
      action,
      ok: false,
      status: isRestateApiError(e) ? e.status : undefined,
      retryAfterSeconds: isRestateApiError(e) ? e.retryAfterSeconds : undefined,
      unreachable: isTransientFailure(e) || undefined,
      error: explainActionError(action, e),
    };
  }
}
