import type { components } from './generated/admin';
import { restateFetch } from './proxy';
import { runSql, type SqlRow } from './sql';
import { sqlString } from './sqlLiteral';
import { RestateApiError } from './errors';
import { normalizePattern, VQUEUE_ID } from '../model/flowControl';

type Schemas = components['schemas'];

/*
 * Restate 1.7's flow control. Rules are read from `sys_rules` (Restate has no GET /limits/rules) and written with
 * `PUT /limits/rules` / `POST /limits/rules/bulk-delete` (proxy routes, Admin); virtual queues are read from
 * `sys_vqueue_meta` / `sys_vqueues` and paused or resumed with `POST /vqueues/{id}/pause|resume` (proxy, Editor).
 * Virtual queues exist only when the server runs with `experimental-enable-vqueues` (1.7.12: off by default; the
 * tables are then empty).
 */

export type UpsertRuleRequest = Schemas['UpsertRuleRequest'];
export type RuleResponse = Schemas['RuleResponse'];

/** A rule as `sys_rules` holds it. `concurrency` undefined: unlimited. */
export interface Rule {
  pattern: string;
  concurrency?: number;
  description?: string;
  disabled: boolean;
  /** Bumped by Restate on every change; an edit sends it back so a concurrent change is refused. */
  version: number;
  lastModified?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : v === undefined ? undefined : Number(v));
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function ruleFromRow(row: SqlRow): Rule {
  return {
    pattern: String(row.pattern ?? ''),
    concurrency: num(row.concurrency),
    description: str(row.description),
    disabled: row.disabled === true,
    version: num(row.version) ?? 0,
    lastModified: str(row.last_modified),
  };
}

export const RULES_QUERY =
  'SELECT pattern, concurrency, description, disabled, version, last_modified FROM sys_rules ORDER BY pattern';

export async function listRules(clusterUid: string): Promise<Rule[]> {
  return (await runSql(clusterUid, RULES_QUERY)).map(ruleFromRow);
}

/** What the rule form produces. */
export interface RuleInput {
  pattern: string;
  /** Undefined: unlimited. */
  concurrency?: number;
  description: string;
  disabled: boolean;
}

/**
 * The upsert body for one rule: `expectedVersion` undefined creates it (refused if it exists), a number edits it
 * (refused unless it is still at that version), so neither a create nor an edit silently overwrites someone
 * else's change.
 */
export function upsertBody(input: RuleInput, expectedVersion?: number): UpsertRuleRequest[] {
  return [
    {
      pattern: normalizePattern(input.pattern),
      limits: { concurrency: input.concurrency ?? null },
      description: input.description.trim() === '' ? null : input.description.trim(),
      disabled: input.disabled,
      precondition:
        expectedVersion === undefined ? { type: 'does_not_exist' } : { type: 'matches', version: expectedVersion },
    },
  ];
}

export async function upsertRule(
  clusterUid: string,
  input: RuleInput,
  expectedVersion?: number
): Promise<RuleResponse> {
  const [rule] = await restateFetch<RuleResponse[]>(clusterUid, 'admin/limits/rules', {
    method: 'PUT',
    body: upsertBody(input, expectedVersion),
  });
  return rule;
}

/** Deletes a rule if it is still at `expectedVersion` (the one the user saw when confirming). */
export async function deleteRule(clusterUid: string, pattern: string, expectedVersion: number): Promise<void> {
  await restateFetch<string[]>(clusterUid, 'admin/limits/rules/bulk-delete', {
    method: 'POST',
    body: [{ pattern, expected_version: expectedVersion }],
  });
}

/**
 * Restate's answer to a failed precondition, e.g. "rule precondition Matches(v7) for pattern a failed (actual
 * version: Some(v9))" or "… DoesNotExist … (actual version: Some(v2))" or "… (actual version: None)".
 */
export function preconditionFailure(
  e: unknown
): { kind: 'exists' | 'changed' | 'gone'; pattern: string; actual?: number } | undefined {
  if (!(e instanceof RestateApiError) || e.status !== 409) {
    return undefined;
  }
  const m =
    /rule precondition (DoesNotExist|Matches\(v\d+\)) for pattern (\S+) failed \(actual version: (?:Some\(v(\d+)\)|None)\)/.exec(
      e.message
    );
  if (!m) {
    return undefined;
  }
  const actual = m[3] === undefined ? undefined : Number(m[3]);
  if (m[1] === 'DoesNotExist') {
    return { kind: 'exists', pattern: m[2], actual };
  }
  return actual === undefined ? { kind: 'gone', pattern: m[2] } : { kind: 'changed', pattern: m[2], actual };
}

/** A virtual queue as `sys_vqueue_meta` holds it. */
export interface VQueue {
  id: string;
  serviceName?: string;
  scope?: string;
  limitKey?: string;
  lockName?: string;
  active: boolean;
  paused: boolean;
  inbox: number;
  running: number;
  suspended: number;
  pausedEntries: number;
  finished: number;
  createdAt?: string;
  lastEnqueuedAt?: string;
}

