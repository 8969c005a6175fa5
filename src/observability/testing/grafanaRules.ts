/**
 * Grafana's evaluation of the correlation settings our model writes, re-stated for tests (unit tests on recorded
 * samples, tests/integration/observability.test.ts on a live server). Not used by the app. Sources (grafana/grafana):
 *
 *  1. Loki derived fields, public/app/plugins/datasource/loki/getDerivedFields.ts `getDerivedFields`: configs are
 *     grouped by `name` (lodash groupBy) and only the group's FIRST config's matcher runs; per log line and field,
 *     matcherType 'regex' (or undefined) runs `line.match(matcherRegex)` (a string, so `new RegExp(s)` without
 *     flags: first match only) and keeps capture group 1 when truthy, else null. 'label' tests the regex on label keys.
 *     `fieldFromDerivedFieldConfig`: a config with datasourceUid becomes an internal link whose query is
 *     `{ query: url, queryType: 'traceql' }` for a Tempo target.
 *  2. Link interpolation, @grafana/data utils/dataLinks.ts `mapInternalLinkToExplore` → `interpolateObject` runs
 *     TemplateSrv.replace (public/app/features/templating/template_srv.ts `replace`) on every string of the query,
 *     with `__value.raw` = the field value (public/app/features/explore/utils/links.ts `getFieldLinksForExplore`).
 *     Variables are found by `variableRegex` (public/app/features/variables/utils.ts); `${name.path}` reads `path`
 *     with lodash `property` (`getFieldAccessor`); an unknown variable is left as written.
 *  3. Trace to logs, public/app/features/explore/TraceView/createSpanLink.tsx `legacyCreateSpanLinkFactory`: a custom
 *     query is interpolated with `scopedVarsFromSpan(span)` = `__span: { spanId, traceId, duration, name, tags }`, tags
 *     being process (resource) tags overwritten by span tags; the link is only shown when
 *     `getVariableUsageInfo(query, scopedVars).allVariablesDefined`; the range is the span shifted by
 *     `rangeUtil.intervalToMs(spanStartTimeShift / spanEndTimeShift)` (`getTimeRangeFromSpan`).
 */
import { rangeUtil } from '@grafana/data';
import { groupBy, property } from 'lodash';
import type { DerivedFieldConfig } from '../model';

/** public/app/features/variables/utils.ts `variableRegex`. */
const VARIABLE_REGEX = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?}/g;

export type ScopedVars = Record<string, { text?: string; value: unknown }>;

/** The value a variable reference resolves to, or undefined when it does not resolve. */
function lookup(name: string, fieldPath: string | undefined, scopedVars: ScopedVars): unknown {
  const v = scopedVars[name];
  if (!v) {
    return undefined;
  }
  return fieldPath ? property(fieldPath)(v.value) : v.value;
}

/** TemplateSrv.replace for scoped variables with the default (glob) format: strings are inserted as they are. */
export function replaceVariables(target: string, scopedVars: ScopedVars): string {
  return target.replace(VARIABLE_REGEX, (match, var1, var2, _fmt2, var3, fieldPath) => {
    const value = lookup(var1 || var2 || var3, fieldPath, scopedVars);
    return value === undefined || value === null ? match : String(value);
  });
}

/** public/app/features/explore/utils/links.ts `getVariableUsageInfo(...).allVariablesDefined`. */
export function allVariablesDefined(target: string, scopedVars: ScopedVars): boolean {
  for (const m of target.matchAll(VARIABLE_REGEX)) {
    const value = lookup(m[1] || m[2] || m[4], m[5], scopedVars);
    if (value === undefined || value === null) {
      return false;
    }
  }
  return true;
}

export interface DerivedLink {
  field: string;
  value: string;
  datasourceUid?: string;
  /** The interpolated internal-link query. */
  query: string;
  queryType?: string;
}

