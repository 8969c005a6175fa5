/**
 * Restate 1.7's flow-control rules and Kafka subscription addresses, checked as Restate checks them (measured on
 * restate-server 1.7.12), so the forms never send what Restate would refuse. No I/O.
 */

/** The largest concurrency Restate accepts (a non-zero u32). */
export const MAX_CONCURRENCY = 4_294_967_295;
/** A pattern has at most this many components (scope / limit key level 1 / level 2). */
export const MAX_PATTERN_COMPONENTS = 3;
/** Each component is at most this many bytes. */
export const MAX_COMPONENT_BYTES = 36;

const COMPONENT = /^[A-Za-z0-9_.-]+$/;

/**
 * Checks a rule pattern such as `*`, `tenant-a/*` or `tenant-a/orders/eu`: 1–3 components separated by `/`,
 * each `*` or 1–36 characters of `[a-zA-Z0-9_.-]`. Returns what is wrong, or undefined. A trailing `/` is
 * accepted (Restate drops it); `normalizePattern` removes it before sending.
 */
export function validatePattern(input: string): string | undefined {
  const pattern = normalizePattern(input);
  if (pattern === '') {
    return 'Enter a pattern: * for everything, a scope such as tenant-a, or scope/limit-key such as tenant-a/*.';
  }
  const parts = pattern.split('/');
  if (parts.length > MAX_PATTERN_COMPONENTS) {
    return `A pattern has at most ${MAX_PATTERN_COMPONENTS} parts (scope/level1/level2); this one has ${parts.length}.`;
  }
  for (const [i, part] of parts.entries()) {
    if (part === '') {
      return `Part ${i + 1} is empty: remove the extra “/”.`;
    }
    if (part === '*') {
      continue;
    }
    if (!COMPONENT.test(part)) {
      return `“${part}” may only hold letters, digits, “_”, “.” and “-”, or be * alone (wildcards inside a name are not supported).`;
    }
    if (part.length > MAX_COMPONENT_BYTES) {
      return `“${part.slice(0, 12)}…” is ${part.length} characters long; each part is at most ${MAX_COMPONENT_BYTES}.`;
    }
  }
  return undefined;
}

/** The pattern as Restate stores it: trimmed, without a trailing `/`. */
export function normalizePattern(input: string): string {
  return input.trim().replace(/\/$/, '');
}

/**
 * Checks the concurrency limit as typed: empty means unlimited (the rule then limits nothing), otherwise a whole
 * number from 1 to 4 294 967 295.
 */
export function validateConcurrency(input: string): string | undefined {
  const v = input.trim();
  if (v === '') {
    return undefined;
  }
  if (!/^\d+$/.test(v)) {
    return 'Enter a whole number of invocations (for example 10), or leave it empty for no limit.';
  }
  const n = Number(v);
  if (n < 1) {
    return 'The limit must be at least 1 (Restate has no limit of 0). To hold invocations back, pause their virtual queue instead.';
  }
  if (n > MAX_CONCURRENCY) {
    return `The limit is at most ${MAX_CONCURRENCY.toLocaleString('en-US')}.`;
  }
  return undefined;
}

/** What a pattern applies to, in words (for the form's description and the table). */
export function describePattern(pattern: string): string {
  const parts = normalizePattern(pattern).split('/');
  const what = (p: string, noun: string) => (p === '*' ? `every ${noun}` : `${noun} “${p}”`);
  if (parts.length === 1) {
    return parts[0] === '*' ? 'Each scope' : `Scope “${parts[0]}”`;
  }
  if (parts.length === 2) {
    return `${what(parts[1], 'limit key')} in ${what(parts[0], 'scope')}`.replace(/^./, (c) => c.toUpperCase());
  }
  return `${what(parts[2], 'second-level key')} under ${what(parts[1], 'limit key')} in ${what(parts[0], 'scope')}`.replace(
    /^./,
    (c) => c.toUpperCase()
  );
}

/** A virtual queue id as Restate prints it (`vq_` and base62). */
export const VQUEUE_ID = /^vq_[0-9A-Za-z]+$/;

/** A subscription id as Restate prints it. */
export const SUBSCRIPTION_ID = /^sub_[0-9A-Za-z]+$/;

const CLUSTER_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

/** `kafka://<cluster>/<topic>` from its parts. */
export const sourceUri = (cluster: string, topic: string) => `kafka://${cluster}/${topic.trim()}`;
/** `service://<service>/<handler>` from its parts. */
export const sinkUri = (service: string, handler: string) => `service://${service}/${handler}`;

/** Parses `kafka://<cluster>/<topic>`; undefined when it is not of that form. */
export function parseSource(uri: string): { cluster: string; topic: string } | undefined {
  const m = /^kafka:\/\/([^/]+)\/(.+)$/.exec(uri.trim());
  return m ? { cluster: m[1], topic: m[2] } : undefined;
}

/** Parses `service://<service>/<handler>`; undefined when it is not of that form. */
export function parseSink(uri: string): { service: string; handler: string } | undefined {
  const m = /^service:\/\/([^/]+)\/([^/]+)$/.exec(uri.trim());
  return m ? { service: m[1], handler: m[2] } : undefined;
}

/** Checks a Kafka topic name (Kafka's own rule). */
export function validateTopic(input: string): string | undefined {
  const t = input.trim();
  if (t === '') {
    return 'Enter the topic to consume, for example orders.';
  }
  if (!TOPIC.test(t)) {
    return 'A Kafka topic name has 1 to 249 characters: letters, digits, “.”, “_” and “-”.';
  }
  return undefined;
}

/** Checks a Kafka cluster name (a hostname, as Restate requires). */
export function validateClusterName(input: string): string | undefined {
  return CLUSTER_NAME.test(input) ? undefined : `“${input}” is not a valid Kafka cluster name (a hostname).`;
}

/** Options as key/value rows: names must be unique and not empty; a row with neither is ignored. */
export function validateOptions(rows: Array<{ key: string; value: string }>): Array<string | undefined> {
  const seen = new Set<string>();
  return rows.map(({ key, value }) => {
    const k = key.trim();
    if (k === '' && value === '') {
      return undefined;
    }
    if (k === '') {
      return 'Give this option a name (for example auto.offset.reset), or clear its value.';
    }
    if (seen.has(k)) {
      return `“${k}” is set twice; keep one.`;
    }
    seen.add(k);
    return undefined;
  });
}

/** The rows as Restate's options object (empty rows dropped). */
export function optionsObject(rows: Array<{ key: string; value: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of rows) {
    if (key.trim() !== '') {
      out[key.trim()] = value;
    }
  }
  return out;
}
