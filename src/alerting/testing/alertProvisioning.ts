/**
 * How Grafana's file provisioning turns an alerting file's rule groups into stored rules, re-stated so tests can load
 * our checked-in YAML as Grafana would. Sources (grafana/grafana):
 *  - pkg/services/provisioning/alerting/rules_types.go: `AlertRuleGroupV1` (orgId, name, folder, interval as
 *    values.*Value, so interpolated), `AlertRuleV1.mapToModel` (uid, title, condition, noDataState, execErrState,
 *    for: `.Value()`; labels: `Labels.Value()`; annotations: `Annotations.Raw`, not interpolated), `QueryV1.mapToModel`
 *    (refId, queryType, datasourceUid: `.Value()`; relativeTimeRange as written; model: `Model.Raw`, not interpolated).
 *  - Newer Grafana expands braced `${VAR}` in annotations (`ValueWithBracedVars`); `annotationMode: 'braced'` models
 *    that with the env/file expanders only.
 *  - Interpolation itself: values.go `interpolateValue`, re-stated in src/observability/provisioningValues.ts.
 */
import { parse } from 'yaml';
import { expandVar, interpolateValue, type ProvisioningEnv } from '../../observability/provisioningValues';

export interface LoadedQuery {
  refId: string;
  relativeTimeRange: unknown;
  datasourceUid: string;
  model: unknown;
}

export interface LoadedRule {
  uid: string;
  title: string;
  condition: string;
  data: LoadedQuery[];
  noDataState: string;
  execErrState: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
}

export interface LoadedGroup {
  orgId: number;
  name: string;
  folder: string;
  interval: string;
  rules: LoadedRule[];
}

type Raw = Record<string, any>;

export function loadAlertingFile(
  text: string,
  ctx: ProvisioningEnv,
  annotationMode: 'raw' | 'braced' = 'raw'
): LoadedGroup[] {
  const doc = parse(text) as { apiVersion: number; groups: Raw[] };
  if (doc.apiVersion !== 1) {
    throw new Error(`apiVersion ${doc.apiVersion}`);
  }
  const v = (s: unknown) => interpolateValue(String(s ?? ''), ctx);
  const map = (m: Raw | undefined, f: (s: string) => string) =>
    Object.fromEntries(Object.entries(m ?? {}).map(([k, s]) => [k, f(String(s))]));
  return doc.groups.map((g) => ({
    orgId: Math.max(Number(v(g.orgId)) || 0, 1),
    name: v(g.name),
    folder: v(g.folder),
    interval: v(g.interval),
    rules: (g.rules as Raw[]).map((r) => ({
      uid: v(r.uid),
      title: v(r.title),
      condition: v(r.condition),
      data: (r.data as Raw[]).map((d) => ({
        refId: v(d.refId),
        relativeTimeRange: d.relativeTimeRange,
        datasourceUid: v(d.datasourceUid),
        model: d.model,
      })),
      noDataState: v(r.noDataState),
      execErrState: v(r.execErrState),
      for: v(r.for),
      labels: map(r.labels, v),
      annotations: map(r.annotations, annotationMode === 'raw' ? (s) => s : (s) => expandVar(s, ctx)),
      isPaused: String(r.isPaused) === 'true',
    })),
  }));
}
