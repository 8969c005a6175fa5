import { isRestateApiError } from './errors';

/** An error turned into words a user can act on: what happened, and what to do about it. */
export interface Explanation {
  title: string;
  /** What went wrong, in plain words. */
  detail: string;
  /** What to do next. */
  hint?: string;
  /** Restate's own message, kept for the curious and for support. */
  raw?: string;
  restateCode?: string;
}

/** What was being done; `refresh` is a load that polling repeats (it backs off on these errors by itself). */
export type ExplainContext = 'register' | 'preview' | 'update' | 'remove' | 'service-settings' | 'load' | 'refresh';

/** What a polled load does by itself after these failures (see hooks/query's back-off). */
const REFRESH_HINTS: Partial<Record<string, string>> = {
  'rate-limited': 'Refreshing slows down until Restate accepts requests again.',
  unreachable: 'Retrying with a growing interval.',
  network: 'Retrying with a growing interval.',
};

/** Restate prefixes coded messages with "[CODE] " (sometimes twice); users need the rest. */
function stripCodes(message: string): string {
  return message.replace(/^(\s*\[[A-Z]+\d+\]\s*)+/, '').trim();
}

/** Why Restate could not reach a deployment, from the tail of a META0003 message. */
function unreachableReason(reason: string): { detail: string; hint: string } {
  if (/connection refused/i.test(reason)) {
    return {
      detail: 'Nothing accepted the connection at that address (connection refused).',
      hint: 'Check that the service is running and listening on that host and port, as seen from the Restate server.',
    };
  }
  if (/got status code '404'|status code '404'/i.test(reason)) {
    return {
      detail: 'Something answered, but it is not a Restate SDK endpoint at that path (HTTP 404).',
      hint: 'Check the path where the SDK endpoint is mounted (for example a route prefix) and that the URI points at the service, not at Restate itself.',
    };
  }
  const status = /got status code '(\d+)'/i.exec(reason);
  if (status) {
    return {
      detail: `The endpoint answered with HTTP ${status[1]} instead of the Restate discovery response.`,
      hint: 'If the endpoint needs an API key or other header, add it as an extra header; otherwise check the service logs.',
    };
  }
  if (/lambda service returned error|credentials|assume ?role|AccessDenied|not authorized/i.test(reason)) {
    return {
      detail:
        'Restate could not call the Lambda function with its AWS credentials (loading credentials, assuming the role or invoking failed).',
      hint: 'Check the function ARN, that the assume-role ARN exists with the trust policy shown below, and that the role may call lambda:InvokeFunction on this function.',
    };
  }
  if (/dns|failed to lookup|name or service not known|no such host/i.test(reason)) {
    return {
      detail: 'The Restate server could not resolve that host name.',
      hint: 'Use a host name the Restate server can resolve (names only your machine or browser knows do not work).',
    };
  }
  if (/timed? ?out|deadline/i.test(reason)) {
    return {
      detail: 'The connection timed out.',
      hint: 'Check firewalls and security groups between the Restate server and the service.',
    };
  }
  if (/certificate|tls|ssl/i.test(reason)) {
    return {
      detail: 'The TLS handshake failed (certificate or protocol).',
      hint: 'Use a certificate the Restate server trusts, or plain http:// for a local service.',
    };
  }
  if (/http1|http\/1|h2|protocol|frame/i.test(reason)) {
    return {
      detail: 'The connection failed at the HTTP protocol level.',
      hint: 'If the service only speaks HTTP/1.1 (many serverless platforms and proxies), turn on "Use HTTP/1.1".',
    };
  }
  return {
    detail: 'The call to the deployment failed.',
    hint: 'Check the address and that the service is up, as seen from the Restate server.',
  };
}

/**
 * Explains a failed call to Restate. Knows Restate's deployment error codes (META0003 unreachable
 * deployment, META0006 breaking change) and its text/plain 4xx bodies (invalid JSON fields,
 * unparsable durations); other failures (auth, role, network) keep the message errors.ts wrote.
 */
