import React, { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css, cx } from '@emotion/css';
import { applyFieldOverrides, type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Stack, Text, useStyles2, useTheme2 } from '@grafana/ui';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';
import { FrameTable, ROW_HEIGHT } from '../../components/FrameTable/FrameTable';
import { SqlEditor } from '../../components/SqlEditor';
import { isRestateApiError } from '../../api/errors';
import { headOfFrame, querySql } from '../../api/sql';
import type { ClusterSettings } from '../../hooks/cluster';
import { capRows, loadRecent, MAX_ROWS, READY_QUERIES, rememberQuery } from './queries';

const DEFAULT_SQL = READY_QUERIES[0].sql;
/** The most rows the backend hands the page for a query with its own LIMIT. */
const SQL_PAGE_MAX_ROWS = 1_000_000;

interface Result {
  frame: DataFrame;
  rowCount: number;
  truncated: boolean;
  ms: number;
}

export default function SqlPage() {
  return (
    <ClusterPage subTitle="Ask Restate’s introspection tables (DataFusion SQL)">
      {(c) => <SqlWorkbench cluster={c} />}
    </ClusterPage>
  );
}

/**
 * Width of an element, following resizes (the Grafana table needs explicit pixels). The ref's type is inferred:
 * useRef<T>(null) is a RefObject<T> in React 18's types and a RefObject<T | null> in React 19's, and `ref` wants each.
 */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) {
      return;
    }
    const measure = () => setWidth(el.clientWidth || 800);
    measure();
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

