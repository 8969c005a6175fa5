import type { DeploymentSummary } from './deployments';
import { resourceFetch } from './proxy';
import { runSql } from './sql';
import { sqlString, sqlTimestamp } from './sqlLiteral';
import {
  HEALTH_THRESHOLDS,
  IN_FLIGHT_STATUSES,
  type DeploymentState,
  type InFlightStatus,
  type ServiceHealthCounts,
} from '../model/fleet';

/** One deployment of a page of `deployments/search` (the backend's paging: Restate 1.7's list has none). */
export interface FleetItem {
  deployment: DeploymentSummary & { metadata?: Record<string, string> };
  state: DeploymentState;
  /** Unfinished invocations pinned to it; null when they could not be counted. */
  pinned: number | null;
  /** Services whose latest revision it serves. */
  latest_for: string[];
}

export interface FleetPage {
  items: FleetItem[];
  /** All deployments of the cluster. */
  total: number;
  /** Those matching the search and the state filter. */
  matched: number;
  offset: number;
  limit: number;
  /** How many of those matching the search are in each state (whatever the state filter). */
  states: Partial<Record<DeploymentState, number>>;
  pinned_error?: string;
}

export interface FleetQuery {
  q: string;
  state: 'all' | DeploymentState;
  offset: number;
  limit: number;
}

/** One page of the cluster's deployments, newest first, searched and classified by the backend. */
export async function searchDeployments(clusterUid: string, query: FleetQuery): Promise<FleetPage> {
  return resourceFetch<FleetPage>(clusterUid, 'deployments/search', {
    params: {
      ...(query.q.trim() ? { q: query.q.trim() } : {}),
      state: query.state,
      offset: query.offset,
      limit: query.limit,
    },
  });
}

export interface PruneResult {
  id: string;
  removed: boolean;
  message?: string;
}

export interface PruneAnswer {
  results: PruneResult[];
  removed: number;
  failed: number;
}

/** The most ids one prune takes (the backend's limit too). */
export const MAX_PRUNE = 1000;

/**
 * Removes the given deployments that are drained when the backend runs it (Admin; the backend checks each
 * again first and keeps, with the reason, any that gained a use since the list was shown).
 */
export async function pruneDeployments(clusterUid: string, ids: string[]): Promise<PruneAnswer> {
  return resourceFetch<PruneAnswer>(clusterUid, 'deployments/prune', { method: 'POST', body: { ids } });
}

/** Every drained deployment (what a prune would remove), newest first, up to MAX_PRUNE. */
export async function listDrained(clusterUid: string): Promise<FleetPage> {
  const pages: FleetItem[] = [];
  let first: FleetPage | undefined;
  for (let offset = 0; offset < MAX_PRUNE; offset += 500) {
    const page = await searchDeployments(clusterUid, { q: '', state: 'drained', offset, limit: 500 });
    first ??= page;
    pages.push(...page.items);
    if (offset + page.items.length >= page.matched || page.items.length === 0) {
      break;
    }
  }
  return { ...first!, items: pages.slice(0, MAX_PRUNE) };
}

/** The column alias of an in-flight status' count ('backing-off' → backing_off). */
const column = (status: InFlightStatus) => status.replace('-', '_');

/**
 * Per-service counts of the invocations created in the health window, by status, in one aggregate query: the
 * window and the split of Restate's web UI (`HEALTH_THRESHOLDS`, src/model/fleet.ts): `created_at` from now
 * minus an hour, rounded down to the minute; a completed invocation whose `completion_result` is not 'success'
 * (a terminal error, a kill, a cancel) is failed.
 */
export function healthQuery(nowMs: number): string {
  const minute = 60_000;
  const since = sqlTimestamp(Math.floor((nowMs - HEALTH_THRESHOLDS.windowMinutes * minute) / minute) * minute);
  const completed = sqlString('completed');
  const success = sqlString('success');
  return [
    'SELECT target_service_name AS service,',
    `  SUM(CASE WHEN status = ${completed} AND completion_result = ${success} THEN 1 ELSE 0 END) AS succeeded,`,
    `  SUM(CASE WHEN status = ${completed} AND COALESCE(completion_result, ${sqlString('')}) != ${success} THEN 1 ELSE 0 END) AS failed,`,
    ...IN_FLIGHT_STATUSES.map(
      (s, i) =>
        `  SUM(CASE WHEN status = ${sqlString(s)} THEN 1 ELSE 0 END) AS ${column(s)}${i < IN_FLIGHT_STATUSES.length - 1 ? ',' : ''}`
    ),
    'FROM sys_invocation',
    `WHERE created_at >= ${since}`,
    'GROUP BY target_service_name',
  ].join('\n');
}

export async function getServiceHealthCounts(clusterUid: string, nowMs = Date.now()): Promise<ServiceHealthCounts[]> {
  const rows = await runSql(clusterUid, healthQuery(nowMs));
  return rows
    .filter((r) => typeof r.service === 'string')
    .map((r) => ({
      service: r.service as string,
      succeeded: Number(r.succeeded ?? 0),
      failed: Number(r.failed ?? 0),
      inFlight: Object.fromEntries(IN_FLIGHT_STATUSES.map((s) => [s, Number(r[column(s)] ?? 0)])) as Record<
        InFlightStatus,
        number
      >,
    }));
}
