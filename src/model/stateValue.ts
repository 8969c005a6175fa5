import { sha256 } from './sha256';

/**
 * A virtual object's or workflow's state: named values of raw bytes. The SDKs write JSON by default, but a
 * handler may store any bytes (its own serde), so a value is shown and edited by what it holds:
 * JSON pretty-printed and edited as JSON, other UTF-8 as text, anything else as binary (not editable as text).
 */

export type StateValueKind = 'json' | 'text' | 'binary';

export interface DecodedValue {
  kind: StateValueKind;
  /** Size in bytes. */
  size: number;
  /** JSON: pretty-printed; text: the text; binary: undefined. */
  text?: string;
  /** Binary: the first bytes as hex (space-separated pairs), and the whole value as base64. */
  hexPreview?: string;
  base64?: string;
}

export const HEX_PREVIEW_BYTES = 64;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** The text of `bytes` if they are valid UTF-8 (and hold no NUL or other control bytes but tab/newline/CR). */
function asText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

export function decodeValue(bytes: Uint8Array): DecodedValue {
  const size = bytes.length;
  const text = asText(bytes);
  if (text !== undefined) {
    if (text.trim() !== '') {
      try {
        return { kind: 'json', size, text: JSON.stringify(JSON.parse(text), null, 2) };
      } catch {
        // not JSON: text
      }
    }
    return { kind: 'text', size, text };
  }
  return {
    kind: 'binary',
    size,
    hexPreview: toHex(bytes.subarray(0, HEX_PREVIEW_BYTES), ' '),
    base64: toBase64(bytes),
  };
}

/** The bytes to store for an edited value: JSON compact (as the SDKs write it), text as UTF-8. */
export function encodeValue(kind: 'json' | 'text', edited: string): Uint8Array {
  if (kind === 'json') {
    return utf8(JSON.stringify(JSON.parse(edited)));
  }
  return utf8(edited);
}

/** Why `edited` cannot be stored as `kind`, or undefined. JSON is checked before anything is sent. */
export function valueProblem(kind: 'json' | 'text', edited: string): string | undefined {
  if (kind !== 'json') {
    return undefined;
  }
  if (edited.trim() === '') {
    return 'Enter a JSON value (for example 0, "text", {"a": 1}); to store an empty value choose Text.';
  }
  try {
    JSON.parse(edited);
    return undefined;
  } catch (e) {
    return `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Why a state key name cannot be used, or undefined. */
export function keyNameProblem(name: string, existing: string[]): string | undefined {
  if (name === '') {
    return 'Enter a name for the state entry.';
  }
  if (existing.includes(name)) {
    return `An entry named “${name}” exists already; edit it instead.`;
  }
  return undefined;
}

export function toHex(bytes: Uint8Array, separator = ''): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(separator);
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.trim();
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new Error(`Not a hex string: ${clean.slice(0, 20)}`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array, urlSafe = false, pad = true): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [B64[(n >> 18) & 63], B64[(n >> 12) & 63], B64[(n >> 6) & 63], B64[n & 63]];
    const keep = Math.min(4, Math.ceil(((bytes.length - i) * 4) / 3));
    out += chars.slice(0, keep).join('') + (pad ? '='.repeat(4 - keep) : '');
  }
  return urlSafe ? out.replace(/\+/g, '-').replace(/\//g, '_') : out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return a.length - b.length;
}

/**
 * Restate's state version (restate-types `StateMutationVersion::from_user_state`): SHA-256 over the entries
 * sorted by key bytes, each as 8-byte big-endian index, 0x01, key, 0x02, value, 0x03; URL-safe base64 without
 * padding. `POST /services/{service}/state` with this `version` is applied only while the object's state still
 * hashes to it.
 */
export function stateVersion(entries: Array<{ key: string; value: Uint8Array }>): string {
  const kvs = entries.map((e) => ({ key: utf8(e.key), value: e.value })).sort((a, b) => compareBytes(a.key, b.key));
  const parts: Uint8Array[] = [];
  kvs.forEach(({ key, value }, i) => {
    const index = new Uint8Array(8);
    new DataView(index.buffer).setUint32(4, i);
    parts.push(index, Uint8Array.of(1), key, Uint8Array.of(2), value, Uint8Array.of(3));
  });
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  return toBase64(sha256(all), true, false);
}

/** "1 byte", "2.5 KiB" */
export function formatSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  }
  const units = ['KiB', 'MiB', 'GiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
