import {
  describePattern,
  normalizePattern,
  optionsObject,
  parseSink,
  parseSource,
  validateConcurrency,
  validateOptions,
  validatePattern,
  validateTopic,
} from './flowControl';

// The accepted and refused shapes were measured on restate-server 1.7.12 (PUT /limits/rules).
describe('validatePattern', () => {
  it.each(['*', '*/*', '*/*/*', '*/foo', 'a/*/b', 'a/b/*', 'a/b/c', 'a', 'a/', 'a.b-c_d', 'x'.repeat(36)])(
    'accepts %s as Restate does',
    (p) => {
      expect(validatePattern(p)).toBeUndefined();
    }
  );

  it.each([
    ['', /Enter a pattern/],
    ['  ', /Enter a pattern/],
    ['/a', /Part 1 is empty/],
    ['a//b', /Part 2 is empty/],
    ['a/b/c/d', /at most 3 parts/],
    ['a*', /wildcards inside a name/],
    ['ä', /letters, digits/],
    ['bad pattern', /letters, digits/],
    ['x'.repeat(37), /37 characters long; each part is at most 36/],
  ])('refuses %j, saying why', (p, why) => {
    expect(validatePattern(p)).toMatch(why);
  });

  it('normalizes as Restate stores it', () => {
    expect(normalizePattern(' a/b/ ')).toBe('a/b');
  });

  it('describes what a pattern applies to', () => {
    expect(describePattern('*')).toBe('Each scope');
    expect(describePattern('tenant-a')).toBe('Scope “tenant-a”');
    expect(describePattern('tenant-a/*')).toBe('Every limit key in scope “tenant-a”');
    expect(describePattern('*/orders/eu')).toBe('Second-level key “eu” under limit key “orders” in every scope');
  });
});

describe('validateConcurrency', () => {
  it('accepts empty (unlimited) and 1 … 4294967295', () => {
    for (const v of ['', ' ', '1', '10', '4294967295']) {
      expect(validateConcurrency(v)).toBeUndefined();
    }
  });
  it('refuses what Restate refuses (0, beyond u32) and what is not a whole number', () => {
    expect(validateConcurrency('0')).toMatch(/at least 1/);
    expect(validateConcurrency('4294967296')).toMatch(/at most 4,294,967,295/);
    expect(validateConcurrency('1.5')).toMatch(/whole number/);
    expect(validateConcurrency('-3')).toMatch(/whole number/);
    expect(validateConcurrency('ten')).toMatch(/whole number/);
  });
});

describe('Kafka subscription addresses', () => {
  it('parses sources and sinks', () => {
    expect(parseSource('kafka://my-cluster/orders')).toEqual({ cluster: 'my-cluster', topic: 'orders' });
    expect(parseSource('kafka://my-cluster')).toBeUndefined();
    expect(parseSink('service://greeter/greet')).toEqual({ service: 'greeter', handler: 'greet' });
    expect(parseSink('service://greeter/greet/x')).toBeUndefined();
  });
  it('checks topics like Kafka', () => {
    expect(validateTopic('orders.v1_eu-2')).toBeUndefined();
    expect(validateTopic('')).toMatch(/Enter the topic/);
    expect(validateTopic('or ders')).toMatch(/1 to 249/);
    expect(validateTopic('x'.repeat(250))).toMatch(/1 to 249/);
  });
  it('checks option rows and builds the options object', () => {
    const rows = [
      { key: 'auto.offset.reset', value: 'earliest' },
      { key: '', value: '' },
      { key: '', value: 'x' },
      { key: 'auto.offset.reset', value: 'latest' },
    ];
    expect(validateOptions(rows)).toEqual([
      undefined,
      undefined,
      expect.stringMatching(/Give this option a name/),
      expect.stringMatching(/set twice/),
    ]);
    expect(
      optionsObject([
        { key: ' a ', value: '1' },
        { key: '', value: '' },
      ])
    ).toEqual({ a: '1' });
  });
});
