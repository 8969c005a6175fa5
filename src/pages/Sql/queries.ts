/**
 * Ready queries for questions operators ask Restate every day. Each is bounded (an aggregate or a
 * LIMIT), so none of them downloads a whole table from a busy cluster.
 */
export interface ReadyQuery {
  title: string;
  description: string;
  sql: string;
}

export const READY_QUERIES: ReadyQuery[] = [
  {
    title: 'Invocations by status',
    description: 'How many invocations are in each state, completed split by outcome.',
    sql: `SELECT status, completion_result, COUNT(*) AS invocations
FROM sys_invocation
GROUP BY status, completion_result
ORDER BY invocations DESC`,
  },
  {
    title: 'Stuck or backing-off invocations',
    description: 'Invocations retrying after failures, most retried first, with their last error.',
    sql: `SELECT id, target, status, retry_count, next_retry_at, last_failure_error_code,
  substr(last_failure, 1, 200) AS last_failure, modified_at
FROM sys_invocation
WHERE status IN ('backing-off', 'paused') OR retry_count > 3
ORDER BY retry_count DESC
LIMIT 100`,
  },
  {
    title: 'Failures by handler (last 24 hours)',
    description: 'Completed invocations that failed, per handler.',
    sql: `SELECT target_service_name AS service, target_handler_name AS handler, COUNT(*) AS failures
FROM sys_invocation
WHERE status = 'completed' AND completion_result = 'failure'
  AND created_at > now() - INTERVAL '1 day'
GROUP BY target_service_name, target_handler_name
ORDER BY failures DESC
LIMIT 50`,
  },
  {
    title: 'Busiest objects',
    description: 'Virtual object keys with the most invocations not yet completed.',
    sql: `SELECT target_service_name AS service, target_service_key AS key, COUNT(*) AS in_flight
FROM sys_invocation
WHERE target_service_key IS NOT NULL AND status <> 'completed'
GROUP BY target_service_name, target_service_key
ORDER BY in_flight DESC
LIMIT 50`,
  },
  {
    title: 'Inbox lengths',
    description: 'Invocations queued behind a running one, per virtual object key.',
    sql: `SELECT service_name AS service, service_key AS key, COUNT(*) AS queued, MIN(created_at) AS oldest
FROM sys_inbox
GROUP BY service_name, service_key
ORDER BY queued DESC
LIMIT 50`,
  },
  {
    title: 'Oldest in-flight invocations',
    description: 'Invocations that have been around longest without completing.',
    sql: `SELECT id, target, status, created_at, modified_at, retry_count
FROM sys_invocation
WHERE status <> 'completed'
ORDER BY created_at ASC
LIMIT 50`,
  },
  {
    title: 'Suspended invocations waiting longest',
    description: 'Durably waiting (sleep, call, promise) invocations, by last change.',
    sql: `SELECT id, target, modified_at, suspended_waiting_for_completions
FROM sys_invocation
WHERE status = 'suspended'
ORDER BY modified_at ASC
LIMIT 50`,
  },
  {
    title: 'State size per service',
    description: 'Keys and bytes of K/V state stored by each virtual object or workflow.',
    sql: `SELECT service_name AS service, COUNT(DISTINCT service_key) AS objects, COUNT(*) AS entries,
  SUM(value_length) AS bytes
FROM state
GROUP BY service_name
ORDER BY bytes DESC`,
  },
  {
    title: 'Deployments',
    description: 'Registered deployments and their endpoints.',
    sql: `SELECT id, ty, endpoint, created_at, services
FROM sys_deployment
ORDER BY created_at DESC`,
  },
];

/** Rows the page downloads at most for one query; a result this long is truncated and says so. */
export const MAX_ROWS = 10_000;

/**
 * A SELECT (or WITH) query with a row cap, so that `SELECT * FROM sys_invocation` on a busy cluster
 * does not download everything. The LIMIT is appended rather than wrapped around a subquery because
 * DataFusion drops the ORDER BY of a subquery. A query that already ends in its own LIMIT and other
 * statements (SHOW, DESCRIBE, EXPLAIN) are sent as they are. Asks for one row more than the cap to
 * know whether it was reached.
 */
export function capRows(sql: string, max = MAX_ROWS): { sql: string; capped: boolean } {
  const body = sql.trim().replace(/;+\s*$/, '');
  const hasLimit = /\blimit\s+\d+(\s+offset\s+\d+)?\s*$/i.test(body.replace(/--[^\n]*$/, '').trim());
  if (!/^(select|with)\b/i.test(body) || hasLimit) {
    return { sql: body, capped: false };
  }
  // The newline ends a trailing `-- comment`.
  return { sql: `${body}\nLIMIT ${max + 1}`, capped: true };
}

const RECENT_KEY = 'restatedev-restate-app.sql.recent';
const RECENT_MAX = 20;

export function loadRecent(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

/** Keeps a query at the top of the recent list (most recent first, no duplicates). */
export function rememberQuery(sql: string): string[] {
  const q = sql.trim();
  const next = [q, ...loadRecent().filter((s) => s !== q)].slice(0, RECENT_MAX);
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: the list just is not kept.
  }
  return next;
}