function SqlWorkbench({ cluster }: { cluster: ClusterSettings }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [params, setParams] = useSearchParams();
  const urlSql = params.get('q') ?? '';
  // What the user typed stays here (and in the URL once run), never overwritten by a refresh.
  const [sql, setSql] = useState(urlSql || DEFAULT_SQL);
  const [recent, setRecent] = useState<string[]>(() => loadRecent());
  const [result, setResult] = useState<Result | undefined>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const [tableRef, width] = useWidth<HTMLDivElement>();
  const runId = useRef(0);

  const run = useCallback(
    async (text: string) => {
      const q = text.trim();
      if (!q) {
        setError(new Error('Write a query first.'));
        return;
      }
      const id = ++runId.current;
      setRunning(true);
      setError(undefined);
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set('q', q);
          return next;
        },
        { replace: true }
      );
      setRecent(rememberQuery(q));
      const { sql: sent, capped } = capRows(q);
      const started = performance.now();
      try {
        // The page caps queries itself (capRows asks for one row more than MAX_ROWS); a query with its own
        // LIMIT gets what it asked for, up to the backend's ceiling.
        const all = await querySql(cluster.uid, sent, { requestId: 'restate-sql-page', maxRows: SQL_PAGE_MAX_ROWS });
        if (id !== runId.current) {
          return;
        }
        const truncated = capped && all.length > MAX_ROWS;
        const frame = truncated ? headOfFrame(all, MAX_ROWS) : all;
        setResult({
          frame,
          rowCount: frame.length,
          truncated,
          ms: performance.now() - started,
        });
      } catch (e) {
        if (id === runId.current) {
          setError(e);
          setResult(undefined);
        }
      } finally {
        if (id === runId.current) {
          setRunning(false);
        }
      }
    },
    [cluster.uid, setParams]
  );

  // A shared link (?q=…) runs its query on arrival, once; SQL here only reads.
  const [initialSql] = useState(urlSql);
  const ranInitial = useRef(false);
  useEffect(() => {
    if (ranInitial.current || !initialSql) {
      return;
    }
    // After mount rather than during the effect: the run updates state.
    const t = setTimeout(() => {
      ranInitial.current = true;
      run(initialSql);
    }, 0);
    return () => clearTimeout(t);
  }, [initialSql, run]);

  const frame = useMemo(
    () =>
      result
        ? applyFieldOverrides({
            data: [result.frame],
            fieldConfig: { defaults: {}, overrides: [] },
            replaceVariables: (v) => v,
            theme,
          })[0]
        : undefined,
    [result, theme]
  );

  const choose = (text: string) => {
    setSql(text);
    run(text);
  };

  return (
    <Stack direction="column" gap={2}>
      <div className={styles.top}>
        <div className={styles.editor}>
          <SqlEditor value={sql} onChange={setSql} onRun={run} height={200} />
          <Stack gap={1} alignItems="center">
            <Button icon={running ? 'spinner' : 'play'} onClick={() => run(sql)} disabled={running}>
              Run query
            </Button>
            <Text color="secondary" variant="bodySmall">
              Ctrl/Cmd+Enter runs. Results are capped at {MAX_ROWS.toLocaleString()} rows unless the query has its own
              LIMIT.
            </Text>
          </Stack>
        </div>
        <div className={styles.side}>
          <Field label="Ready queries">
            <ul className={styles.ready} aria-label="Ready queries">
              {READY_QUERIES.map((q) => (
                <li key={q.title}>
                  <button
                    type="button"
                    className={styles.readyButton}
                    onClick={() => choose(q.sql)}
                    title={q.description}
                  >
                    {q.title}
                  </button>
                </li>
              ))}
            </ul>
          </Field>
          <Field label="Recent queries">
            {recent.length === 0 ? (
              <Text color="secondary">Queries you run appear here.</Text>
            ) : (
              <ul className={cx(styles.ready, styles.recent)} aria-label="Recent queries">
                {recent.map((q) => (
                  <li key={q}>
                    <button
                      type="button"
                      className={cx(styles.readyButton, styles.recentButton)}
                      onClick={() => choose(q)}
                      title={q}
                    >
                      {q.replace(/\s+/g, ' ')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Field>
        </div>
      </div>

      {error !== undefined && (
        <Alert severity="error" title="Restate could not run this query">
          <pre className={styles.errorText}>{error instanceof Error ? error.message : String(error)}</pre>
          {isRestateApiError(error) && error.kind === 'restate' && (
            <Text color="secondary">
              Table and column names are listed in the editor’s completion (Ctrl+Space); the engine is DataFusion SQL.
            </Text>
          )}
        </Alert>
      )}

      <div ref={tableRef} className={styles.results}>
        {result && frame && (
          <Stack direction="column" gap={1}>
            <Text color="secondary">
              {result.rowCount.toLocaleString()} row{result.rowCount === 1 ? '' : 's'} in {Math.round(result.ms)} ms
            </Text>
            {result.truncated && (
              <Alert severity="warning" title={`Only the first ${MAX_ROWS.toLocaleString()} rows are shown`}>
                Add a LIMIT, a WHERE or an aggregate (GROUP BY) to narrow the result.
              </Alert>
            )}
            {result.rowCount === 0 ? (
              <Text color="secondary">The query returned no rows.</Text>
            ) : (
              width > 0 && (
                // Only the rows in view are rendered (Grafana's Table builds an object per row first: 1.4 s for
                // 50 000 rows here, bench/README.md).
                <FrameTable
                  frame={frame}
                  label="Query result"
                  width={width}
                  height={Math.min(600, ROW_HEIGHT * (result.rowCount + 1) + 8)}
                />
              )
            )}
          </Stack>
        )}
      </div>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  top: css({ display: 'flex', gap: theme.spacing(2), flexWrap: 'wrap', alignItems: 'flex-start' }),
  editor: css({ flex: '3 1 480px', display: 'flex', flexDirection: 'column', gap: theme.spacing(1), minWidth: 0 }),
  side: css({ flex: '1 1 260px', minWidth: 0 }),
  ready: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  readyButton: css({
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.colors.text.link,
    cursor: 'pointer',
    textAlign: 'left',
    font: 'inherit',
    '&:hover': { textDecoration: 'underline' },
  }),
  recent: css({ maxHeight: 200, overflowY: 'auto' }),
  recentButton: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    maxWidth: '100%',
  }),
  results: css({ width: '100%', minWidth: 0 }),
  errorText: css({ whiteSpace: 'pre-wrap', margin: 0, background: 'none', border: 'none', padding: 0 }),
});
