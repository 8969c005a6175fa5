import { INVOCATION_ID } from '../../model/ids';
import { RestateApiError } from '../errors';

/** The statuses of an invocation as Restate reports them and as the UI names them, and invocation ids. */

/** `sys_invocation.status` values of Restate 1.7 (measured: completed, running, suspended, backing-off, paused, scheduled, pending). */
export const INVOCATION_STATUSES = [
  'pending',
  'scheduled',
  'ready',
  'running',
  'backing-off',
  'suspended',
  'paused',
  'completed',
] as const;
export type InvocationStatus = (typeof INVOCATION_STATUSES)[number];

/** What the user filters by: a status, or a completed invocation by its outcome (`completion_result`). */
export type StatusFilter = Exclude<InvocationStatus, 'completed'> | 'succeeded' | 'failed';
export const STATUS_FILTERS: StatusFilter[] = [
  ...INVOCATION_STATUSES.filter((s): s is Exclude<InvocationStatus, 'completed'> => s !== 'completed'),
  'succeeded',
  'failed',
];

export const STATUS_LABELS: Record<StatusFilter | InvocationStatus, string> = {
  pending: 'Pending',
  scheduled: 'Scheduled',
  ready: 'Ready',
  running: 'Running',
  'backing-off': 'Backing off',
  suspended: 'Suspended',
  paused: 'Paused',
  completed: 'Completed',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

/** One sentence per status, for tooltips: what it means and what usually happens next. */
export const STATUS_DESCRIPTIONS: Record<StatusFilter, string> = {
  pending: 'Waiting in a virtual object’s inbox for the invocation ahead of it to finish.',
  scheduled: 'Sent with a delay; starts at its scheduled time.',
  ready: 'Ready to run, waiting for the invoker to start it.',
  running: 'Being executed by a deployment right now.',
  'backing-off': 'The last attempt failed; Restate retries it at the next retry time.',
  suspended: 'Waiting durably (a sleep, a call, a promise); resumes when that completes.',
  paused: 'Stopped by an operator or after exhausting its retries; resume it to continue.',
  succeeded: 'Completed with a result.',
  failed: 'Completed with a terminal error (or was cancelled or killed).',
};

export function isStatusFilter(s: string): s is StatusFilter {
  return (STATUS_FILTERS as string[]).includes(s);
}

/** The status of a row as the user sees it: completed rows split by outcome. */
export function displayStatus(status: string, completionResult?: string): StatusFilter | InvocationStatus | string {
  if (status === 'completed') {
    return completionResult === 'failure' ? 'failed' : completionResult === 'success' ? 'succeeded' : 'completed';
  }
  return status;
}

export function isInvocationId(s: string): boolean {
  return INVOCATION_ID.test(s);
}

/**
 * Restate 1.7 prints every invocation id the same length: `inv_`, a version digit, the partition key (11
 * base62 digits) and a UUID (22): 38 characters. Anything shorter that still looks like one is a prefix.
 */
export const FULL_INVOCATION_ID_LENGTH = 38;

export function isFullInvocationId(s: string): boolean {
  return s.length === FULL_INVOCATION_ID_LENGTH && isInvocationId(s);
}

/** `inv_` and at least one base62 character: the beginning of an invocation id (or a whole one). */
export function isInvocationIdPrefix(s: string): boolean {
  return /^inv_[0-9A-Za-z]{1,64}$/.test(s);
}

/** Throws the error a page shows when an id typed or linked is not an invocation id. */
export function assertInvocationId(id: string) {
  if (!isInvocationId(id)) {
    throw new RestateApiError({
      kind: 'restate',
      status: 400,
      message: `“${id}” is not an invocation id (they look like inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh7).`,
    });
  }
}
