/**
 * Checks of the data source settings, pure so the config editor, "Save & test" and tests share them.
 * Every message says how to fix the value, not only what is wrong with it.
 */

import { parseHttpUrl, type UrlProblem } from './url';

export type UrlRole = 'admin' | 'ingress';

export interface UrlCheck {
  /** The URL as it will be stored: trimmed, scheme lower-cased, trailing slash removed. */
  value: string;
  error?: string;
}

const EXAMPLE: Record<UrlRole, string> = {
  admin: 'https://cluster.restate.cloud:9070',
  ingress: 'https://cluster.restate.cloud:8080',
};

const LOCAL_EXAMPLE: Record<UrlRole, string> = {
  admin: 'http://localhost:9070',
  ingress: 'http://localhost:8080',
};

const NAME: Record<UrlRole, string> = { admin: 'the admin URL', ingress: 'the ingress URL' };

/**
 * Checks a Restate base URL (admin API or ingress). Empty is not an error here: whether a URL is required
 * is the caller's decision (see `requiredMessage`).
 */
export function checkBaseUrl(input: string | undefined, role: UrlRole): UrlCheck {
  const trimmed = (input ?? '').trim();
  if (trimmed === '') {
    return { value: '' };
  }
  const parsed = parseHttpUrl(trimmed);
  if ('problem' in parsed) {
    return { value: trimmed, error: baseUrlProblem(parsed.problem, trimmed, role) };
  }
  const { scheme, authority, rest } = parsed.url;
  const extra = rest.replace(/^\/$/, '');
  if (extra !== '') {
    return {
      value: trimmed,
      error: `Remove '${extra}': ${NAME[role]} is the server root, e.g. ${EXAMPLE[role]}.`,
    };
  }
  return { value: `${scheme}://${authority}` };
}

