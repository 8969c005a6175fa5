/**
 * Grafana Alloy's configuration syntax, parsed without Alloy (no binary runs here), for docker/config.alloy.
 *
 * The grammar follows Alloy's syntax reference (grafana.com/docs/alloy/latest/get-started/configuration-syntax/):
 * a body is attributes (`name = expr`) and blocks (`name.name "label" { body }`); expressions here are literals
 * (strings with escapes, raw `strings`, numbers, true/false/null), arrays, objects (`{ key = expr, }`, keys
 * identifiers or strings), references (`a.b.c`, `a[0]`) and calls (`f(x)`). Operators are not needed by the file
 * and are refused, so an expression this parser cannot read fails the test instead of passing it by accident.
 */

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'array'; items: Expr[] }
  | { kind: 'object'; entries: Array<{ key: string; value: Expr }> }
  | { kind: 'ref'; path: string[] }
  | { kind: 'call'; callee: string[]; args: Expr[] };

export interface Attribute {
  kind: 'attribute';
  name: string;
  value: Expr;
  line: number;
}

export interface Block {
  kind: 'block';
  name: string;
  label?: string;
  body: Statement[];
  line: number;
}

export type Statement = Attribute | Block;

type Token = { type: 'ident' | 'string' | 'number' | 'punct' | 'eof'; text: string; value?: string; line: number };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const fail = (msg: string): never => {
    throw new Error(`line ${line}: ${msg}`);
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') {
        i++;
      }
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) {
        fail('unterminated block comment');
      }
      line += (src.slice(i, end).match(/\n/g) ?? []).length;
      i = end + 2;
    } else if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') {
          fail('unterminated string');
        }
        if (src[i] === '"') {
          break;
        }
        if (src[i] === '\\') {
          const esc = src[i + 1];
          const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"' };
          if (!(esc in simple)) {
            fail(`unknown escape \\${esc}`);
          }
          value += simple[esc];
          i += 2;
        } else {
          value += src[i++];
        }
      }
      i++;
      tokens.push({ type: 'string', text: JSON.stringify(value), value, line });
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) {
        fail('unterminated raw string');
      }
      const value = src.slice(i + 1, end);
      tokens.push({ type: 'string', text: value, value, line });
      line += (value.match(/\n/g) ?? []).length;
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))![0];
      tokens.push({ type: 'ident', text: m, line });
      i += m.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))![0];
      tokens.push({ type: 'number', text: m, line });
      i += m.length;
    } else if ('{}[]()=,.'.includes(c)) {
      if (c === '=' && src[i + 1] === '=') {
        fail('operators are not supported by this parser');
      }
      tokens.push({ type: 'punct', text: c, line });
      i++;
    } else {
      fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  tokens.push({ type: 'eof', text: '<end of file>', line });
  return tokens;
}

