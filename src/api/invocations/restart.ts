import { resourceFetch } from '../proxy';
import { isRestateApiError } from '../errors';
import type { operations } from '../generated/admin';
import type { ActionResult } from './actions';
import { explainActionError } from './runAction';
import type { JournalEntry } from './journal';
import { isInvocationId } from './status';

/*
 * Restart-as-new from a journal entry on a chosen deployment, and resume on a chosen deployment (Restate 1.7):
 *   PATCH /invocations/{id}/restart-as-new?from=<u32>&deployment=<latest|keep|dp_…>   (deployment only with from)
 *   PATCH /invocations/{id}/resume?deployment=<latest|keep|dp_…>   (a backing-off invocation: no deployment; it
 *   retries at once, which is "Retry now")
 * The OpenAPI schema names the values Keep/Latest/{Id}; the server takes `latest`, `keep` or a deployment id in
 * the query string (checked against restate-server 1.7.12 in tests/integration/journal.test.ts).
 */

type RestartResponse = operations['restart_as_new_invocation']['responses'][200]['content']['application/json'];

/** Which deployment runs the invocation from now on. */
export type DeploymentChoice = { kind: 'latest' } | { kind: 'keep' } | { kind: 'id'; id: string };

const DEPLOYMENT_ID = /^dp_[0-9A-Za-z]{20,40}$/;

export function deploymentParam(choice: DeploymentChoice): string {
  switch (choice.kind) {
    case 'latest':
      return 'latest';
    case 'keep':
      return 'keep';
    case 'id':
      if (!DEPLOYMENT_ID.test(choice.id)) {
        throw new Error(`“${choice.id}” is not a deployment id (they look like dp_10hJvFa5iiqtGHW0azMLqZH).`);
      }
      return choice.id;
  }
}

export interface RestartOptions {
  /** Keep the journal up to this entry (included); 0 or absent: only the input. */
  from?: number;
  /** Only with `from` > 0 (Restate refuses it otherwise); absent: the latest deployment. */
  deployment?: DeploymentChoice;
}

export interface ActionRequest {
  path: string;
  params: Record<string, string>;
}

/** The backend resource path and query of a restart-as-new; throws for what Restate would refuse anyway. */
export function restartRequest(id: string, opts: RestartOptions = {}): ActionRequest {
  if (!isInvocationId(id)) {
    throw new Error(`“${id}” is not an invocation id.`);
  }
  const params: Record<string, string> = {};
  if (opts.from !== undefined) {
    if (!Number.isInteger(opts.from) || opts.from < 0 || opts.from > 0xffffffff) {
      throw new Error(`The journal entry to restart from must be a whole number from 0 up, not ${opts.from}.`);
    }
    params.from = String(opts.from);
  }
  if (opts.deployment) {
    if (!opts.from) {
      throw new Error('A deployment can be chosen only when restarting from a journal entry after the input.');
    }
    params.deployment = deploymentParam(opts.deployment);
  }
  return { path: `invocations/${encodeURIComponent(id)}/restart-as-new`, params };
}

/** The backend resource path and query of a resume; without a deployment it also retries a backing-off invocation now. */
export function resumeRequest(id: string, opts: { deployment?: DeploymentChoice } = {}): ActionRequest {
  if (!isInvocationId(id)) {
    throw new Error(`“${id}” is not an invocation id.`);
  }
  return {
    path: `invocations/${encodeURIComponent(id)}/resume`,
    params: opts.deployment ? { deployment: deploymentParam(opts.deployment) } : {},
  };
}

function restateSaid(e: unknown): string {
  return isRestateApiError(e) && e.message ? ` (Restate: ${e.message})` : '';
}

/** Restate's refusal of a restart-as-new with a journal prefix or a deployment, in words. */
export function explainRestartError(e: unknown, opts: RestartOptions = {}): string {
  if (isRestateApiError(e) && e.kind === 'restate') {
    const said = restateSaid(e);
    const m = e.message ?? '';
    if (e.status === 400 && /without respective Completions/i.test(m)) {
      return `The journal up to entry ${opts.from} holds a command that never completed (a call, sleep or run still waiting when the invocation ended), so it cannot be replayed. Choose an earlier entry${said}.`;
    }
    if (e.status === 400 && /deployment was not found/i.test(m)) {
      return `The chosen deployment does not exist (any more). Choose another one, or the latest${said}.`;
    }
    if (e.status === 400 && /protocol/i.test(m)) {
      return `The chosen deployment's SDK speaks an older service protocol than this invocation was started with. Choose a deployment with the same or a newer SDK${said}.`;
    }
    if (e.status === 400 && /query/i.test(m)) {
      return `Restate refused the entry or deployment as malformed${said}.`;
    }
  }
  return explainActionError('restart-as-new', e);
}

