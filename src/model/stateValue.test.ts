import { sha256 } from './sha256';
import {
  decodeValue,
  encodeValue,
  formatSize,
  fromHex,
  keyNameProblem,
  stateVersion,
  toBase64,
  toHex,
  utf8,
  valueProblem,
} from './stateValue';

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(toHex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
    );
    // a message longer than one block
    expect(toHex(sha256(new Uint8Array(1000).fill(0x61)))).toBe(
      '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3'
    );
  });
});

describe('base64 and hex', () => {
  it('encodes with and without padding, standard and URL-safe', () => {
    expect(toBase64(utf8('f'))).toBe('Zg==');
    expect(toBase64(utf8('fo'))).toBe('Zm8=');
    expect(toBase64(utf8('foo'))).toBe('Zm9v');
    expect(toBase64(Uint8Array.of(0xfb, 0xff), true, false)).toBe('-_8');
    expect(toBase64(new Uint8Array())).toBe('');
  });

  it('reads hex as the SQL encode(value, hex) writes it, and refuses anything else', () => {
    expect(Array.from(fromHex('00ff10'))).toEqual([0, 255, 16]);
    expect(fromHex('')).toEqual(new Uint8Array());
    expect(() => fromHex('abc')).toThrow(/hex/);
    expect(() => fromHex('zz')).toThrow(/hex/);
  });
});

describe('stateVersion', () => {
  it('is the version a real restate-server 1.7.12 accepts (measured: counter/k1 = {count: "5"})', () => {
    expect(stateVersion([{ key: 'count', value: utf8('5') }])).toBe('S6MyUcVGhqv_Nm54F5guL_XKfJMeFCOXIi7QEc5GZZA');
  });

  it('does not depend on the order of the entries, and changes with any byte', () => {
    const a = { key: 'a', value: utf8('1') };
    const b = { key: 'b', value: utf8('2') };
    expect(stateVersion([a, b])).toBe(stateVersion([b, a]));
    expect(stateVersion([a, b])).not.toBe(stateVersion([a, { key: 'b', value: utf8('3') }]));
    // the separators keep key and value apart: {ab: ""} is not {a: "b"}
    expect(stateVersion([{ key: 'ab', value: utf8('') }])).not.toBe(stateVersion([{ key: 'a', value: utf8('b') }]));
    expect(stateVersion([])).toBe(toBase64(sha256(new Uint8Array()), true, false));
  });
});

describe('decodeValue', () => {
  it('shows JSON pretty-printed', () => {
    expect(decodeValue(utf8('{"a":1,"b":[true]}'))).toEqual({
      kind: 'json',
      size: 18,
      text: '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}',
    });
    expect(decodeValue(utf8('5'))).toEqual({ kind: 'json', size: 1, text: '5' });
    expect(decodeValue(utf8('"waiting"'))).toMatchObject({ kind: 'json', text: '"waiting"' });
  });

  it('shows other UTF-8 as text, the empty value too', () => {
    expect(decodeValue(utf8('hello wörld\nline 2'))).toEqual({ kind: 'text', size: 19, text: 'hello wörld\nline 2' });
    expect(decodeValue(new Uint8Array())).toEqual({ kind: 'text', size: 0, text: '' });
  });

  it('shows invalid UTF-8 and control bytes as binary: size, hex preview and base64, no text', () => {
    const bytes = Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0x01);
    expect(decodeValue(bytes)).toEqual({
      kind: 'binary',
      size: 6,
      hexPreview: 'de ad be ef 00 01',
      base64: '3q2+7wAB',
    });
    expect(decodeValue(utf8('a\u0000b')).kind).toBe('binary');
    // 0xde 0xad alone is valid UTF-8 (U+07AD); 0xff never is
    expect(decodeValue(Uint8Array.of(0xde, 0xad)).kind).toBe('text');
    expect(decodeValue(Uint8Array.of(0xff, 0xfe))).toMatchObject({ kind: 'binary', hexPreview: 'ff fe' });
    expect(decodeValue(utf8('\ufffd is a real character')).kind).toBe('text');
    const long = decodeValue(new Uint8Array(100).fill(7));
    expect(long.hexPreview?.split(' ')).toHaveLength(64);
    expect(long.text).toBeUndefined();
  });
});

describe('editing values', () => {
  it('stores JSON compact, as the SDKs write it, and text as it is', () => {
    expect(new TextDecoder().decode(encodeValue('json', '{\n  "a": 1\n}'))).toBe('{"a":1}');
    expect(new TextDecoder().decode(encodeValue('text', ' x '))).toBe(' x ');
  });

  it('checks JSON before anything is sent', () => {
    expect(valueProblem('json', '{"a": 1}')).toBeUndefined();
    expect(valueProblem('json', '{"a": ')).toMatch(/^Not valid JSON/);
    expect(valueProblem('json', '  ')).toMatch(/choose Text/);
    expect(valueProblem('text', '{"a": ')).toBeUndefined();
  });

  it('refuses an empty or existing entry name', () => {
    expect(keyNameProblem('', ['a'])).toMatch(/Enter a name/);
    expect(keyNameProblem('a', ['a'])).toMatch(/exists already/);
    expect(keyNameProblem('b', ['a'])).toBeUndefined();
  });

  it('formats sizes', () => {
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(1023)).toBe('1023 bytes');
    expect(formatSize(2560)).toBe('2.5 KiB');
    expect(formatSize(50 * 1024 * 1024)).toBe('50 MiB');
  });
});
