import { useCallback, useMemo } from 'react';
import { dateMath, dateTime, isDateTime, rangeUtil, type RawTimeRange, type TimeRange } from '@grafana/data';
import { useUrlParams } from './urlParams';

/**
 * The page's time range and auto-refresh as Grafana's dashboards keep them in the link: `from` and `to` (relative,
 * e.g. `now-6h`, or epoch milliseconds) and `refresh` (e.g. `30s`; absent: off). A link with a range that does not
 * parse falls back to the default, so a hand-edited link still opens.
 */
export interface UrlTimeRange {
  raw: { from: string; to: string };
  /** The range resolved now (a relative range moves on: resolve again with `resolve()` when loading). */
  range: TimeRange;
  refresh: string;
  /** Refresh every this many ms; 0 when off. */
  refreshMs: number;
  setRange: (range: TimeRange) => void;
  setRefresh: (interval: string) => void;
  /** Half the span earlier (-1) or later (+1), as the picker's arrows do in Grafana. */
  shift: (direction: -1 | 1) => void;
  /** Twice the span around its middle ("Zoom out"). */
  zoomOut: () => void;
}

function urlValue(t: RawTimeRange['from']): string {
  return isDateTime(t) ? String(t.valueOf()) : String(t);
}

function parsesAt(value: string, roundUp: boolean): boolean {
  if (/^\d+$/.test(value)) {
    return true;
  }
  const d = dateMath.toDateTime(value, { roundUp });
  return Boolean(d && d.isValid());
}

/** A URL's `from`/`to` as a raw range (epoch ms become absolute times). */
export function toRawRange(raw: { from: string; to: string }): RawTimeRange {
  const one = (v: string) => (/^\d+$/.test(v) ? dateTime(Number(v)) : v);
  return { from: one(raw.from), to: one(raw.to) };
}

export function resolveRange(raw: { from: string; to: string }): TimeRange {
  return rangeUtil.convertRawToRange(toRawRange(raw));
}

export function useUrlTimeRange(defaults: { from: string; to: string }): UrlTimeRange {
  const [params, update] = useUrlParams();
  const fromParam = params.get('from') ?? '';
  const toParam = params.get('to') ?? '';
  const refresh = params.get('refresh') ?? '';
  const raw = useMemo(() => {
    const ok = fromParam && toParam && parsesAt(fromParam, false) && parsesAt(toParam, true);
    return ok ? { from: fromParam, to: toParam } : defaults;
    // defaults is a constant of the caller
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fromParam, toParam]);
  const range = useMemo(() => resolveRange(raw), [raw]);
  let refreshMs = 0;
  try {
    refreshMs = refresh ? rangeUtil.intervalToMs(refresh) : 0;
  } catch {
    refreshMs = 0;
  }

  const setAbsolute = useCallback(
    (from: number, to: number) => update({ from: String(Math.round(from)), to: String(Math.round(to)) }),
    [update]
  );

  return {
    raw,
    range,
    refresh: refreshMs > 0 ? refresh : '',
    refreshMs,
    setRange: useCallback((r: TimeRange) => update({ from: urlValue(r.raw.from), to: urlValue(r.raw.to) }), [update]),
    setRefresh: useCallback((interval: string) => update({ refresh: interval || undefined }), [update]),
    shift: (direction) => {
      const r = resolveRange(raw);
      const half = (r.to.valueOf() - r.from.valueOf()) / 2;
      setAbsolute(r.from.valueOf() + direction * half, r.to.valueOf() + direction * half);
    },
    zoomOut: () => {
      const r = resolveRange(raw);
      const span = r.to.valueOf() - r.from.valueOf();
      const mid = r.from.valueOf() + span / 2;
      setAbsolute(mid - span, Math.min(mid + span, Date.now()));
    },
  };
}