/** Parses an Alloy configuration file; throws with the line of the first error. */
export function parseAlloy(src: string): Statement[] {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (offset = 0) => tokens[pos + offset];
  const fail = (msg: string): never => {
    throw new Error(`line ${peek().line}: ${msg}, found ${peek().text}`);
  };
  const at = (text: string) => peek().type === 'punct' && peek().text === text;
  const expect = (text: string) => (at(text) ? tokens[pos++] : fail(`expected ${text}`));
  /** Items up to `close`, separated by commas, a trailing comma allowed; consumes `close`. */
  const commaList = <T>(close: string, item: () => T): T[] => {
    const items: T[] = [];
    while (!at(close)) {
      items.push(item());
      if (!at(close)) {
        expect(',');
      }
    }
    expect(close);
    return items;
  };

  function body(end: string): Statement[] {
    const out: Statement[] = [];
    while (end === 'eof' ? peek().type !== 'eof' : !at(end)) {
      if (peek().type !== 'ident') {
        fail('expected an attribute or block name');
      }
      const line = peek().line;
      const name = [tokens[pos++].text];
      while (at('.')) {
        pos++;
        name.push(peek().type === 'ident' ? tokens[pos++].text : fail('expected a name after "."'));
      }
      if (at('=')) {
        if (name.length > 1) {
          fail(`attribute names have no dots (${name.join('.')})`);
        }
        pos++;
        out.push({ kind: 'attribute', name: name[0], value: expr(), line });
      } else {
        const label = peek().type === 'string' ? tokens[pos++].value : undefined;
        expect('{');
        const inner = body('}');
        expect('}');
        out.push({ kind: 'block', name: name.join('.'), label, body: inner, line });
      }
    }
    return out;
  }

  function expr(): Expr {
    const t = peek();
    if (t.type === 'string') {
      pos++;
      return { kind: 'literal', value: t.value! };
    }
    if (t.type === 'number') {
      pos++;
      return { kind: 'literal', value: Number(t.text) };
    }
    if (at('[')) {
      pos++;
      return { kind: 'array', items: commaList(']', expr) };
    }
    if (at('{')) {
      pos++;
      const entries = commaList('}', () => {
        const k = peek();
        if (k.type !== 'ident' && k.type !== 'string') {
          fail('expected an object key');
        }
        pos++;
        expect('=');
        return { key: k.value ?? k.text, value: expr() };
      });
      return { kind: 'object', entries };
    }
    if (t.type === 'ident') {
      pos++;
      if (['true', 'false', 'null'].includes(t.text)) {
        return { kind: 'literal', value: t.text === 'null' ? null : t.text === 'true' };
      }
      const path = [t.text];
      for (;;) {
        if (at('.')) {
          pos++;
          path.push(peek().type === 'ident' ? tokens[pos++].text : fail('expected a name after "."'));
        } else if (at('[')) {
          pos++;
          const index = expr();
          expect(']');
          path.push(index.kind === 'literal' ? String(index.value) : fail('only literal indexes are supported'));
        } else if (at('(')) {
          pos++;
          return { kind: 'call', callee: path, args: commaList(')', expr) };
        } else {
          return { kind: 'ref', path };
        }
      }
    }
    return fail('expected an expression');
  }

  return body('eof');
}

/**
 * The components docker/config.alloy uses, as Alloy's component reference documents them
 * (grafana.com/docs/alloy/latest/reference/components/<namespace>/<name>/) and their `Arguments` structs declare
 * (github.com/grafana/alloy internal/component/..., `alloy:"name,attr"` tags): arguments, the required ones,
 * blocks, exports. HTTP client settings are left out: the file does not use them, so naming one is reported.
 */
const RULE_BLOCK = {
  args: ['source_labels', 'separator', 'regex', 'modulus', 'target_label', 'replacement', 'action'],
  required: [] as string[],
};

export const ALLOY_COMPONENTS: Record<
  string,
  {
    args: string[];
    required: string[];
    blocks: Record<string, { args: string[]; required: string[] }>;
    exports: string[];
  }
> = {
  'discovery.docker': {
    args: ['host', 'port', 'host_networking_host', 'refresh_interval', 'match_first_network'],
    required: ['host'],
    blocks: { filter: { args: ['name', 'values'], required: ['name', 'values'] } },
    exports: ['targets'],
  },
  'discovery.relabel': {
    args: ['targets'],
    required: ['targets'],
    blocks: { rule: RULE_BLOCK },
    exports: ['output', 'rules'],
  },
  'loki.relabel': {
    args: ['forward_to', 'max_cache_size'],
    required: ['forward_to'],
    blocks: { rule: RULE_BLOCK },
    exports: ['receiver', 'rules'],
  },
  'loki.source.docker': {
    args: ['host', 'targets', 'forward_to', 'labels', 'relabel_rules', 'refresh_interval'],
    required: ['host', 'targets', 'forward_to'],
    blocks: {},
    exports: [],
  },
  'loki.write': {
    args: ['max_streams', 'external_labels'],
    required: [],
    blocks: {
      endpoint: {
        args: [
          'name',
          'url',
          'headers',
          'batch_wait',
          'batch_size',
          'remote_timeout',
          'min_backoff_period',
          'max_backoff_period',
          'max_backoff_retries',
          'retry_on_http_429',
          'tenant_id',
          'bearer_token',
        ],
        required: ['url'],
      },
    },
    exports: ['receiver'],
  },
};

