import { restateFetch } from '../proxy';
import { isRestateApiError } from '../errors';
import type { operations } from '../generated/admin';
import { displayStatus, isInvocationId, type InvocationStatus, type StatusFilter } from './status';

export const INVOCATION_ACTIONS = [
  'cancel',
  'kill',
  'pause',
  'resume',
  'purge',
  'purge-journal',
  'restart-as-new',
] as const;
export type InvocationAction = (typeof INVOCATION_ACTIONS)[number];

type RestartResponse = operations['restart_as_new_invocation']['responses'][200]['content']['application/json'];

export interface ActionInfo {
  label: string;
  /** What it does, for the confirmation. */
  description: string;
  /** Destructive actions get a red confirm button. */
  destructive: boolean;
  /** Statuses it can succeed on (anything else is sent only if the user insists: the row may be stale). */
  appliesTo: Array<StatusFilter | InvocationStatus>;
}

export const ACTIONS: Record<InvocationAction, ActionInfo> = {
  cancel: {
    label: 'Cancel',
    description:
      'Cancels gracefully: the handler receives a cancellation at its next await, can run compensations, and ends with a “cancelled” failure. Progress stays consistent; calls it started are cancelled too.',
    destructive: true,
    appliesTo: ['pending', 'scheduled', 'ready', 'running', 'backing-off', 'suspended', 'paused'],
  },
  kill: {
    label: 'Kill',
    description:
      'Stops it immediately, without running any more of its code: no compensation, and a virtual object’s state may be left half-updated. Calls it started are killed too. Use it only when cancel cannot work (e.g. the deployment is gone).',
    destructive: true,
    appliesTo: ['pending', 'scheduled', 'ready', 'running', 'backing-off', 'suspended', 'paused'],
  },
  pause: {
    label: 'Pause',
    description: 'Stops retrying or running it until someone resumes it. Its journal and progress are kept.',
    destructive: false,
    appliesTo: ['running', 'backing-off', 'suspended'],
  },
  resume: {
    label: 'Resume',
    description: 'Continues a paused or suspended invocation now; a backing-off one is retried immediately.',
    destructive: false,
    appliesTo: ['paused', 'suspended', 'backing-off', 'running'],
  },
  purge: {
    label: 'Purge',
    description:
      'Forgets a completed invocation: its result, journal and metadata are deleted, and its idempotency key can be reused.',
    destructive: true,
    appliesTo: ['succeeded', 'failed', 'completed'],
  },
  'purge-journal': {
    label: 'Purge journal',
    description: 'Deletes only the journal of a completed invocation; its status and result stay.',
    destructive: true,
    appliesTo: ['succeeded', 'failed', 'completed'],
  },
  'restart-as-new': {
    label: 'Restart as new',
    description:
      'Starts a new invocation with the same input (a new id); the original stays as it is. Needs the journal to be retained.',
    destructive: false,
    appliesTo: ['succeeded', 'failed', 'completed'],
  },
};

export function actionApplies(action: InvocationAction, status: string, completionResult?: string): boolean {
  const s = displayStatus(status, completionResult);
  return (ACTIONS[action].appliesTo as string[]).includes(s);
}

export interface ActionResult {
  id: string;
  action: InvocationAction;
  ok: boolean;
  /** 202: accepted, applied asynchronously. */
  accepted?: boolean;
  newInvocationId?: string;
  /** Plain-words explanation of a failure. */
  error?: string;
  status?: number;
  /** A 429's Retry-After, when it reached the plugin. */
  retryAfterSeconds?: number;
  /**
   * No answer about this id: Grafana could not reach Restate (502/504), the browser could not reach Grafana,
   * or Restate was not ready (503). The bulk runner waits and sends it again rather than counting it.
   */
  unreachable?: boolean;
  /** How a success was established, when not by a plain 2xx (e.g. "already applied before an outage"). */
  note?: string;
}

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
    const res = await restateFetch<RestartResponse | '' | undefined>(
      clusterUid,
      `admin/invocations/${encodeURIComponent(id)}/${action}`,
      {
        method: 'PATCH',
      }
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
