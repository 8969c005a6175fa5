import { Document } from 'yaml';
import { mapStrings } from '../model/setupPlan';
import { buildObservability, type DataSourceDefinition, type ObservabilityCluster, tokenReference } from './model';

/**
 * Grafana's provisioning expands environment variables in every string value and keeps a `$` only when written `$$`
 * (pkg/services/provisioning/values/values.go, `interpolateValue`). So every literal `$` (the `${__value.raw}` of the
 * derived fields, the `${__span.tags[…]}` of trace-to-logs) is doubled here, except the token reference meant to
 * expand (`$RESTATE_TOKEN`, `$__file{/token}`), which only appears in secureJsonData.
 */
export function escapeDollars(value: string, keep?: string): string {
  if (!keep) {
    return value.replace(/\$/g, '$$$$');
  }
  return value
    .split(keep)
    .map((part) => escapeDollars(part))
    .join(keep);
}

function escapeDeep(value: unknown, keep?: string): unknown {
  return mapStrings(value, (s) => escapeDollars(s, keep));
}

/** One `datasources:` entry of a provisioning file. */
export function provisioningEntry(def: DataSourceDefinition, reference?: string): Record<string, unknown> {
  return {
    name: escapeDollars(def.name),
    type: def.type,
    uid: def.uid,
    access: def.access,
    url: escapeDollars(def.url),
    jsonData: escapeDeep(def.jsonData),
    ...(def.secureJsonData ? { secureJsonData: escapeDeep(def.secureJsonData, reference) } : {}),
  };
}

/**
 * The provisioning file (apiVersion 1) of a cluster's Restate, Loki and Tempo data sources.
 * Refuses a pasted token: files take the token from the environment or a file, never inline.
 */
export function renderProvisioningYaml(cluster: ObservabilityCluster, comment?: string): string {
  if (cluster.token.kind === 'literal') {
    throw new Error('A provisioning file never holds a token: use $RESTATE_TOKEN or $__file{/token}.');
  }
  const model = buildObservability(cluster);
  const reference = tokenReference(cluster.token);
  return provisioningDocument(
    {
      apiVersion: 1,
      datasources: [model.restate, model.loki, model.tempo].map((d) => provisioningEntry(d, reference)),
    },
    comment
  );
}

/**
 * A provisioning file's text: the content, with `comment` as `#` lines above it. lineWidth 0 never folds a long
 * regex, query or SQL over several lines.
 */
export function provisioningDocument(content: Record<string, unknown>, comment?: string): string {
  const doc = new Document(content);
  if (comment) {
    doc.commentBefore = comment
      .split('\n')
      .map((l) => (l ? ` ${l}` : ''))
      .join('\n');
  }
  return doc.toString({ lineWidth: 0 });
}
