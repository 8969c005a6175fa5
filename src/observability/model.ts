import { DATASOURCE_TYPE, DEFAULT_LOG_SELECTOR } from '../model/datasource';
import { parseHttpUrl } from '../model/url';

/**
 * The one model of a cluster's logs-and-traces wiring. The provisioning YAML, the app's
 * "Set up logs and traces" action and the tests are all built from `buildObservability`, so they cannot drift.
 */

export const DEFAULT_TOKEN_ENV = 'RESTATE_TOKEN';
export const DEFAULT_TOKEN_FILE = '/token';

/** Where the bearer token comes from. env/file are provisioning references Grafana expands when it loads the file. */
export type TokenSource =
  | { kind: 'none' }
  | { kind: 'env'; variable?: string }
  | { kind: 'file'; path?: string }
  /** A token the user pasted in the app; only ever sent to Grafana's API, never written to a file. */
  | { kind: 'literal'; token: string };

export interface ObservabilityCluster {
  /** Cluster name (Restate Cloud: the host's first label); names the data sources and derives their uids. */
  name: string;
  /** uid of the cluster's Restate data source. */
  restateUid: string;
  /** Restate data source name; defaults to `Restate <name>`. */
  restateName?: string;
  adminUrl?: string;
  ingressUrl?: string;
  lokiUrl: string;
  tempoUrl: string;
  token: TokenSource;
  /** LogQL stream selector of the Restate logs; default {kubernetes_container_name="restate"}. */
  logSelector?: string;
  lokiUid?: string;
  tempoUid?: string;
}

/** Grafana's data source JSON, as provisioning files and `POST /api/datasources` take it. */
export interface DataSourceDefinition {
  name: string;
  uid: string;
  type: string;
  access: 'proxy';
  url: string;
  jsonData: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
}

export interface ObservabilityModel {
  loki: DataSourceDefinition;
  tempo: DataSourceDefinition;
  restate: DataSourceDefinition;
}

/** Loki derived field (public/app/plugins/datasource/loki/types.ts `DerivedFieldConfig`). */
export interface DerivedFieldConfig {
  name: string;
  matcherRegex: string;
  matcherType?: 'regex' | 'label';
  url?: string;
  urlDisplayLabel?: string;
  datasourceUid?: string;
  targetBlank?: boolean;
}

/** TraceQL the derived fields run on the Tempo data source; `${__value.raw}` is the captured id. */
export const TRACEQL_BY_INVOCATION_ID = '{ .restate.invocation.id="${__value.raw}" }';

/**
 * Every shape of a real log line that carries an invocation id (see tests/fixtures/observability/logs).
 * Grafana applies `line.match(matcherRegex)` and takes capture group 1, once per line and field
 * (getDerivedFields.ts), and groups fields by name, so names are unique and each regex has one group.
 */
export const INVOCATION_ID_MATCHERS: ReadonlyArray<Pick<DerivedFieldConfig, 'name' | 'matcherRegex'>> = [
  // The seed's field: server JSON lines with the id as a tracing field, in `fields`, `span` or `spans`.
  { name: 'Restate invocation', matcherRegex: '"restate.invocation.id":"(.+?)"' },
  // Server JSON lines whose only id is a span's `invocation_id` (ingress "call invocation" span). The lookahead
  // skips lines the first field already links, so each line gets one link.
  {
    name: 'Restate invocation (invocation_id)',
    matcherRegex: '^(?!.*"restate\\.invocation\\.id":").*?"invocation_id":"(inv_[0-9A-Za-z]+)"',
  },
  // The TypeScript SDK's console lines: [restate][<time>][<service>/<key>/<handler>][inv_…] LEVEL: …
  {
    name: 'Restate invocation (SDK log)',
    matcherRegex: '\\[restate\\]\\[[^\\]]+\\]\\[.*?\\]\\[(inv_[0-9A-Za-z]+)\\]',
  },
];

export const SPAN_START_TIME_SHIFT = '-5m';
export const SPAN_END_TIME_SHIFT = '5m';

