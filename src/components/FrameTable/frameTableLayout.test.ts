import { FieldType, toDataFrame } from '@grafana/data';
import { cellText, columnWidths, sortedIndex, visibleRange } from './frameTableLayout';

const frame = toDataFrame({
  fields: [
    { name: 'id', type: FieldType.string, values: ['inv_b', 'inv_a', 'inv_c', 'inv_d'] },
    { name: 'n', type: FieldType.number, values: [10, null, 2, 10] },
  ],
});

describe('frame table layout', () => {
  it('renders only the rows in view and a few on each side', () => {
    expect(visibleRange(0, 320, 32, 50000, 8)).toEqual({ first: 0, last: 18 });
    expect(visibleRange(32 * 1000, 320, 32, 50000, 8)).toEqual({ first: 992, last: 1018 });
    expect(visibleRange(32 * 49990, 320, 32, 50000, 8)).toEqual({ first: 49982, last: 50000 });
    expect(visibleRange(0, 320, 32, 0)).toEqual({ first: 0, last: 0 });
  });

  it('sorts by a column on the client, empty values last either way, ties in the frame order', () => {
    expect(sortedIndex(frame.fields, frame.length, undefined)).toBeUndefined();
    expect(sortedIndex(frame.fields, frame.length, { field: 0, desc: false })).toEqual([1, 0, 2, 3]);
    expect(sortedIndex(frame.fields, frame.length, { field: 0, desc: true })).toEqual([3, 2, 0, 1]);
    expect(sortedIndex(frame.fields, frame.length, { field: 1, desc: false })).toEqual([2, 0, 3, 1]);
    expect(sortedIndex(frame.fields, frame.length, { field: 1, desc: true })).toEqual([0, 3, 2, 1]);
  });

  it('sizes columns by header and the first values, bounded, filling the width', () => {
    const [id, n] = columnWidths(frame.fields, frame.length, 0);
    expect(id).toBeGreaterThanOrEqual(80);
    expect(n).toBe(80);
    const wide = columnWidths(frame.fields, frame.length, 1002);
    expect(wide.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000);
    expect(wide.reduce((a, b) => a + b, 0)).toBeGreaterThan(995);
    const long = toDataFrame({ fields: [{ name: 'x', type: FieldType.string, values: ['y'.repeat(5000)] }] });
    expect(columnWidths(long.fields, 1, 0)).toEqual([420]);
  });

  it('shows a cell through the display processor, and nothing for NULL', () => {
    const f = { ...frame.fields[1], display: (v: unknown) => ({ text: `${v} ms`, numeric: Number(v) }) };
    expect(cellText(f, 0)).toBe('10 ms');
    expect(cellText(f, 1)).toBe('');
    expect(cellText(frame.fields[0], 1)).toBe('inv_a');
  });
});
