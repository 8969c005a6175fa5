/*
 * The vocabulary of the app's set-ups (Loki/Tempo data sources, alert rules): a plan of changes to Grafana
 * objects, previewed setting by setting before anything is sent.
 */

/** One setting that differs: its path, the value now (undefined when it is not set) and after. */
export interface DiffEntry {
  path: string;
  kind: 'added' | 'changed';
  before?: unknown;
  after: unknown;
}

/** One Grafana object a set-up would create or change, as its preview shows it. */
export interface PlannedChange {
  uid: string;
  action: 'create' | 'update' | 'unchanged';
  /** Why it cannot be written (e.g. provisioned from a file); nothing is sent while a change is blocked. */
  blocked?: string;
  diff: DiffEntry[];
}

/** Why an object provisioned from a file cannot be changed, and what to do instead. */
export function provisionedFromFile(name: string): string {
  return (
    `${name} is provisioned from a file, so Grafana refuses changes through the API. ` +
    'Change its provisioning file instead (Download YAML renders it).'
  );
}

/** The action, diff and blocked reason of a change to an object that exists (`exists`) or not. */
export function plannedChange(
  uid: string,
  exists: boolean,
  diff: DiffEntry[],
  blocked: string | undefined
): PlannedChange {
  return {
    uid,
    action: !exists ? 'create' : diff.length === 0 ? 'unchanged' : 'update',
    ...(blocked ? { blocked } : {}),
    diff,
  };
}

/** Refuses a plan with a blocked change before anything is sent, with every reason. */
export function throwIfBlocked(changes: PlannedChange[]): void {
  const blocked = changes.filter((c) => c.blocked);
  if (blocked.length > 0) {
    throw new Error(blocked.map((c) => c.blocked).join(' '));
  }
}

/**
 * Sends each change in order through `write` (create or update; an unchanged object is not sent) and returns what
 * `done` says of each. Stops at the first failure. The caller refuses blocked plans first (throwIfBlocked).
 */
export async function sendChanges<C extends PlannedChange, R>(
  changes: C[],
  write: { create: (c: C) => Promise<unknown>; update: (c: C) => Promise<unknown> },
  done: (c: C) => R
): Promise<R[]> {
  const results: R[] = [];
  for (const c of changes) {
    if (c.action === 'create') {
      await write.create(c);
    } else if (c.action === 'update') {
      await write.update(c);
    }
    results.push(done(c));
  }
  return results;
}

/** `value` with `f` applied to every string in it, at any depth; other values as they are. */
export function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') {
    return f(value);
  }
  if (Array.isArray(value)) {
    return value.map((v) => mapStrings(v, f));
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  }
  return value;
}

/** A JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Path → value of the leaves of a JSON value, for before/after previews of what a set-up changes. Array items
 * that carry `idKey` (a query's refId, a derived field's name) are keyed by it, so a reordered array does not show
 * as changed; other items by their index.
 */
export function jsonLeaves(
  value: unknown,
  idKey: string,
  prefix = '',
  out = new Map<string, unknown>()
): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.set(prefix, []);
    }
    value.forEach((v, i) => {
      const id = isPlainObject(v) ? v[idKey] : undefined;
      jsonLeaves(v, idKey, `${prefix}${typeof id === 'string' ? `[${id}]` : `[${i}]`}`, out);
    });
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      jsonLeaves(v, idKey, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (value !== undefined) {
    out.set(prefix, value);
  }
  return out;
}

/**
 * The settings `after` adds or changes against `before`, leaf by leaf (see jsonLeaves). A leaf only `before` has
 * is not a change: it is something Grafana or a user added, and a set-up leaves it alone.
 */
export function diffLeaves(before: unknown, after: unknown, idKey: string): DiffEntry[] {
  const was = jsonLeaves(before, idKey);
  const diff: DiffEntry[] = [];
  for (const [path, v] of jsonLeaves(after, idKey)) {
    if (!was.has(path)) {
      diff.push({ path, kind: 'added', after: v });
    } else if (JSON.stringify(was.get(path)) !== JSON.stringify(v)) {
      diff.push({ path, kind: 'changed', before: was.get(path), after: v });
    }
  }
  return diff;
}
