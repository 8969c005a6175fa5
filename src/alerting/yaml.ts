import { escapeDollars, provisioningDocument } from '../observability/yaml';
import {
  type AlertCluster,
  type AlertRuleDefinition,
  type AlertThresholds,
  buildAlertRules,
  DEFAULT_THRESHOLDS,
} from './model';

/**
 * The alerting provisioning file (apiVersion 1, `groups:`) of a cluster's rules. Which values Grafana interpolates
 * (grafana/grafana pkg/services/provisioning/alerting/rules_types.go, `AlertRuleGroupV1` / `AlertRuleV1` /
 * `QueryV1` `mapToModel`), and so where a literal `$` must be written `$$` (values.go `interpolateValue`):
 *  - interpolated (`.Value()`): group name, folder, interval, uid, title, condition, states, for, labels, refId,
 *    datasourceUid: escaped here;
 *  - NOT interpolated: the query `model` (`Model.Raw`, "as Value would try to interpolate macros like
 *    `$__timeFilter`") and the annotations (`Annotations.Raw` since grafana#54975, because they hold alert
 *    templates): written as they are. Doubling the `$` of `{{ $labels.service }}` there would leave `$$labels` in
 *    the stored template. Newer Grafana expands only braced `${VAR}` in annotations, which ours never contain.
 */
export function alertRuleEntry(r: AlertRuleDefinition): Record<string, unknown> {
  for (const [k, v] of Object.entries(r.annotations)) {
    if (v.includes('${')) {
      throw new Error(`Annotation ${k} of ${r.uid} holds "\${", which newer Grafana expands when provisioning.`);
    }
  }
  const esc = (o: Record<string, string>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, escapeDollars(v)]));
  return {
    uid: escapeDollars(r.uid),
    title: escapeDollars(r.title),
    condition: escapeDollars(r.condition),
    data: r.data.map((d) => ({
      refId: escapeDollars(d.refId),
      relativeTimeRange: d.relativeTimeRange,
      datasourceUid: escapeDollars(d.datasourceUid),
      model: d.model,
    })),
    noDataState: r.noDataState,
    execErrState: r.execErrState,
    for: r.for,
    labels: esc(r.labels),
    annotations: r.annotations,
    isPaused: false,
  };
}

export function renderAlertRulesYaml(
  cluster: AlertCluster,
  thresholds: AlertThresholds = DEFAULT_THRESHOLDS,
  comment?: string
): string {
  const group = buildAlertRules(cluster, thresholds);
  return provisioningDocument(
    {
      apiVersion: 1,
      groups: [
        {
          orgId: 1,
          name: escapeDollars(group.name),
          folder: escapeDollars(group.folderTitle),
          interval: group.interval,
          rules: group.rules.map(alertRuleEntry),
        },
      ],
    },
    comment
  );
}
