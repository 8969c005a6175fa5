import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import { Icon, getFieldTypeIcon, useStyles2 } from '@grafana/ui';
import { cellText, columnWidths, sortedIndex, visibleRange, type SortState } from './frameTableLayout';

export const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 36;

/**
 * A data frame as a table that renders only the rows in view: it reads the frame's columns directly (no row
 * objects), so 50 000 rows cost what the 20 visible ones cost. Columns sort on the client (click or Enter on a
 * header); the body scrolls with the mouse or, once focused, with the arrow and page keys.
 */
export function FrameTable({
  frame,
  width,
  height,
  label,
}: {
  frame: DataFrame;
  width: number;
  height: number;
  label: string;
}) {
  const styles = useStyles2(getStyles);
  const [scrollTop, setScrollTop] = useState(0);
  const [sort, setSort] = useState<SortState | undefined>();
  const scroller = useRef<HTMLDivElement>(null);
  // a new result starts at its top (the scroll event then updates scrollTop), in its own order
  const [shown, setShown] = useState(frame);
  if (shown !== frame) {
    setShown(frame);
    setSort(undefined);
    setScrollTop(0);
  }
  useEffect(() => {
    if (scroller.current) {
      scroller.current.scrollTop = 0;
    }
  }, [frame]);
  const fields = frame.fields;
  const widths = useMemo(() => columnWidths(fields, frame.length, width), [fields, frame.length, width]);
  const order = useMemo(() => sortedIndex(fields, frame.length, sort), [fields, frame.length, sort]);
  const bodyHeight = Math.max(ROW_HEIGHT, height - HEADER_HEIGHT);
  const { first, last } = visibleRange(scrollTop, bodyHeight, ROW_HEIGHT, frame.length);
  const total = widths.reduce((a, b) => a + b, 0);
  const onScroll = useCallback((e: React.UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop), []);
  const toggle = (index: number) =>
    setSort((s) =>
      s?.field !== index ? { field: index, desc: false } : s.desc ? undefined : { field: index, desc: true }
    );

  const rows: React.ReactNode[] = [];
  for (let r = first; r < last; r++) {
    const i = order ? order[r] : r;
    rows.push(
      <div
        key={r}
        role="row"
        aria-rowindex={r + 2}
        className={styles.row}
        style={{ top: HEADER_HEIGHT + r * ROW_HEIGHT, width: total }}
      >
        {fields.map((f, c) => {
          const text = cellText(f, i);
          return (
            <div key={c} role="cell" className={styles.cell} style={{ width: widths[c] }} title={text}>
              {text}
            </div>
          );
        })}
      </div>
    );
  }

  return (
    <div
      ref={scroller}
      className={styles.scroller}
      style={{ width, height }}
      onScroll={onScroll}
      role="table"
      aria-label={label}
      aria-rowcount={frame.length + 1}
      tabIndex={0}
    >
      <div style={{ height: HEADER_HEIGHT + frame.length * ROW_HEIGHT, width: total, position: 'relative' }}>
        <div role="row" aria-rowindex={1} className={styles.header} style={{ width: total }}>
          {fields.map((f, c) => {
            const active = sort?.field === c;
            return (
              <div
                key={c}
                role="columnheader"
                aria-sort={active ? (sort!.desc ? 'descending' : 'ascending') : 'none'}
                className={styles.headerCell}
                style={{ width: widths[c] }}
              >
                <button
                  type="button"
                  className={styles.sortButton}
                  onClick={() => toggle(c)}
                  title={`Sort by ${f.name}`}
                >
                  <Icon name={getFieldTypeIcon(f)} size="sm" className={styles.typeIcon} />
                  <span className={styles.headerText}>{f.name}</span>
                  {active && <Icon name={sort!.desc ? 'arrow-down' : 'arrow-up'} size="sm" />}
                </button>
              </div>
            );
          })}
        </div>
        {rows}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  scroller: css({
    overflow: 'auto',
    // rows are replaced as they scroll: the browser must not move the scroll position to keep one in place
    overflowAnchor: 'none',
    position: 'relative',
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
  }),
  header: css({
    position: 'sticky',
    top: 0,
    zIndex: 1,
    display: 'flex',
    height: HEADER_HEIGHT,
    background: theme.colors.background.secondary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  headerCell: css({ flex: 'none', display: 'flex', alignItems: 'center', minWidth: 0 }),
  sortButton: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    width: '100%',
    height: '100%',
    padding: theme.spacing(0, 1),
    background: 'none',
    border: 'none',
    color: theme.colors.text.link,
    fontWeight: theme.typography.fontWeightMedium,
    cursor: 'pointer',
    textAlign: 'left',
    minWidth: 0,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
  }),
  headerText: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  typeIcon: css({ color: theme.colors.text.secondary, flex: 'none' }),
  row: css({
    position: 'absolute',
    left: 0,
    display: 'flex',
    height: ROW_HEIGHT,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    '&:hover': { background: theme.colors.action.hover },
  }),
  cell: css({
    flex: 'none',
    padding: theme.spacing(0, 1),
    lineHeight: `${ROW_HEIGHT - 1}px`,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
});
