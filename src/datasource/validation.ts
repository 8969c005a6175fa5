/**
 * Checks of the data source settings, pure so the config editor, "Save & test" and tests share them.
 * Every message says how to fix the value, not only what is wrong with it.
 */

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

/** Splits `scheme://authority/rest` without the URL parser, which rejects bad ports before we can explain them. */
const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i;
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[^:@]+)(?::(.*))?$/i;

/**
 * Checks a Restate base URL (admin API or ingress). Empty is not an error here: whether a URL is required
 * is the caller's decision (see `requiredMessage`).
 */
export function checkBaseUrl(input: string | undefined, role: UrlRole): UrlCheck {
  const trimmed = (input ?? '').trim();
  if (trimmed === '') {
    return { value: '' };
  }
  const parts = URL_PARTS.exec(trimmed);
  if (!parts) {
    // Suggest the URL they meant: plain http for a local server, https for anything else.
    const scheme = /^(localhost|127\.|\[::1\])/i.test(trimmed) ? 'http' : 'https';
    return { value: trimmed, error: `Add http:// or https:// in front, e.g. ${scheme}://${trimmed}.` };
  }
  const [, rawScheme, authority, rest] = parts;
  const scheme = rawScheme.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return { value: trimmed, error: `Use http:// or https:// (${scheme}:// is not supported).` };
  }
  if (authority.includes('@')) {
    return {
      value: trimmed,
      error: 'Remove the user name and password from the URL: put the API key or JWT in "Bearer token" instead.',
    };
  }
  const hostPort = HOST_PORT.exec(authority);
  if (!authority || !hostPort) {
    return { value: trimmed, error: `Add the host name after ${scheme}://, e.g. ${LOCAL_EXAMPLE[role]}.` };
  }
  const port = hostPort[2];
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      return {
        value: trimmed,
        error: `The port must be a number from 1 to 65535 (found '${port}'), e.g. ${LOCAL_EXAMPLE[role]}.`,
      };
    }
  }
  const extra = rest.replace(/^\/$/, '');
  if (extra !== '') {
    return {
      value: trimmed,
      error: `Remove '${extra}': ${NAME[role]} is the server root, e.g. ${EXAMPLE[role]}.`,
    };
  }
  try {
    // Whatever the URL parser still rejects (spaces, bad characters in the host).
    new URL(`${scheme}://${authority}`);
  } catch {
    return {
      value: trimmed,
      error: `'${authority}' is not a valid host; check for typos, e.g. ${LOCAL_EXAMPLE[role]}.`,
    };
  }
  return { value: `${scheme}://${authority}` };
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