export function vqueueFromRow(row: SqlRow): VQueue {
  return {
    id: String(row.id ?? ''),
    serviceName: str(row.service_name),
    scope: str(row.scope),
    limitKey: str(row.limit_key),
    lockName: str(row.lock_name),
    active: row.is_active === true,
    paused: row.queue_is_paused === true,
    inbox: num(row.num_inbox) ?? 0,
    running: num(row.num_running) ?? 0,
    suspended: num(row.num_suspended) ?? 0,
    pausedEntries: num(row.num_paused) ?? 0,
    finished: num(row.num_finished) ?? 0,
    createdAt: str(row.created_at),
    lastEnqueuedAt: str(row.last_enqueued_at),
  };
}

export interface VQueueFilters {
  service?: string;
  /** Only queues with waiting or running work. */
  activeOnly?: boolean;
  pausedOnly?: boolean;
}

export const VQUEUE_PAGE = 200;

export function vqueuesQuery(f: VQueueFilters, limit = VQUEUE_PAGE): string {
  const where: string[] = [];
  if (f.service) {
    where.push(`service_name = ${sqlString(f.service)}`);
  }
  if (f.activeOnly) {
    where.push('is_active');
  }
  if (f.pausedOnly) {
    where.push('queue_is_paused');
  }
  return [
    'SELECT id, service_name, scope, limit_key, lock_name, is_active, queue_is_paused, num_inbox, num_running,',
    'num_suspended, num_paused, num_finished, created_at, last_enqueued_at FROM sys_vqueue_meta',
    where.length ? `WHERE ${where.join(' AND ')}` : '',
    `ORDER BY queue_is_paused DESC, is_active DESC, last_enqueued_at DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
  ]
    .filter(Boolean)
    .join(' ');
}

export async function listVQueues(clusterUid: string, f: VQueueFilters = {}): Promise<VQueue[]> {
  return (await runSql(clusterUid, vqueuesQuery(f))).map(vqueueFromRow);
}

/** One entry of a virtual queue (an invocation waiting, running or finished), from `sys_vqueues`. */
export interface VQueueEntry {
  entryId: string;
  kind?: string;
  stage?: string;
  status?: string;
  attempts: number;
  createdAt?: string;
  transitionedAt?: string;
}

export async function listVQueueEntries(clusterUid: string, id: string): Promise<VQueueEntry[]> {
  if (!VQUEUE_ID.test(id)) {
    throw new Error(`Not a virtual queue id: ${id}`);
  }
  const rows = await runSql(
    clusterUid,
    `SELECT entry_id, entry_kind, stage, status, num_attempts, created_at, transitioned_at FROM sys_vqueues WHERE id = ${sqlString(id)} ORDER BY created_at DESC LIMIT 100`
  );
  return rows.map((r) => ({
    entryId: String(r.entry_id ?? ''),
    kind: str(r.entry_kind),
    stage: str(r.stage),
    status: str(r.status),
    attempts: num(r.num_attempts) ?? 0,
    createdAt: str(r.created_at),
    transitionedAt: str(r.transitioned_at),
  }));
}

/** Pauses or resumes a virtual queue: Restate accepts (202) and applies it asynchronously. */
export async function setVQueuePaused(clusterUid: string, id: string, paused: boolean): Promise<void> {
  if (!VQUEUE_ID.test(id)) {
    throw new Error(`Not a virtual queue id: ${id}`);
  }
  await restateFetch<void>(clusterUid, `admin/vqueues/${id}/${paused ? 'pause' : 'resume'}`, { method: 'POST' });
}

/** A limit counter (`sys_user_limits`): the usage of a rule's limit for one scope/key, per partition. */
export interface LimitCounter {
  scope?: string;
  l1?: string;
  l2?: string;
  level?: string;
  usage: number;
  limit?: number;
  rulePattern?: string;
  available?: number;
  waiters: number;
}

export const LIMIT_COUNTERS_QUERY =
  'SELECT scope, l1, l2, level, usage, concurrency_limit, rule_pattern, available, num_waiters FROM sys_user_limits ORDER BY num_waiters DESC, usage DESC LIMIT 500';

export async function listLimitCounters(clusterUid: string): Promise<LimitCounter[]> {
  return (await runSql(clusterUid, LIMIT_COUNTERS_QUERY)).map((r) => ({
    scope: str(r.scope),
    l1: str(r.l1),
    l2: str(r.l2),
    level: str(r.level),
    usage: num(r.usage) ?? 0,
    limit: num(r.concurrency_limit),
    rulePattern: str(r.rule_pattern),
    available: num(r.available),
    waiters: num(r.num_waiters) ?? 0,
  }));
}

/** Whether the server runs virtual queues (`/version` features; absent on servers that predate them). */
export function vqueuesEnabled(version: { features?: Record<string, boolean> } | undefined): boolean | undefined {
  const f = version?.features;
  return f ? f.vqueues === true : undefined;
}
