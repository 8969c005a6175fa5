/**
 * The one parse of an http(s) URL that a user typed: the admin and ingress URLs, a deployment URI and the
 * Loki/Tempo URLs all go through it. It says what is wrong as a code, not in words: each field explains
 * the problem in its own terms (its examples, whether a path is allowed).
 */

export type UrlProblem =
  | { kind: 'no-scheme' }
  | { kind: 'scheme'; scheme: string }
  | { kind: 'credentials' }
  | { kind: 'no-host'; scheme: string }
  | { kind: 'port'; port: string }
  | { kind: 'host'; authority: string };

export interface HttpUrl {
  /** Lower-cased. */
  scheme: 'http' | 'https';
  /** host[:port] as typed. */
  authority: string;
  /** Everything after the authority: path, query and fragment ('' when none). */
  rest: string;
}

/** Splits `scheme://authority/rest` without the URL parser, which rejects bad ports before we can explain them. */
const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i;
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[^:@]+)(?::(.*))?$/i;

/** Parses a trimmed, non-empty input; whether empty is allowed is the caller's decision. */
export function parseHttpUrl(input: string): { url: HttpUrl } | { problem: UrlProblem } {
  const parts = URL_PARTS.exec(input);
  if (!parts) {
    return { problem: { kind: 'no-scheme' } };
  }
  const [, rawScheme, authority, rest] = parts;
  const scheme = rawScheme.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return { problem: { kind: 'scheme', scheme } };
  }
  if (authority.includes('@')) {
    return { problem: { kind: 'credentials' } };
  }
  const hostPort = HOST_PORT.exec(authority);
  if (!authority || !hostPort) {
    return { problem: { kind: 'no-host', scheme } };
  }
  const port = hostPort[2];
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    return { problem: { kind: 'port', port } };
  }
  try {
    // Whatever the URL parser still rejects (spaces, bad characters in the host).
    new URL(`${scheme}://${authority}`);
  } catch {
    return { problem: { kind: 'host', authority } };
  }
  return { url: { scheme, authority, rest } };
}
