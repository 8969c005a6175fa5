import { payloadOf } from '../../api/invocations';
import { COLLAPSE_BYTES, formatBytes, payloadView } from './payloadView';

const bytes = (s: string) => Array.from(new TextEncoder().encode(s));

describe('payloads', () => {
  it('pretty-prints JSON', () => {
    expect(payloadView(payloadOf(bytes('{"a":1,"b":[true]}'))!)).toEqual({
      kind: 'json',
      text: '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}',
      bytes: 18,
      big: false,
      preview: '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}',
    });
  });

  it('shows other text as it is', () => {
    expect(payloadView(payloadOf(bytes('hello {'))!)).toMatchObject({ kind: 'text', text: 'hello {', big: false });
  });

  it('collapses big payloads to a preview', () => {
    const v = payloadView(payloadOf(bytes(JSON.stringify({ blob: 'x'.repeat(3000) })))!);
    expect(v.big).toBe(true);
    expect(v.bytes).toBeGreaterThan(COLLAPSE_BYTES);
    expect(v.preview.length).toBeLessThan(v.text.length);
    expect(v.preview.endsWith('…')).toBe(true);
    expect(v.text).toContain('x'.repeat(3000));
  });

  it('names binary data and empty payloads instead of showing them', () => {
    expect(payloadView(payloadOf([0xff, 0xfe, 0x00])!)).toMatchObject({
      kind: 'binary',
      text: '3 B of binary data',
    });
    expect(payloadView(payloadOf([])!)).toMatchObject({ kind: 'empty', text: 'empty' });
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3029)).toBe('3.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
