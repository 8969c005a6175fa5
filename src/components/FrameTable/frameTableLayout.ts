import { formattedValueToString, type Field } from '@grafana/data';

/** Which column sorts the rows (an index into the frame's fields), and which way. */
export interface SortState {
  field: number;
  desc: boolean;
}

/** A cell's text, through the field's display processor when it has one (applyFieldOverrides sets it). */
export function cellText(field: Field, i: number): string {
  const v = field.values[i];
  if (v === null || v === undefined) {
    return '';
  }
  return field.display ? formattedValueToString(field.display(v)) : String(v);
}

const CHAR_PX = 7.5;
const PADDING_PX = 16;
const MIN_PX = 80;
const MAX_PX = 420;
/** Rows sampled to size a column: its width does not depend on how many rows there are. */
const SAMPLE = 200;

/**
 * Pixel widths of the columns: each as wide as its header or its widest value among the first rows (bounded),
 * widened alike to fill `width` when they are narrower together.
 */
export function columnWidths(fields: Field[], length: number, width: number): number[] {
  const widths = fields.map((f) => {
    let chars = f.name.length + 3; // the type icon
    for (let i = 0; i < Math.min(length, SAMPLE); i++) {
      chars = Math.max(chars, cellText(f, i).length);
    }
    return Math.min(MAX_PX, Math.max(MIN_PX, Math.ceil(chars * CHAR_PX + PADDING_PX)));
  });
  const total = widths.reduce((a, b) => a + b, 0);
  const room = width - 2; // the border
  if (total > 0 && total < room) {
    const extra = (room - total) / widths.length;
    return widths.map((w) => Math.floor(w + extra));
  }
  return widths;
}

function compare(a: unknown, b: unknown): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) {
    return an === bn ? 0 : an ? 1 : -1;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  const x = typeof a === 'string' ? a : String(a);
  const y = typeof b === 'string' ? b : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The row order under `sort` (undefined: the frame's own order); empty values last either way, ties stable. */
export function sortedIndex(fields: Field[], length: number, sort: SortState | undefined): number[] | undefined {
  const field = sort ? fields[sort.field] : undefined;
  if (!sort || !field) {
    return undefined;
  }
  const values = field.values;
  const index = Array.from({ length }, (_, i) => i);
  const sign = sort.desc ? -1 : 1;
  index.sort((i, j) => {
    const a = values[i];
    const b = values[j];
    const nulls = (a === null || a === undefined ? 1 : 0) - (b === null || b === undefined ? 1 : 0);
    return nulls !== 0 ? nulls : sign * compare(a, b) || i - j;
  });
  return index;
}

/** The rows to render for a scroll position: those in view and `overscan` on each side, as [first, last). */
export function visibleRange(
  scrollTop: number,
  viewHeight: number,
  rowHeight: number,
  length: number,
  overscan = 8
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(length, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}
