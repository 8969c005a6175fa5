import type { DeploymentTarget } from '../../api/deployments';

/**
 * Checks on what a user typed into the register and update forms, before anything is sent.
 * Every message says how to fix the input. Pure functions: no React, no I/O.
 */

import { parseHttpUrl, type UrlProblem } from '../../model/url';
import { recordOf } from './keyValueRows';

/** One extra-header row as the forms hold it (values are secrets; never log them). */
export interface HeaderRow {
  id: number;
  name: string;
  value: string;
}

export interface HeaderRowErrors {
  name?: string;
  value?: string;
}

/** RFC 7230 §3.2.6 `token`: the characters an HTTP header name may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Validates an HTTP deployment URI: absolute http(s) URI with a host. */
export function validateUri(input: string): string | undefined {
  const uri = input.trim();
  if (!uri) {
    return 'Enter the URI of the service endpoint, for example http://my-service:9080.';
  }
  if (/\s/.test(uri)) {
    return 'The URI contains spaces; remove them (encode a space in a path as %20).';
  }
  const parsed = parseHttpUrl(uri);
  if ('problem' in parsed) {
    return uriProblem(parsed.problem, uri);
  }
  if (parsed.url.rest.includes('#')) {
    return 'Remove the #fragment: it is never sent to the service.';
  }
  try {
    new URL(uri);
  } catch {
    return 'This is not a valid URI. Use the form http(s)://host[:port][/path].';
  }
  return undefined;
}

function uriProblem(problem: UrlProblem, uri: string): string {
  switch (problem.kind) {
    case 'no-scheme':
      return `Add the scheme: http://${uri} or https://${uri}.`;
    case 'scheme':
      return `Restate calls deployments over HTTP: use http:// or https://, not ${problem.scheme}://. For AWS Lambda choose "Lambda" above.`;
    case 'credentials':
      return 'Do not put credentials in the URI; add them as an extra header (for example Authorization) instead.';
    case 'no-host':
      return 'Add a host name, for example http://my-service:9080.';
    case 'port':
    case 'host':
      return 'This is not a valid URI. Use the form http(s)://host[:port][/path].';
  }
}

/**
 * `arn:aws:lambda:<region>:<12-digit account>:function:<name>:<version|alias>`. Restate requires the
 * qualifier (it answers 400 "A qualified ARN needs a version or alias suffix" without it).
 */
const LAMBDA_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):lambda:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;

export function validateLambdaArn(input: string): string | undefined {
  const arn = input.trim();
  if (!arn) {
    return 'Enter the Lambda function ARN, for example arn:aws:lambda:eu-central-1:123456789012:function:my-service:1.';
  }
  if (!arn.startsWith('arn:')) {
    return 'A Lambda ARN starts with "arn:aws:lambda:". Copy it from the function page of the AWS console (Function ARN).';
  }
  const parts = arn.split(':');
  if (parts[2] !== 'lambda') {
    return `This is an ARN of the "${parts[2] ?? ''}" service; enter the ARN of a Lambda function (arn:aws:lambda:…).`;
  }
  if (parts[3] !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(parts[3])) {
    return `"${parts[3]}" is not an AWS region; the 4th part must be a region such as eu-central-1.`;
  }
  if (parts[4] !== undefined && !/^\d{12}$/.test(parts[4])) {
    return 'The 5th part must be the 12-digit AWS account id.';
  }
  if (parts[5] !== 'function') {
    return 'The ARN must name a function: arn:aws:lambda:<region>:<account>:function:<name>:<version or alias>.';
  }
  if (parts[6] !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(parts[6])) {
    return 'The function name may only contain letters, digits, "-" and "_" (at most 64).';
  }
  const m = LAMBDA_ARN.exec(arn);
  if (!m) {
    return 'This is not a valid Lambda function ARN: arn:aws:lambda:<region>:<12-digit account>:function:<name>:<version or alias>.';
  }
  if (!m[5]) {
    return `Add a version or alias after the function name, for example ${arn}:1 or ${arn}:prod (Restate needs a qualified ARN; use :$LATEST for the unpublished version).`;
  }
  return undefined;
}

/** `arn:aws:iam::<12-digit account>:role/<path/>name` */
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/([\w+=,.@/-]{1,512})$/;

