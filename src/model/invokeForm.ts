/**
 * The "Invoke a handler" form: what a handler's request looks like (from the service's OpenAPI document) and
 * the checks every field passes before anything is sent to Restate's ingress.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  title?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  $ref?: string;
  additionalProperties?: boolean | JsonSchema;
  [k: string]: unknown;
};

export interface HandlerRequest {
  handler: string;
  /** The request body's JSON schema, `$ref`s resolved; undefined when the SDK declared none (any JSON). */
  schema?: JsonSchema;
  /** The OpenAPI operation says the body is required. */
  bodyRequired: boolean;
  /** The body's content type (application/json unless the handler declared another). */
  contentType?: string;
  /** No body at all (the handler takes no input). */
  noInput: boolean;
  documentation?: string;
}

type OpenApiDoc = {
  paths?: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        summary?: string;
        description?: string;
        requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** Resolves local `#/components/schemas/...` references (cycles are cut: the inner reference stays as {}). */
function resolveRefs(schema: JsonSchema, doc: OpenApiDoc, seen: string[] = []): JsonSchema {
  if (typeof schema !== 'object' || schema === null) {
    return schema;
  }
  if (typeof schema.$ref === 'string') {
    const m = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
    const target = m ? doc.components?.schemas?.[decodeURIComponent(m[1])] : undefined;
    if (!target || seen.includes(schema.$ref)) {
      return {};
    }
    return resolveRefs(target, doc, [...seen, schema.$ref]);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolveRefs(v, doc, seen)])
    );
  }
  if (schema.items) {
    out.items = resolveRefs(schema.items, doc, seen);
  }
  return out;
}

/**
 * The request of each handler in a service's OpenAPI document (`GET /services/{service}/openapi`): one
 * operation per handler under `/restate/call/...` (Restate 1.7; older servers name the path `/{service}/...`),
 * whose operationId is the handler's name.
 */
export function handlerRequests(doc: unknown): HandlerRequest[] {
  const d = (doc ?? {}) as OpenApiDoc;
  const out = new Map<string, HandlerRequest>();
  for (const [path, ops] of Object.entries(d.paths ?? {})) {
    if (/\/send$|\/restate\/send\//.test(path)) {
      continue;
    }
    const op = ops?.post;
    if (!op?.operationId || out.has(op.operationId)) {
      continue;
    }
    const content = op.requestBody?.content ?? {};
    const [contentType, media] = Object.entries(content)[0] ?? [];
    const schema = media?.schema;
    out.set(op.operationId, {
      handler: op.operationId,
      schema: schema && Object.keys(schema).length > 0 ? resolveRefs(schema, d) : undefined,
      bodyRequired: op.requestBody?.required === true,
      contentType,
      noInput: !op.requestBody,
      // Restate writes "Call <service> handler <h> and wait for response" when the handler has no docs.
      documentation: /^Call .* and wait for response$/.test(op.description ?? '') ? undefined : op.description,
    });
  }
  return [...out.values()].sort((a, b) => a.handler.localeCompare(b.handler));
}

const PRIMITIVE = ['string', 'number', 'integer', 'boolean'];

export interface FormField {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean';
  required: boolean;
  enum?: string[];
  description?: string;
}

const typeOf = (s: JsonSchema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;

/**
 * Form fields for a schema that is an object of primitive properties (the common case: `{name, count, …}`);
 * undefined when the schema needs the JSON editor (nested objects, arrays, unions, no schema).
 */
export function formFields(schema: JsonSchema | undefined): FormField[] | undefined {
  if (!schema || typeOf(schema) !== 'object' || !schema.properties) {
    return undefined;
  }
  const fields: FormField[] = [];
  for (const [name, p] of Object.entries(schema.properties)) {
    const t = typeOf(p);
    if (!t || !PRIMITIVE.includes(t)) {
      return undefined;
    }
    if (p.enum && !p.enum.every((v) => typeof v === 'string')) {
      return undefined;
    }
    fields.push({
      name,
      type: t as FormField['type'],
      required: schema.required?.includes(name) ?? false,
      enum: p.enum as string[] | undefined,
      description: p.description ?? p.title,
    });
  }
  return fields.length > 0 ? fields : undefined;
}

/** The JSON body from form field values (as typed); the problems per field when one is wrong. */
export function bodyFromFields(
  fields: FormField[],
  values: Record<string, string | boolean | undefined>
): { body?: Record<string, unknown>; problems: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'boolean') {
      if (v !== undefined) {
        body[f.name] = v === true;
      } else if (f.required) {
        body[f.name] = false;
      }
      continue;
    }
    const text = typeof v === 'string' ? v : '';
    if (text === '') {
      if (f.required) {
        problems[f.name] = `${f.name} is required.`;
      }
      continue;
    }
    if (f.type === 'string') {
      body[f.name] = text;
      continue;
    }
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(n)) {
      problems[f.name] = `${f.name} must be a number.`;
    } else if (f.type === 'integer' && !Number.isInteger(n)) {
      problems[f.name] = `${f.name} must be a whole number.`;
    } else {
      body[f.name] = n;
    }
  }
  return Object.keys(problems).length ? { problems } : { body, problems };
}