export function explainError(e: unknown, context: ExplainContext = 'load'): Explanation {
  if (!isRestateApiError(e)) {
    const message = e instanceof Error ? e.message : String(e);
    return { title: 'Something went wrong', detail: message };
  }
  const raw = e.message;
  if (e.kind !== 'restate') {
    const titles: Record<string, string> = {
      auth: 'Restate rejected the token',
      denied: 'Your role does not allow this',
      unreachable: 'Grafana could not reach Restate',
      'rate-limited': 'Restate is rate-limiting requests',
      network: 'Grafana could not be reached',
    };
    const hint = context === 'refresh' ? REFRESH_HINTS[e.kind] : undefined;
    if (e.kind === 'network') {
      // The browser got no answer from Grafana's server at all (restarting, or the network went away).
      return {
        title: titles.network,
        detail:
          'The browser lost its connection to the Grafana server: Grafana may be restarting, or the network between you and it is down. Nothing was changed in Restate by this failure.',
        ...(hint ? { hint: `${hint} The page recovers by itself once Grafana answers; no reload needed.` } : {}),
      };
    }
    return { title: titles[e.kind] ?? 'Request failed', detail: raw, ...(hint ? { hint } : {}) };
  }

  if (e.restateCode === 'META0003') {
    const text = stripCodes(raw);
    const called = /error when calling '([^']+)':\s*([\s\S]*)$/.exec(text);
    const target = called?.[1];
    const reason = called ? called[2] : text;
    const why = unreachableReason(reason);
    return {
      title: target ? `Restate could not reach ${target}` : 'Restate could not reach the deployment',
      detail: `${why.detail} The Restate server makes this call, not your browser: the address must be reachable from where Restate runs (“localhost” there means the Restate server itself).`,
      hint: why.hint,
      raw,
      restateCode: e.restateCode,
    };
  }

  if (e.restateCode === 'META0006') {
    const text = stripCodes(raw);
    const service = /service revision for '([^']+)'/.exec(text)?.[1];
    return {
      title: service ? `Breaking change in service “${service}”` : 'Breaking change',
      detail: `${text} Restate refuses such changes by default because invocations and state of the previous revision may not work with the new one.`,
      hint: 'If the change is intended, turn on “Allow breaking changes” and preview again.',
      raw,
      restateCode: e.restateCode,
    };
  }

  if (e.status === 501 && context === 'remove') {
    return {
      title: 'Restate only supports forced removal',
      detail: 'Restate answered 501 Not Implemented: graceful removal is not available in this Restate version.',
      raw,
    };
  }

  if (e.status === 404) {
    const what = context === 'service-settings' ? 'service' : context === 'load' ? 'resource' : 'deployment';
    return {
      title: `The ${what} does not exist`,
      detail: `${stripCodes(raw)}. It may have been removed in the meantime.`,
      hint: 'Reload the list to see the current state.',
      raw,
    };
  }

  // axum's text/plain rejections: "Failed to deserialize the JSON body into the target type: <field>: <reason> at line 1 column N".
  const deser =
    /^Failed to deserialize the JSON body into the target type:\s*(?:([a-z_]+):\s*)?([\s\S]*?)(?: at line \d+ column \d+)?$/.exec(
      raw.trim()
    );
  if (deser) {
    const [, field, reason] = deser;
    if (!field && /untagged enum (Register|Update)DeploymentRequest/.test(reason)) {
      return {
        title: 'Restate did not accept the deployment address',
        detail:
          'The request did not match any deployment shape Restate knows: the URI is not a valid absolute URI, or neither a URI nor a Lambda ARN was given.',
        hint: 'Enter a full URI such as http://my-service:9080, or a Lambda function ARN.',
        raw,
      };
    }
    return {
      title: field ? `Restate rejected the value of “${field}”` : 'Restate rejected the request',
      detail: reason.replace(/\s+/g, ' ').trim(),
      hint: /duration/i.test(reason)
        ? 'Write durations like “1h 30m”, “2 days”, “500ms” or ISO 8601 “PT1H30M”; units of days or smaller; no negative values.'
        : undefined,
      raw,
    };
  }

  const field = /The request field '([^']+)' is invalid\. Reason: ([\s\S]*)$/.exec(raw);
  if (field) {
    return { title: `Restate rejected the field “${field[1]}”`, detail: field[2].trim(), raw };
  }

  if (/^Failed to parse the request body as JSON/.test(raw)) {
    return { title: 'Restate could not read the request', detail: raw, raw };
  }

  if (e.status === 409) {
    return {
      title: 'Conflict',
      detail: stripCodes(raw),
      hint: 'Reload and try again.',
      raw,
      restateCode: e.restateCode,
    };
  }

  return {
    title: e.status >= 500 ? `Restate failed (${e.status})` : `Restate rejected the request (${e.status})`,
    detail: stripCodes(raw),
    raw,
    restateCode: e.restateCode,
  };
}
