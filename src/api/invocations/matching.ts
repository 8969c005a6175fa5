import { runSql } from '../sql';
import { sqlString } from '../sqlLiteral';
import { ACTIONS, type InvocationAction } from './actions';
import { filterConditions, type InvocationFilters } from './queries';
import type { StatusCounts } from './rows';
import { STATUS_FILTERS, type StatusFilter } from './status';

/**
 * "All N matching": the ids a bulk action is sent to, resolved by one SQL query with the list's own filter
 * (and only the statuses the action applies to, so nothing is sent that Restate must refuse). The set is
 * fixed once resolved: invocations that start matching later are not swept in.
 */

/** Ids resolved at most for one bulk run. */
export const BULK_CAP = 10_000;

/** `sys_invocation.status` condition for the statuses an action can succeed on. */
export function actionStatusCondition(action: InvocationAction): string {
  const statuses = new Set<string>();
  for (const s of ACTIONS[action].appliesTo) {
    statuses.add(s === 'succeeded' || s === 'failed' ? 'completed' : s);
  }
  const list = [...statuses];
  return list.length === 1 ? `status = ${sqlString(list[0])}` : `status IN (${list.map(sqlString).join(', ')})`;
}

/** The statuses (as the counts bar splits them) an action applies to. */
export function actionStatusFilters(action: InvocationAction): StatusFilter[] {
  const applies = ACTIONS[action].appliesTo as string[];
  return STATUS_FILTERS.filter(
    (s) => applies.includes(s) || (applies.includes('completed') && (s === 'succeeded' || s === 'failed'))
  );
}

/** How many of the matching invocations (counts under the other filters, `statuses` chosen) `action` applies to. */
export function applicableCount(counts: StatusCounts, statuses: StatusFilter[], action: InvocationAction): number {
  const chosen = statuses.length ? statuses : STATUS_FILTERS;
  const applies = actionStatusFilters(action);
  return chosen.filter((s) => applies.includes(s)).reduce((n, s) => n + counts[s], 0);
}

/** Ids only, ordered by id (a stable order to send in), one more than `cap` to tell whether there are more. */
export function buildMatchingIdsQuery(f: InvocationFilters, action: InvocationAction, cap = BULK_CAP): string {
  const limit = Math.max(1, Math.floor(cap)) + 1;
  const conditions = [...filterConditions(f), actionStatusCondition(action)];
  return `SELECT id FROM sys_invocation WHERE ${conditions.join(' AND ')} ORDER BY id LIMIT ${limit}`;
}

export interface MatchingIds {
  /** At most `cap`, ordered by id. */
  ids: string[];
  /** More matched than `cap`: only the first `cap` are in `ids`. */
  capped: boolean;
  cap: number;
  /** When the set was fixed (epoch ms). */
  resolvedAt: number;
}

export async function resolveMatchingIds(
  clusterUid: string,
  f: InvocationFilters,
  action: InvocationAction,
  { cap = BULK_CAP, requestId }: { cap?: number; requestId?: string } = {}
): Promise<MatchingIds> {
  const rows = await runSql(clusterUid, buildMatchingIdsQuery(f, action, cap), { maxRows: cap + 1, requestId });
  const ids = rows.map((r) => String(r.id));
  return { ids: ids.slice(0, cap), capped: ids.length > cap, cap, resolvedAt: Date.now() };
}