/** Where `value` does not match `schema` (the subset handlers declare: type, required, properties, items, enum). */
export function schemaProblems(value: unknown, schema: JsonSchema | undefined, at = '$'): string[] {
  if (!schema) {
    return [];
  }
  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
  const actual =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'number' && Number.isInteger(value)
          ? 'integer'
          : typeof value;
  if (types && !types.some((t) => t === actual || (t === 'number' && actual === 'integer'))) {
    return [`${at} must be ${types.join(' or ')}, not ${actual}.`];
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return [`${at} must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}.`];
  }
  const out: string[] = [];
  if (actual === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) {
      if (!(r in obj)) {
        out.push(`${at}.${r} is required.`);
      }
    }
    for (const [k, v] of Object.entries(obj)) {
      const p = schema.properties?.[k];
      if (p) {
        out.push(...schemaProblems(v, p, `${at}.${k}`));
      } else if (schema.additionalProperties === false) {
        out.push(`${at}.${k} is not allowed.`);
      }
    }
  }
  if (actual === 'array' && schema.items) {
    (value as unknown[]).forEach((v, i) => out.push(...schemaProblems(v, schema.items, `${at}[${i}]`)));
  }
  return out;
}

/** A starting body for the JSON editor: the schema's default or example, else a skeleton of its required fields. */
export function exampleBody(schema: JsonSchema | undefined): string {
  if (!schema) {
    return '';
  }
  const sample = (s: JsonSchema): unknown => {
    if (s.default !== undefined) {
      return s.default;
    }
    if (s.examples?.length) {
      return s.examples[0];
    }
    if (s.enum?.length) {
      return s.enum[0];
    }
    switch (typeOf(s)) {
      case 'object':
        return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v)]));
      case 'array':
        return [];
      case 'string':
        return '';
      case 'number':
      case 'integer':
        return 0;
      case 'boolean':
        return false;
      default:
        return null;
    }
  };
  return JSON.stringify(sample(schema), null, 2);
}

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Headers the form sets itself, or that Grafana's proxy owns or drops. */
const RESERVED_HEADERS = new Set([
  'authorization',
  'content-type',
  'content-length',
  'cookie',
  'host',
  'idempotency-key',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-connection',
  'x-ds-authorization',
]);

export interface HeaderRow {
  name: string;
  value: string;
}

/** Why an extra header cannot be sent, or undefined. */
export function headerProblem(h: HeaderRow, all: HeaderRow[]): string | undefined {
  const name = h.name.trim();
  if (name === '' && h.value === '') {
    return undefined;
  }
  if (name === '') {
    return 'Enter a header name.';
  }
  if (!HEADER_NAME.test(name)) {
    return `“${name}” is not a valid header name: use letters, digits and - (no spaces or colons).`;
  }
  const lower = name.toLowerCase();
  if (lower === 'idempotency-key') {
    return 'Use the Idempotency key field for this header.';
  }
  if (RESERVED_HEADERS.has(lower) || lower.startsWith('x-grafana-')) {
    return `${name} is set by Grafana or by this form and cannot be sent as an extra header.`;
  }
  if (/[\r\n\0]/.test(h.value)) {
    return 'A header value cannot contain line breaks or NUL characters.';
  }
  if (/[\u0001-\u0008\u000b-\u001f\u007f]/.test(h.value)) {
    return 'A header value cannot contain control characters.';
  }
  if (all.filter((o) => o.name.trim().toLowerCase() === lower).length > 1) {
    return `${name} is listed twice.`;
  }
  return undefined;
}

/** Restate's delay: a friendly duration ("10s", "1h 30m", "500ms", "2 days") or ISO 8601 ("PT10S"). */
export function delayProblem(delay: string): string | undefined {
  const d = delay.trim();
  if (d === '') {
    return undefined;
  }
  const friendly =
    /^(\d+(\.\d+)?\s*(ms|msec|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s*)+$/i;
  const iso = /^P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/i;
  if (friendly.test(d) || (iso.test(d) && d.length > 1 && !/T$/i.test(d))) {
    return undefined;
  }
  return `“${d}” is not a duration Restate reads: write for example 10s, 5m, 1h 30m, 500ms or PT10S.`;
}

export function keyProblem(keyed: boolean, key: string): string | undefined {
  return keyed && key === '' ? 'Virtual objects and workflows are invoked on a key: enter one.' : undefined;
}

/** The ingress path (relative to the `ingress/` route) of a call or a send. */
export function ingressPath(service: string, handler: string, key: string | undefined, send: boolean): string {
  // encodeURIComponent leaves "." alone, and a "." or ".." segment would be cleaned away by Grafana's proxy.
  const segment = (s: string) => (s === '.' || s === '..' ? s.replace(/\./g, '%2E') : encodeURIComponent(s));
  const parts = [service, ...(key !== undefined ? [key] : []), handler].map(segment);
  return `ingress/${parts.join('/')}${send ? '/send' : ''}`;
}