/** The assume-role ARN is optional; when given it must be an IAM role ARN. */
export function validateRoleArn(input: string): string | undefined {
  const arn = input.trim();
  if (!arn) {
    return undefined;
  }
  if (/^arn:[^:]+:sts::/.test(arn)) {
    return 'This is an assumed-role session ARN (sts); enter the IAM role ARN instead: arn:aws:iam::<account>:role/<name>.';
  }
  if (!ROLE_ARN.test(arn)) {
    return 'Enter an IAM role ARN: arn:aws:iam::<12-digit account>:role/<role name>, as shown on the role page of the AWS console.';
  }
  return undefined;
}

/** Headers Restate or HTTP itself sets on every request to a deployment: an extra header cannot replace them. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
]);

/** Why `name` cannot be an extra header, or undefined. */
export function reservedHeader(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (RESERVED_HEADERS.has(lower)) {
    return `“${name}” is set by Restate and HTTP on every request to the deployment; it cannot be an extra header.`;
  }
  if (lower.startsWith('x-restate-')) {
    return `Headers starting with “x-restate-” belong to Restate's protocol; choose another name (for example x-api-key).`;
  }
  return undefined;
}

/**
 * Validates the extra-header rows. A row left completely empty is ignored; otherwise the name must
 * be an HTTP token, unique (names are case-insensitive), and the value a single line.
 */
export function validateHeaders(rows: HeaderRow[]): Record<number, HeaderRowErrors> {
  const errors: Record<number, HeaderRowErrors> = {};
  const seen = new Map<string, string>();
  for (const row of rows) {
    const name = row.name.trim();
    const e: HeaderRowErrors = {};
    if (!name && !row.value) {
      continue;
    }
    if (!name) {
      e.name = 'Enter a header name for this value, or remove the row.';
    } else if (!TOKEN.test(name)) {
      const bad = [...name].find((c) => !TOKEN.test(c));
      e.name = `“${bad === ' ' ? 'space' : bad}” is not allowed in a header name; use letters, digits and - (for example x-api-key).`;
    } else if (reservedHeader(name)) {
      e.name = reservedHeader(name);
    } else if (seen.has(name.toLowerCase())) {
      e.name = `“${seen.get(name.toLowerCase())}” is already set above (header names ignore case); remove one of them.`;
    } else {
      seen.set(name.toLowerCase(), name);
    }
    if (/[\r\n\0]/.test(row.value)) {
      e.value = 'The value must be a single line; remove line breaks.';
    }
    if (e.name || e.value) {
      errors[row.id] = e;
    }
  }
  return errors;
}

/** The header rows as the map Restate expects (empty rows dropped, names trimmed). */
export function headersOf(rows: HeaderRow[]): Record<string, string> {
  return recordOf(rows, 'name');
}

/** What the register form holds. */
export interface DeploymentForm {
  kind: 'http' | 'lambda';
  uri: string;
  useHttp11: boolean;
  arn: string;
  assumeRoleArn: string;
  headers: HeaderRow[];
}

export interface DeploymentFormErrors {
  uri?: string;
  arn?: string;
  assumeRoleArn?: string;
  headers: Record<number, HeaderRowErrors>;
}

export function validateDeploymentForm(form: DeploymentForm): DeploymentFormErrors {
  return {
    uri: form.kind === 'http' ? validateUri(form.uri) : undefined,
    arn: form.kind === 'lambda' ? validateLambdaArn(form.arn) : undefined,
    assumeRoleArn: form.kind === 'lambda' ? validateRoleArn(form.assumeRoleArn) : undefined,
    headers: validateHeaders(form.headers),
  };
}

export function hasErrors(errors: DeploymentFormErrors): boolean {
  return Boolean(errors.uri || errors.arn || errors.assumeRoleArn || Object.keys(errors.headers).length > 0);
}

/** What the form registers or updates: the endpoint, trimmed. */
export function targetOf(form: DeploymentForm): DeploymentTarget {
  return form.kind === 'http'
    ? { kind: 'http', uri: form.uri.trim(), useHttp11: form.useHttp11 }
    : { kind: 'lambda', arn: form.arn.trim(), assumeRoleArn: form.assumeRoleArn.trim() || undefined };
}