/** The links Grafana attaches to one log line (getDerivedFields + link interpolation). */
export function derivedLinksForLine(
  line: string,
  configs: DerivedFieldConfig[],
  datasourceTypes: Record<string, string> = {}
): DerivedLink[] {
  const grouped = groupBy(configs, 'name');
  const links: DerivedLink[] = [];
  for (const [name, group] of Object.entries(grouped)) {
    const first = group[0];
    if (first.matcherType !== undefined && first.matcherType !== 'regex') {
      continue; // 'label' fields read stream labels, not the line
    }
    const m = line.match(first.matcherRegex);
    const value = m && m[1] ? m[1] : null;
    if (value === null) {
      continue;
    }
    for (const cfg of group) {
      if (!cfg.datasourceUid && !cfg.url) {
        continue;
      }
      const scopedVars: ScopedVars = { __value: { value: { raw: value, text: value } } };
      links.push({
        field: name,
        value,
        datasourceUid: cfg.datasourceUid,
        query: replaceVariables(cfg.url ?? '', scopedVars),
        queryType: cfg.datasourceUid && datasourceTypes[cfg.datasourceUid] === 'tempo' ? 'traceql' : undefined,
      });
    }
  }
  return links;
}

/** A span as Grafana's trace view holds it (tags from span attributes, process tags from resource attributes). */
export interface TraceSpanLike {
  traceID: string;
  spanID: string;
  operationName: string;
  /** Microseconds since epoch, as in Grafana's TraceSpan. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: Array<{ key: string; value: unknown }>;
  process: { serviceName: string; tags: Array<{ key: string; value: unknown }> };
}

export interface TraceToLogsOptionsV2 {
  datasourceUid?: string;
  customQuery: boolean;
  query?: string;
  spanStartTimeShift?: string;
  spanEndTimeShift?: string;
}

/** createSpanLink.tsx `scopedVarsFromSpan`. */
export function scopedVarsFromSpan(span: TraceSpanLike): ScopedVars {
  const tags: Record<string, unknown> = {};
  for (const t of span.process.tags) {
    tags[t.key] = t.value;
  }
  for (const t of span.tags) {
    tags[t.key] = t.value;
  }
  return {
    __span: {
      text: 'Span',
      value: { spanId: span.spanID, traceId: span.traceID, duration: span.duration, name: span.operationName, tags },
    },
  };
}

/** The "Related logs" link of a span for a custom trace-to-logs query, or undefined when Grafana shows none. */
export function traceToLogsLink(
  span: TraceSpanLike,
  options: TraceToLogsOptionsV2
): { datasourceUid?: string; expr: string; from: number; to: number } | undefined {
  if (!options.customQuery || !options.query) {
    return undefined;
  }
  const vars = scopedVarsFromSpan(span);
  if (!allVariablesDefined(options.query, vars)) {
    return undefined;
  }
  // getTimeRangeFromSpan → getTimeRangeFromTimestamps: microseconds → ms, shifted, end bumped if equal to start.
  const startMs = options.spanStartTimeShift ? rangeUtil.intervalToMs(options.spanStartTimeShift) : 0;
  const endMs = options.spanEndTimeShift ? rangeUtil.intervalToMs(options.spanEndTimeShift) : 0;
  const from = Math.floor(span.startTime / 1000 + startMs);
  let to = Math.floor((span.startTime + span.duration) / 1000 + endMs);
  if (to === from) {
    to++;
  }
  return { datasourceUid: options.datasourceUid, expr: replaceVariables(options.query, vars), from, to };
}

/** OTLP/HTTP JSON export → Grafana trace view spans (Tempo maps attributes to tags, resource attributes to process). */
export function spansFromOtlpJson(body: unknown): TraceSpanLike[] {
  const out: TraceSpanLike[] = [];
  const anyValue = (v: Record<string, unknown>) => Object.values(v ?? {})[0];
  const rs = (body as { resourceSpans?: unknown[] }).resourceSpans ?? [];
  for (const r of rs as Array<Record<string, any>>) {
    const processTags = (r.resource?.attributes ?? []).map((a: any) => ({ key: a.key, value: anyValue(a.value) }));
    const serviceName = String(processTags.find((t: any) => t.key === 'service.name')?.value ?? '');
    for (const ss of r.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const startNs = BigInt(s.startTimeUnixNano);
        const endNs = BigInt(s.endTimeUnixNano);
        out.push({
          traceID: s.traceId,
          spanID: s.spanId,
          operationName: s.name,
          startTime: Number(startNs / BigInt(1000)),
          duration: Number((endNs - startNs) / BigInt(1000)),
          tags: (s.attributes ?? []).map((a: any) => ({ key: a.key, value: anyValue(a.value) })),
          process: { serviceName, tags: processTags },
        });
      }
    }
  }
  return out;
}
