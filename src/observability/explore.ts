import { urlUtil } from '@grafana/data';
import { config } from '@grafana/runtime';
import { DEFAULT_LOG_SELECTOR } from '../model/datasource';

/**
 * Links from an invocation to Grafana Explore: its trace in Tempo and its logs in Loki.
 * URL format of Grafana 10+ Explore (public/app/core/utils/explore.ts `getExploreUrl`):
 * `/explore?schemaVersion=1&panes={"<paneId>":{datasource, queries, range}}`, range in epoch milliseconds as strings
 * (@grafana/data `toURLRange`).
 */

/** Epoch milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Margin around an invocation: logs and spans are written a little before and after its recorded times. */
export const INVOCATION_MARGIN_MS = 5 * 60 * 1000;

type Timestamp = string | number | Date | null | undefined;

function toMs(t: Timestamp): number | undefined {
  if (t === null || t === undefined || t === '') {
    return undefined;
  }
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * created_at − 5m … (completed_at, else modified_at, else now) + 5m, from sys_invocation's columns.
 * Without created_at, the last hour up to now.
 */
export function invocationTimeWindow(
  inv: { created_at?: Timestamp; modified_at?: Timestamp; completed_at?: Timestamp },
  now: number = Date.now()
): TimeWindow {
  const created = toMs(inv.created_at);
  const end = toMs(inv.completed_at) ?? toMs(inv.modified_at) ?? now;
  const from = (created ?? Math.min(end, now) - 60 * 60 * 1000) - INVOCATION_MARGIN_MS;
  return { from, to: Math.max(end, created ?? end) + INVOCATION_MARGIN_MS };
}

const INVOCATION_ID = /^inv_[0-9A-Za-z]+$/;
const TRACE_ID = /^[0-9a-fA-F]{16,32}$/;

/** Quote a value for a TraceQL or LogQL double-quoted string. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function traceQlByInvocationId(invocationId: string): string {
  return `{ .restate.invocation.id=${quote(invocationId)} }`;
}

export function logQlByInvocationId(logSelector: string | undefined, invocationId: string): string {
  return `${logSelector?.trim() || DEFAULT_LOG_SELECTOR} |= ${quote(invocationId)}`;
}

function exploreUrl(paneId: string, datasource: { uid: string; type: string }, query: object, range: TimeWindow) {
  const panes = {
    [paneId]: {
      datasource: datasource.uid,
      queries: [{ refId: 'A', datasource, ...query }],
      range: { from: String(Math.floor(range.from)), to: String(Math.ceil(range.to)) },
    },
  };
  // Grafana may be served under a sub path (config.appSubUrl, e.g. "/grafana").
  return `${config.appSubUrl ?? ''}${urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify(panes) })}`;
}

export interface TraceLinkInput {
  tempoUid: string;
  invocationId: string;
  /** sys_invocation.trace_id, when the server recorded one. */
  traceId?: string | null;
  range: TimeWindow;
}

/**
 * Explore on the invocation's trace: by trace id when sys_invocation has one (a TraceQL query of only hex digits is
 * a trace lookup: public/app/plugins/datasource/tempo/datasource.ts `isTraceIdQuery`), else TraceQL on the
 * `restate.invocation.id` span attribute.
 */
export function traceExploreUrl({ tempoUid, invocationId, traceId, range }: TraceLinkInput): string {
  const byTraceId = traceId && TRACE_ID.test(traceId);
  if (!byTraceId && !INVOCATION_ID.test(invocationId)) {
    throw new Error(`"${invocationId}" is not a Restate invocation id (inv_…).`);
  }
  const query = byTraceId ? traceId : traceQlByInvocationId(invocationId);
  return exploreUrl('trace', { uid: tempoUid, type: 'tempo' }, { queryType: 'traceql', query }, range);
}

export interface LogsLinkInput {
  lokiUid: string;
  /** The cluster's LogQL stream selector (RestateJsonData.logSelector); the default when empty. */
  logSelector?: string;
  invocationId: string;
  range: TimeWindow;
}

/** Explore on every log line of the cluster that mentions the invocation id. */
export function logsExploreUrl({ lokiUid, logSelector, invocationId, range }: LogsLinkInput): string {
  if (!INVOCATION_ID.test(invocationId)) {
    throw new Error(`"${invocationId}" is not a Restate invocation id (inv_…).`);
  }
  return exploreUrl(
    'logs',
    { uid: lokiUid, type: 'loki' },
    { expr: logQlByInvocationId(logSelector, invocationId), queryType: 'range' },
    range
  );
}

/** Explore on an arbitrary query, for the observability page's starter queries. */
export function lokiExploreUrl(lokiUid: string, expr: string, range: { from: string; to: string }): string {
  const panes = {
    logs: { datasource: lokiUid, queries: [{ refId: 'A', datasource: { uid: lokiUid, type: 'loki' }, expr }], range },
  };
  return `${config.appSubUrl ?? ''}${urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify(panes) })}`;
}

export function tempoExploreUrl(tempoUid: string, query: object, range: { from: string; to: string }): string {
  const panes = {
    traces: {
      datasource: tempoUid,
      queries: [{ refId: 'A', datasource: { uid: tempoUid, type: 'tempo' }, ...query }],
      range,
    },
  };
  return `${config.appSubUrl ?? ''}${urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify(panes) })}`;
}