/** Loki query of a span's logs; `${__span.tags["…"]}` is interpolated by Grafana's trace view. */
export function traceToLogsQuery(logSelector: string): string {
  return `${logSelector} |= "\${__span.tags["restate.invocation.id"]}"`;
}

/** Lower-case, dash-separated form of a cluster name. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// Grafana uids are at most 40 characters of [a-zA-Z0-9-_].
const MAX_UID = 40;

/** Stable uid of a cluster's Loki/Tempo data source, derived from the cluster name. */
export function derivedUid(clusterName: string, kind: 'loki' | 'tempo' | 'prometheus'): string {
  const prefix = 'restate-';
  const suffix = `-${kind}`;
  let slug = slugify(clusterName) || 'cluster';
  const room = MAX_UID - prefix.length - suffix.length;
  if (slug.length > room) {
    // Keep long names distinct: truncate and add a short hash of the full name.
    const hash = fnv1a(clusterName).toString(36).padStart(7, '0').slice(0, 7);
    slug = `${slug.slice(0, room - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }
  return `${prefix}${slug}${suffix}`;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The token as the data source's secure value holds it: a literal, or the provisioning reference
 * (`$RESTATE_TOKEN`, `$__file{/token}`) that Grafana's provisioning expands (pkg/services/provisioning/values/values.go).
 */
export function tokenValue(token: TokenSource): string | undefined {
  switch (token.kind) {
    case 'none':
      return undefined;
    case 'env': {
      const v = token.variable ?? DEFAULT_TOKEN_ENV;
      if (!ENV_NAME.test(v)) {
        throw new Error(
          `"${v}" is not an environment variable name (letters, digits and _, not starting with a digit).`
        );
      }
      return `$${v}`;
    }
    case 'file': {
      const p = token.path ?? DEFAULT_TOKEN_FILE;
      if (!p || /[}\s]/.test(p)) {
        throw new Error(`"${p}" cannot be used as a token file path (no spaces or "}").`);
      }
      return `$__file{${p}}`;
    }
    case 'literal':
      return token.token.trim() || undefined;
  }
}

/** The provisioning reference a token source stands for, which YAML rendering must leave unescaped. */
export function tokenReference(token: TokenSource): string | undefined {
  return token.kind === 'env' || token.kind === 'file' ? tokenValue(token) : undefined;
}

export function lokiUidOf(c: ObservabilityCluster): string {
  return c.lokiUid || derivedUid(c.name, 'loki');
}

export function tempoUidOf(c: ObservabilityCluster): string {
  return c.tempoUid || derivedUid(c.name, 'tempo');
}

export function logSelectorOf(c: ObservabilityCluster): string {
  return c.logSelector?.trim() || DEFAULT_LOG_SELECTOR;
}

/** Derived fields linking every id-bearing log line to the TraceQL query of that invocation. */
export function invocationDerivedFields(tempoUid: string): DerivedFieldConfig[] {
  return INVOCATION_ID_MATCHERS.map((m) => ({
    name: m.name,
    matcherType: 'regex',
    matcherRegex: m.matcherRegex,
    url: TRACEQL_BY_INVOCATION_ID,
    urlDisplayLabel: 'Trace of this invocation',
    datasourceUid: tempoUid,
  }));
}

function bearerHeader(token: TokenSource): Pick<DataSourceDefinition, 'jsonData' | 'secureJsonData'> {
  const value = tokenValue(token);
  if (value === undefined) {
    return { jsonData: {} };
  }
  // "Custom HTTP Header" of Grafana's HTTP settings: name in jsonData, value encrypted in secureJsonData.
  return { jsonData: { httpHeaderName1: 'Authorization' }, secureJsonData: { httpHeaderValue1: `Bearer ${value}` } };
}

export function buildObservability(c: ObservabilityCluster): ObservabilityModel {
  const lokiUid = lokiUidOf(c);
  const tempoUid = tempoUidOf(c);
  const selector = logSelectorOf(c);
  const header = bearerHeader(c.token);

  // Loki and Tempo are plain proxy data sources sending the cluster's bearer header.
  const withBearer = (
    type: 'loki' | 'tempo',
    name: string,
    uid: string,
    url: string,
    jsonData: Record<string, unknown>
  ): DataSourceDefinition => ({
    name,
    uid,
    type,
    access: 'proxy',
    url,
    jsonData: { ...header.jsonData, ...jsonData },
    ...(header.secureJsonData ? { secureJsonData: { ...header.secureJsonData } } : {}),
  });

  const loki = withBearer('loki', `Loki (Restate ${c.name})`, lokiUid, c.lokiUrl, {
    derivedFields: invocationDerivedFields(tempoUid),
  });

  const tempo = withBearer('tempo', `Tempo (Restate ${c.name})`, tempoUid, c.tempoUrl, {
    // Field names and formats: TraceToLogsOptionsV2 (packages/grafana-o11y-ds-frontend TraceToLogsSettings.tsx);
    // time shifts are parsed by rangeUtil.intervalToMs in createSpanLink.tsx.
    tracesToLogsV2: {
      datasourceUid: lokiUid,
      customQuery: true,
      query: traceToLogsQuery(selector),
      spanStartTimeShift: SPAN_START_TIME_SHIFT,
      spanEndTimeShift: SPAN_END_TIME_SHIFT,
      filterByTraceID: false,
      filterBySpanID: false,
      tags: [],
    },
    nodeGraph: { enabled: true },
    search: { hide: false },
    lokiSearch: { datasourceUid: lokiUid },
  });

  const token = tokenValue(c.token);
  const restate: DataSourceDefinition = {
    name: c.restateName ?? `Restate ${c.name}`,
    uid: c.restateUid,
    type: DATASOURCE_TYPE,
    access: 'proxy',
    // Stays empty: every call goes through the routes of src/datasource/plugin.json.
    url: '',
    jsonData: {
      clusterName: c.name,
      ...(c.adminUrl ? { adminUrl: c.adminUrl } : {}),
      ...(c.ingressUrl ? { ingressUrl: c.ingressUrl } : {}),
      lokiUid,
      tempoUid,
      logSelector: selector,
    },
    ...(token !== undefined ? { secureJsonData: { token } } : {}),
  };

  return { loki, tempo, restate };
}

/** Default Loki/Tempo URL from a Restate admin URL: same scheme and host, port 3100 (Restate Cloud). */
export function defaultObservabilityUrl(adminUrl: string | undefined): string {
  if (!adminUrl) {
    return '';
  }
  try {
    const u = new URL(adminUrl);
    return `${u.protocol}//${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:3100`;
  } catch {
    return '';
  }
}