/** Restate's refusal of a resume (or a retry now) in words. */
export function explainResumeError(e: unknown, opts: { deployment?: DeploymentChoice } = {}): string {
  if (isRestateApiError(e) && e.kind === 'restate') {
    const said = restateSaid(e);
    const m = e.message ?? '';
    if (e.status === 409 && opts.deployment) {
      return `Its deployment can be changed only while it is paused or suspended and already pinned to one; it is running or backing off now. Pause it first, or resume it without choosing a deployment${said}.`;
    }
    if (e.status === 409) {
      return `It cannot be resumed in its current state: it has completed${said}.`;
    }
    if (e.status === 400 && /deployment was not found|not found/i.test(m)) {
      return `The chosen deployment does not exist (any more). Choose another one${said}.`;
    }
    if (e.status === 400 && /protocol/i.test(m)) {
      return `The chosen deployment's SDK speaks an older service protocol than this invocation was started with. Choose a deployment with the same or a newer SDK${said}.`;
    }
  }
  return explainActionError('resume', e);
}

/**
 * Sends one action's request (a PATCH; a request that cannot be built is a 400 without asking Restate). Never throws
 * for Restate's answers: a refusal is the result, in `explain`'s words.
 */
async function sendAction<Opts>(
  clusterUid: string,
  id: string,
  opts: Opts,
  action: 'restart-as-new' | 'resume',
  request: (id: string, opts: Opts) => ActionRequest,
  explain: (e: unknown, opts: Opts) => string
): Promise<ActionResult> {
  let req: ActionRequest;
  try {
    req = request(id, opts);
  } catch (e) {
    return { id, action, ok: false, status: 400, error: (e as Error).message };
  }
  try {
    const res = await resourceFetch<RestartResponse | '' | undefined>(clusterUid, req.path, {
      method: 'PATCH',
      params: req.params,
    });
    const newInvocationId = res && typeof res === 'object' ? res.new_invocation_id : undefined;
    return { id, action, ok: true, ...(newInvocationId !== undefined ? { newInvocationId } : {}) };
  } catch (e) {
    return { id, action, ok: false, status: isRestateApiError(e) ? e.status : undefined, error: explain(e, opts) };
  }
}

/** Restarts as new; never throws for Restate's answers. `newInvocationId` links to the new invocation. */
export function restartAsNew(clusterUid: string, id: string, opts: RestartOptions = {}): Promise<ActionResult> {
  return sendAction(clusterUid, id, opts, 'restart-as-new', restartRequest, explainRestartError);
}

/** Resumes (paused, suspended: optionally on another deployment) or retries a backing-off invocation now. */
export function resumeInvocation(
  clusterUid: string,
  id: string,
  opts: { deployment?: DeploymentChoice } = {}
): Promise<ActionResult> {
  return sendAction(clusterUid, id, opts, 'resume', resumeRequest, explainResumeError);
}

/** Whether restart-as-new may keep the journal up to an entry, and if not, why. */
export interface RestartPoint {
  index: number;
  allowed: boolean;
  reason?: string;
}

/**
 * The entries a restart-as-new can keep the journal up to (`from`): Restate copies the prefix and the
 * completions of its commands (wherever they are in the journal), and refuses a prefix with a command that never
 * completed. Entry 0 (the input) is always allowed.
 */
export function restartPoints(entries: JournalEntry[]): RestartPoint[] {
  const completed = new Set(entries.flatMap((e) => (e.completes !== undefined ? [e.completes] : [])));
  let blockedBy: JournalEntry | undefined;
  return entries.map((e) => {
    if (!blockedBy && e.index > 0 && (e.completed === false || (e.awaits ?? []).some((id) => !completed.has(id)))) {
      blockedBy = e;
    }
    if (!blockedBy || e.index === 0) {
      return { index: e.index, allowed: true };
    }
    return {
      index: e.index,
      allowed: false,
      reason:
        blockedBy === e
          ? `#${e.index} ${e.type} never completed`
          : `#${blockedBy.index} ${blockedBy.type} before it never completed`,
    };
  });
}