function baseUrlProblem(problem: UrlProblem, trimmed: string, role: UrlRole): string {
  switch (problem.kind) {
    case 'no-scheme': {
      // A scheme without "//" ("http:/host", "javascript:…"), as opposed to "host:port".
      const other = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(trimmed);
      if (other && /^https?$/i.test(other[1])) {
        const rest = trimmed.slice(other[0].length).replace(/^\/*/, '');
        return `Write two slashes after ${other[1].toLowerCase()}:, e.g. ${other[1].toLowerCase()}://${rest || 'localhost:9070'}.`;
      }
      if (other) {
        return `Use http:// or https:// (${other[1].toLowerCase()}: is not supported), e.g. ${LOCAL_EXAMPLE[role]}.`;
      }
      // Suggest the URL they meant: plain http for a local server, https for anything else.
      const scheme = /^(localhost|127\.|\[::1\])/i.test(trimmed) ? 'http' : 'https';
      return `Add http:// or https:// in front, e.g. ${scheme}://${trimmed}.`;
    }
    case 'scheme':
      return `Use http:// or https:// (${problem.scheme}:// is not supported).`;
    case 'credentials':
      return 'Remove the user name and password from the URL: put the API key or JWT in "Bearer token" instead.';
    case 'no-host':
      return `Add the host name after ${problem.scheme}://, e.g. ${LOCAL_EXAMPLE[role]}.`;
    case 'port':
      return `The port must be a number from 1 to 65535 (found '${problem.port}'), e.g. ${LOCAL_EXAMPLE[role]}.`;
    case 'host':
      return `'${problem.authority}' is not a valid host; check for typos, e.g. ${LOCAL_EXAMPLE[role]}.`;
  }
}

export function requiredMessage(role: UrlRole): string {
  return role === 'admin'
    ? `Enter the URL of Restate's admin API (port 9070 by default), e.g. ${LOCAL_EXAMPLE.admin}.`
    : `Enter the URL of Restate's ingress (port 8080 by default), e.g. ${LOCAL_EXAMPLE.ingress}.`;
}

function hostAndPort(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname.toLowerCase()}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return undefined;
  }
}

/** A warning when the ingress URL points at the admin API (same host and port): a common copy-paste slip. */
export function sameEndpointWarning(adminUrl: string | undefined, ingressUrl: string | undefined): string | undefined {
  const admin = checkBaseUrl(adminUrl, 'admin');
  const ingress = checkBaseUrl(ingressUrl, 'ingress');
  if (!admin.value || !ingress.value || admin.error || ingress.error) {
    return undefined;
  }
  const a = hostAndPort(admin.value);
  if (a && a === hostAndPort(ingress.value)) {
    return `The ingress URL uses the same host and port as the admin API (${a}). Restate serves ingress on its own port (8080 by default, the admin API on 9070): check the port.`;
  }
  return undefined;
}

const MATCHER = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*$/;

/** Splits the inside of `{...}` on commas outside quoted values. */
function splitMatchers(inside: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < inside.length; i++) {
    const ch = inside[i];
    if (quote) {
      if (ch === '\\' && quote === '"') {
        current += ch + (inside[++i] ?? '');
        continue;
      }
      if (ch === quote) {
        quote = undefined;
      }
    } else if (ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === ',') {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out;
}

/** Checks a LogQL stream selector such as `{kubernetes_container_name="restate"}`. Empty means "use the default". */
export function checkLogSelector(input: string | undefined, example: string): string | undefined {
  const trimmed = (input ?? '').trim();
  if (trimmed === '') {
    return undefined;
  }
  if (!trimmed.startsWith('{')) {
    return `Write a LogQL stream selector in braces, e.g. ${example}.`;
  }
  const close = trimmed.lastIndexOf('}');
  if (close === -1) {
    return `Close the selector with '}', e.g. ${example}.`;
  }
  const after = trimmed.slice(close + 1).trim();
  if (after !== '') {
    return `Only the stream selector {…} goes here: remove '${after}'.`;
  }
  const inside = trimmed.slice(1, close);
  if (inside.trim() === '') {
    return `Add at least one label matcher, e.g. ${example}.`;
  }
  const bad = splitMatchers(inside).find((m) => !MATCHER.test(m));
  if (bad !== undefined) {
    return `'${bad.trim()}' is not a label matcher: write label="value" (or !=, =~, !~), e.g. ${example}.`;
  }
  return undefined;
}

/** Checks the AWS principal Restate Cloud assumes before invoking Lambda functions (an IAM ARN). */
export function checkAwsPrincipal(input: string | undefined, example: string): string | undefined {
  const trimmed = (input ?? '').trim();
  if (trimmed === '' || /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/\S+$/.test(trimmed)) {
    return undefined;
  }
  return `Enter an IAM role ARN, e.g. ${example}.`;
}

/**
 * Checks a bearer token as typed, before Grafana stores it encrypted: what would be sent as part of the token and
 * make every request fail with 401 (a copied line break, a pasted "Bearer ", a curly quote). Empty is no token.
 */
export function checkToken(input: string | undefined): string | undefined {
  const token = input ?? '';
  if (token === '') {
    return undefined;
  }
  if (token.trim() === '') {
    return 'The token is only spaces or line breaks: paste the API key or JWT, or leave the field empty.';
  }
  if (token !== token.trim()) {
    return 'Remove the spaces or line breaks before or after the token: they would be sent as part of it.';
  }
  if (/^bearer\s/i.test(token)) {
    return 'Leave out "Bearer ": Grafana adds it. Paste only the API key or JWT.';
  }
  if (/[\r\n]/.test(token)) {
    return 'The token has a line break in it: copy it again as one line.';
  }
  if (/\s/.test(token)) {
    return 'The token has a space in it; an API key or JWT has none. Copy it again from where it was issued.';
  }
  if (/[^\x21-\x7e]/.test(token)) {
    return 'The token has a character an API key or JWT never has (e.g. a curly quote or an invisible character from a document): copy it again from where it was issued.';
  }
  return undefined;
}

/** Checks the request timeout in seconds (unset: the backend's 60 s). */
export function checkTimeout(value: number | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isInteger(value) || value < 1 || value > 600) {
    return 'Enter whole seconds from 1 to 600, e.g. 60, or leave it empty for 60.';
  }
  return undefined;
}
