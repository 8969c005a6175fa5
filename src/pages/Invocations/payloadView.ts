import type { Payload } from '../../api/invocations';

/** Payloads above this size start collapsed, with "Show all". */
export const COLLAPSE_BYTES = 2048;
/** Above this size a payload is only offered as a download, never laid out in full. */
export const SHOW_ALL_MAX_BYTES = 256 * 1024;
/** What a collapsed payload shows. */
export const PREVIEW_CHARS = 600;

export interface PayloadView {
  kind: 'json' | 'text' | 'binary' | 'empty';
  /** Pretty-printed JSON, the text as is, or a note on binary data. */
  text: string;
  bytes: number;
  /** Collapsed at first. */
  big: boolean;
  /** The start of `text` for a collapsed payload. */
  preview: string;
}

/** "512 B", "3.0 KB", "1.2 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  if (n < 1024 * 1024) {
    return `${(n / 1024).toFixed(1)} KB`;
  }
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** JSON pretty-printed (2 spaces), other text as is, binary as its size; big ones get a preview. */
export function payloadView(p: Payload): PayloadView {
  if (p.kind === 'binary') {
    return { kind: 'binary', text: `${formatBytes(p.bytes)} of binary data`, bytes: p.bytes, big: false, preview: '' };
  }
  if (p.bytes === 0 || p.text === '') {
    return { kind: 'empty', text: 'empty', bytes: 0, big: false, preview: '' };
  }
  let kind: PayloadView['kind'] = 'text';
  let text = p.text;
  try {
    const value: unknown = JSON.parse(p.text);
    text = JSON.stringify(value, null, 2);
    kind = 'json';
  } catch {
    // not JSON: shown as it is
  }
  const big = p.bytes > COLLAPSE_BYTES;
  return { kind, text, bytes: p.bytes, big, preview: big ? `${text.slice(0, PREVIEW_CHARS)}…` : text };
}
