import { displayStatus, type InvocationStatus, type StatusFilter } from './status';

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