function refs(e: Expr): string[][] {
  switch (e.kind) {
    case 'ref':
      return [e.path];
    case 'array':
      return e.items.flatMap(refs);
    case 'object':
      return e.entries.flatMap((x) => refs(x.value));
    case 'call':
      return e.args.flatMap(refs);
    default:
      return [];
  }
}

/**
 * What Alloy would refuse when loading the file: unknown components, unlabelled or duplicate components, unknown or
 * missing arguments and blocks, and references to components or exports that do not exist. Empty when none.
 */
export function checkAlloy(statements: Statement[]): string[] {
  const problems: string[] = [];
  const declared = new Map<string, Block>();
  for (const s of statements) {
    if (s.kind !== 'block') {
      problems.push(`line ${s.line}: top-level attribute ${s.name} (only components belong here)`);
      continue;
    }
    const spec = ALLOY_COMPONENTS[s.name];
    if (!spec) {
      problems.push(`line ${s.line}: unknown component ${s.name}`);
      continue;
    }
    if (s.label === undefined) {
      problems.push(`line ${s.line}: ${s.name} needs a label`);
      continue;
    }
    const id = `${s.name}.${s.label}`;
    if (declared.has(id)) {
      problems.push(`line ${s.line}: ${id} declared twice`);
    }
    declared.set(id, s);
    const checkBody = (
      where: string,
      body: Statement[],
      allowed: { args: string[]; required: string[] },
      blocks: Record<string, { args: string[]; required: string[] }>
    ) => {
      for (const st of body) {
        if (st.kind === 'attribute' && !allowed.args.includes(st.name)) {
          problems.push(`line ${st.line}: ${where} has no argument ${st.name}`);
        }
        if (st.kind === 'block') {
          const b = blocks[st.name];
          if (!b) {
            problems.push(`line ${st.line}: ${where} has no block ${st.name}`);
          } else {
            checkBody(`${where} > ${st.name}`, st.body, b, {});
          }
        }
      }
      for (const r of allowed.required) {
        if (!body.some((st) => st.kind === 'attribute' && st.name === r)) {
          problems.push(`${where}: required argument ${r} is missing`);
        }
      }
    };
    checkBody(id, s.body, spec, spec.blocks);
  }
  // references: <component name>.<label>.<export>
  const walk = (body: Statement[]) =>
    body.flatMap((st): Array<{ path: string[]; line: number }> =>
      st.kind === 'attribute' ? refs(st.value).map((path) => ({ path, line: st.line })) : walk(st.body)
    );
  for (const { path, line } of walk(statements)) {
    const name = Object.keys(ALLOY_COMPONENTS).find((n) => path.join('.').startsWith(`${n}.`));
    const label = name ? path[name.split('.').length] : undefined;
    const exported = name ? path[name.split('.').length + 1] : undefined;
    const target = name && label ? declared.get(`${name}.${label}`) : undefined;
    if (!target) {
      problems.push(`line ${line}: ${path.join('.')} refers to no declared component`);
    } else if (!exported || !ALLOY_COMPONENTS[name!].exports.includes(exported)) {
      problems.push(`line ${line}: ${name} exports no ${exported ?? '(nothing named)'}`);
    }
  }
  return problems;
}

/** The attributes of a block's body, by name (the last wins, as in Alloy a duplicate is an error anyway). */
export function attributes(block: Block): Record<string, Expr> {
  return Object.fromEntries(
    block.body.filter((s): s is Attribute => s.kind === 'attribute').map((a) => [a.name, a.value])
  );
}

/** Plain JavaScript value of a literal, array or object expression (references become "ref:a.b.c"). */
export function valueOf(e: Expr): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'array':
      return e.items.map(valueOf);
    case 'object':
      return Object.fromEntries(e.entries.map((x) => [x.key, valueOf(x.value)]));
    case 'ref':
      return `ref:${e.path.join('.')}`;
    case 'call':
      return `call:${e.callee.join('.')}`;
  }
}
