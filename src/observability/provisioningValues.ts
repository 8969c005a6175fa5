/**
 * How Grafana's provisioning turns the string values of a data source file into stored values, re-stated so tests can
 * load our checked-in YAML exactly as Grafana would. Sources (grafana/grafana):
 *  - pkg/services/provisioning/values/values.go, `interpolateValue`: split the value on "$$", run
 *    `setting.ExpandVar` then `os.ExpandEnv` on each part, join the parts with "$". `transformInterface` /
 *    `transformMap` / `transformSlice` apply it to every string inside jsonData and secureJsonData.
 *  - pkg/setting/expanders.go, `ExpandVar` / `applyExpander`: regex `\$(|__\w+){([^}]+)}`; "env" (priority -10)
 *    handles `${X}` and `$__env{X}`, "file" (priority -5) handles `$__file{path}`: os.Stat, os.ReadFile,
 *    strings.TrimSpace; a missing file is an error.
 *  - Go's os/env.go, `Expand` / `getShellName`: `$name` (letters, digits, _), `${name}`, special vars `$*#$@!?-0-9`;
 *    `${}` and an unterminated `${` are eaten; a `$` followed by anything else stays.
 */

import { mapStrings } from '../model/setupPlan';

export interface ProvisioningEnv {
  env: Record<string, string | undefined>;
  /** Contents of files `$__file{}` may read; a path missing here fails like os.Stat would. */
  files?: Record<string, string>;
  hostname?: string;
}

const EXPANDER = /\$(|__\w+)\{([^}]+)\}/g;

/** pkg/setting/expanders.go `ExpandVar`: env first, then file (expanders sorted by priority). */
export function expandVar(s: string, ctx: ProvisioningEnv): string {
  for (const name of ['env', 'file'] as const) {
    // applyExpander: all matches are found first, then each is replaced once (strings.Replace(s, m, v, 1)).
    const matches = [...s.matchAll(EXPANDER)];
    for (const m of matches) {
      const prefix = m[1];
      if (prefix === `__${name}` || (prefix === '' && name === 'env')) {
        s = s.replace(m[0], () => expandOne(name, m[2], ctx));
      }
    }
  }
  return s;
}

function expandOne(kind: 'env' | 'file', arg: string, ctx: ProvisioningEnv): string {
  if (kind === 'env') {
    const v = ctx.env[arg] ?? '';
    return arg === 'HOSTNAME' && v === '' ? (ctx.hostname ?? '') : v;
  }
  const content = ctx.files?.[arg];
  if (content === undefined) {
    throw new Error(`stat ${arg}: no such file or directory`);
  }
  return content.trim();
}

const SPECIAL = '*#$@!?-0123456789';
const isAlphaNum = (c: string) => /^[A-Za-z0-9_]$/.test(c);

/** Go os.getShellName: the name after a `$` and how many bytes it takes. */
function getShellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && SPECIAL.includes(s[1]) && s[2] === '}') {
      return [s[1], 3];
    }
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') {
        return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
      }
    }
    return ['', 1];
  }
  if (SPECIAL.includes(s[0])) {
    return [s[0], 1];
  }
  let i = 0;
  while (i < s.length && isAlphaNum(s[i])) {
    i++;
  }
  return [s.slice(0, i), i];
}

/** Go os.ExpandEnv. */
export function expandEnv(s: string, env: Record<string, string | undefined>): string {
  let out = '';
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      out += s.slice(i, j);
      const [name, w] = getShellName(s.slice(j + 1));
      if (name === '' && w > 0) {
        // invalid syntax: eaten
      } else if (name === '') {
        out += '$';
      } else {
        out += env[name] ?? '';
      }
      j += w;
      i = j + 1;
    }
  }
  return out + s.slice(i);
}

/** values.go `interpolateValue`. */
export function interpolateValue(val: string, ctx: ProvisioningEnv): string {
  return val
    .split('$$')
    .map((part) => expandEnv(expandVar(part, ctx), ctx.env))
    .join('$');
}

/** values.go `transformInterface`: interpolate every string in a value, keep other scalars. */
export function transformInterface(value: unknown, ctx: ProvisioningEnv): unknown {
  return mapStrings(value, (s) => interpolateValue(s, ctx));
}

/**
 * A `datasources:` entry as Grafana stores it (pkg/services/provisioning/datasources/types.go: name, uid, url, ... are
 * values.StringValue, jsonData values.JSONValue, secureJsonData values.StringMapValue; all interpolated).
 */
export function loadDataSourceEntry(entry: Record<string, unknown>, ctx: ProvisioningEnv): Record<string, unknown> {
  return transformInterface(entry, ctx) as Record<string, unknown>;
}
