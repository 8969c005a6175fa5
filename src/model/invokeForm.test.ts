import {
  bodyFromFields,
  delayProblem,
  exampleBody,
  formFields,
  headerProblem,
  ingressPath,
  keyProblem,
  schemaProblems,
  type JsonSchema,
} from './invokeForm';

describe('the body form', () => {
  // greeter/welcome's request schema, as Restate 1.7.12 publishes it (see api/invoke.test.ts)
  const schema: JsonSchema = {
    properties: {
      formal: { type: 'boolean' },
      name: { description: 'Who to welcome', type: 'string' },
      times: { description: 'How many times (1 by default)', type: 'integer' },
    },
    required: ['name'],
    type: 'object',
  };

  it('has a field per primitive property; nested schemas go to the JSON editor', () => {
    expect(formFields(schema)).toEqual([
      { name: 'formal', type: 'boolean', required: false, enum: undefined, description: undefined },
      { name: 'name', type: 'string', required: true, enum: undefined, description: 'Who to welcome' },
      {
        name: 'times',
        type: 'integer',
        required: false,
        enum: undefined,
        description: 'How many times (1 by default)',
      },
    ]);
    expect(formFields(undefined)).toBeUndefined();
    expect(formFields({ type: 'object', properties: { a: { type: 'object' } } })).toBeUndefined();
    expect(formFields({ type: 'array', items: { type: 'string' } })).toBeUndefined();
  });

  it('builds the body from typed values, and says which field is wrong', () => {
    const fields = formFields(schema)!;
    expect(bodyFromFields(fields, { name: 'Ada', times: '2', formal: true })).toEqual({
      body: { name: 'Ada', times: 2, formal: true },
      problems: {},
    });
    expect(bodyFromFields(fields, { name: 'Ada' }).body).toEqual({ name: 'Ada' });
    expect(bodyFromFields(fields, { times: '1.5' }).problems).toEqual({
      name: 'name is required.',
      times: 'times must be a whole number.',
    });
    expect(bodyFromFields(fields, { name: 'x', times: 'two' }).problems).toEqual({ times: 'times must be a number.' });
  });

  it('checks JSON against the schema', () => {
    expect(schemaProblems({ name: 'Ada', times: 2 }, schema)).toEqual([]);
    expect(schemaProblems({ times: 'x' }, schema)).toEqual([
      '$.name is required.',
      '$.times must be integer, not string.',
    ]);
    expect(schemaProblems(5, schema)).toEqual(['$ must be object, not integer.']);
    expect(schemaProblems([1, 'a'], { type: 'array', items: { type: 'number' } })).toEqual([
      '$[1] must be number, not string.',
    ]);
    expect(schemaProblems('c', { enum: ['a', 'b'] })).toEqual(['$ must be one of "a", "b".']);
    expect(schemaProblems({ x: 1 }, { type: 'object', additionalProperties: false })).toEqual(['$.x is not allowed.']);
    expect(schemaProblems('anything', undefined)).toEqual([]);
  });

  it('starts the JSON editor from the schema', () => {
    expect(JSON.parse(exampleBody(schema))).toEqual({ formal: false, name: '', times: 0 });
    expect(exampleBody(undefined)).toBe('');
    expect(exampleBody({ type: 'string', default: 'hi' })).toBe('"hi"');
  });
});

describe('field checks', () => {
  it('extra headers: valid names, no CR/LF, nothing Grafana or the form owns', () => {
    const one = (name: string, value = 'v') => headerProblem({ name, value }, [{ name, value }]);
    expect(one('x-tenant')).toBeUndefined();
    expect(one('', '')).toBeUndefined();
    expect(one('', 'v')).toMatch(/Enter a header name/);
    expect(one('x tenant')).toMatch(/not a valid header name/);
    expect(one('x:y')).toMatch(/not a valid header name/);
    expect(one('x-a', 'a\r\nInjected: 1')).toMatch(/line breaks/);
    expect(one('x-a', 'a\u0007')).toMatch(/control characters/);
    expect(one('Authorization')).toMatch(/set by Grafana or by this form/);
    expect(one('Content-Type')).toMatch(/set by Grafana or by this form/);
    expect(one('X-Grafana-Org-Id')).toMatch(/set by Grafana/);
    expect(one('Idempotency-Key')).toMatch(/Idempotency key field/);
    const rows = [
      { name: 'x-a', value: '1' },
      { name: 'X-A', value: '2' },
    ];
    expect(headerProblem(rows[0], rows)).toMatch(/listed twice/);
  });

  it('delay: the durations Restate reads', () => {
    for (const ok of ['', '10s', '5m', '1h 30m', '500ms', '2 days', 'PT10S', 'P1D', 'PT1H30M']) {
      expect({ ok, problem: delayProblem(ok) }).toEqual({ ok, problem: undefined });
    }
    for (const bad of ['soon', '10', '-5s', 'P', 'PT', '5 parsecs']) {
      expect(delayProblem(bad)).toMatch(/not a duration Restate reads/);
    }
  });

  it('key: required for objects and workflows only (an empty string is no key)', () => {
    expect(keyProblem(true, '')).toMatch(/enter one/);
    expect(keyProblem(true, ' ')).toBeUndefined();
    expect(keyProblem(false, '')).toBeUndefined();
  });

  it('the ingress path encodes each segment', () => {
    expect(ingressPath('greeter', 'greet', undefined, false)).toBe('ingress/greeter/greet');
    expect(ingressPath('counter', 'add', 'a/b c', true)).toBe('ingress/counter/a%2Fb%20c/add/send');
    expect(ingressPath('counter', 'add', '..', false)).toBe('ingress/counter/%2E%2E/add');
    expect(ingressPath('counter', 'add', '', false)).toBe('ingress/counter//add');
  });
});