/** The words of a data source URL check that differ by data source: what to type, and where credentials go. */
export interface UrlProblemWords {
  /** Shown for an empty field. */
  empty: string;
  /** Where the credentials belong instead of the URL. */
  credentials: string;
  /** The scheme suggested for a URL typed without one. */
  scheme: 'http' | 'https';
  /** An example host and port, e.g. `https://host:3100`. */
  example: string;
}

/** Why a data source URL cannot work (in `words`), or undefined when it can. */
export function dataSourceUrlProblem(url: string, words: UrlProblemWords): string | undefined {
  const trimmed = url.trim();
  if (!trimmed) {
    return words.empty;
  }
  const parsed = parseHttpUrl(trimmed);
  if (!('problem' in parsed)) {
    return undefined;
  }
  switch (parsed.problem.kind) {
    case 'scheme':
      return `Use http:// or https:// (got ${parsed.problem.scheme}://)`;
    case 'credentials':
      return `Remove the user name and password from the URL: ${words.credentials}`;
    case 'no-scheme':
      return `Use http:// or https:// in front, e.g. ${words.scheme}://${trimmed}`;
    default:
      return `Not a URL: check the host and port, e.g. ${words.example}`;
  }
}

/** Why a Loki/Tempo URL cannot work, or undefined when it can. */
export function urlProblem(url: string): string | undefined {
  return dataSourceUrlProblem(url, {
    empty: 'Enter a URL, e.g. https://my-cluster.dev.restate.cloud:3100',
    credentials: 'the token field carries the credentials',
    scheme: 'https',
    example: 'https://host:3100',
  });
}
