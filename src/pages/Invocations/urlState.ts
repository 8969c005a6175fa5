import { dateMath, dateTime, type DateTime, type TimeRange } from '@grafana/data';
import {
  DEFAULT_SORT,
  isSortColumn,
  isStatusFilter,
  type InvocationFilters,
  type InvocationSort,
  type StatusFilter,
} from '../../api/invocations';

/**
 * Everything that decides what the invocations list shows lives in the URL, so a link reproduces
 * it: `status=running,backing-off&service=greeter&from=now-1h&to=now&sort=retry_count:desc&page=2`.
 */
export interface ListState {
  statuses: StatusFilter[];
  service: string;
  handler: string;
  key: string;
  deployment: string;
  idempotencyKey: string;
  /** A whole invocation id or its beginning. */
  id: string;
  /** The id of the invocation that created them. */
  createdBy: string;
  /** Raw Grafana time strings (`now-1h`, or epoch ms); both absent: no time filter. */
  from?: string;
  to?: string;
  sort: InvocationSort;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Auto-refresh interval as RefreshPicker writes it (`10s`, `1m`), empty: off. */
  refresh: string;
}

export const PAGE_SIZES = [25, 50, 100, 200];
export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_REFRESH = '30s';

/** Text filters and the URL parameter that holds each. */
export const TEXT_FILTERS = [
  { field: 'service', param: 'service', label: 'Service' },
  { field: 'handler', param: 'handler', label: 'Handler' },
  { field: 'key', param: 'key', label: 'Object key' },
  { field: 'deployment', param: 'deployment', label: 'Deployment' },
  { field: 'idempotencyKey', param: 'idempotencyKey', label: 'Idempotency key' },
  { field: 'id', param: 'id', label: 'Invocation id', placeholder: 'inv_… or its start' },
  { field: 'createdBy', param: 'createdBy', label: 'Created by', placeholder: 'calling invocation id' },
] as const;

export function parseListState(params: URLSearchParams): ListState {
  const statuses = (params.get('status') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(isStatusFilter);
  const [col, dir] = (params.get('sort') ?? '').split(':');
  const sort: InvocationSort = isSortColumn(col)
    ? { column: col, direction: dir === 'asc' ? 'asc' : 'desc' }
    : DEFAULT_SORT;
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('size'));
  const text = (p: string) => params.get(p)?.trim() ?? '';
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  return {
    statuses: Array.from(new Set(statuses)),
    service: text('service'),
    handler: text('handler'),
    key: text('key'),
    deployment: text('deployment'),
    idempotencyKey: text('idempotencyKey'),
    id: text('id'),
    createdBy: text('createdBy'),
    from: from || (to ? 'now-24h' : undefined),
    to: to || (from ? 'now' : undefined),
    sort,
    page,
    pageSize: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE,
    refresh: params.has('refresh') ? (params.get('refresh') ?? '') : DEFAULT_REFRESH,
  };
}

/** The URL parameters for a state, leaving out defaults so links stay short; `cluster` and others are kept. */
export function writeListState(current: URLSearchParams, s: ListState): URLSearchParams {
  const next = new URLSearchParams(current);
  const put = (k: string, v: string | undefined, def = '') =>
    v !== undefined && v !== def ? next.set(k, v) : next.delete(k);
  put('status', s.statuses.join(','));
  for (const f of TEXT_FILTERS) {
    put(f.param, s[f.field]);
  }
  put('from', s.from);
  put('to', s.to);
  put('sort', `${s.sort.column}:${s.sort.direction}`, `${DEFAULT_SORT.column}:${DEFAULT_SORT.direction}`);
  put('page', String(s.page), '1');
  put('size', String(s.pageSize), String(DEFAULT_PAGE_SIZE));
  put('refresh', s.refresh, DEFAULT_REFRESH);
  return next;
}

function parseTime(raw: string, roundUp: boolean): DateTime | undefined {
  if (/^\d+$/.test(raw)) {
    return dateTime(Number(raw));
  }
  const t = dateMath.toDateTime(raw, { roundUp });
  return t && t.isValid() ? t : undefined;
}

/** The picker's value; an absent range shows as the last 24 hours but filters nothing. */
export function toTimeRange(from: string | undefined, to: string | undefined): TimeRange {
  const rawFrom = from ?? 'now-24h';
  const rawTo = to ?? 'now';
  const f = parseTime(rawFrom, false) ?? dateTime().subtract(24, 'hours');
  const t = parseTime(rawTo, true) ?? dateTime();
  return { from: f, to: t, raw: { from: rawFrom, to: rawTo } };
}

/** A picked range as URL strings: relative ranges stay relative (`now-1h`), absolute ones are epoch ms. */
export function fromTimeRange(r: TimeRange): { from: string; to: string } {
  const raw = (v: string | DateTime, resolved: DateTime) => (typeof v === 'string' ? v : String(resolved.valueOf()));
  return { from: raw(r.raw.from, r.from), to: raw(r.raw.to, r.to) };
}

/** The filters for the API, with a relative time range resolved now (so each refresh moves with the clock). */
export function toFilters(s: ListState): InvocationFilters {
  const range = s.from !== undefined && s.to !== undefined ? toTimeRange(s.from, s.to) : undefined;
  return {
    statuses: s.statuses,
    service: s.service || undefined,
    handler: s.handler || undefined,
    key: s.key || undefined,
    deployment: s.deployment || undefined,
    idempotencyKey: s.idempotencyKey || undefined,
    id: s.id || undefined,
    createdBy: s.createdBy || undefined,
    createdFrom: range?.from.valueOf(),
    createdTo: range?.to.valueOf(),
  };
}

/** Refresh interval strings of RefreshPicker (`5s`, `1m`, `1h`) in ms; 0 for off. */
export function refreshMs(refresh: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(refresh);
  if (!m) {
    return 0;
  }
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
}
