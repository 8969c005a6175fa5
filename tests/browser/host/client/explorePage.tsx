// /explore — a minimal Explore stand-in. For a Restate data source it does what one Explore pane does with
// a plugin: loads the data source through the DataSourceSrv, renders its QueryEditor as
// public/app/features/query/components/QueryEditorRow.tsx (renderPluginEditor) does, runs the queries as
// public/app/features/query/state/runRequest.ts does and shows the frames in a table. For any other type
// (Loki, Tempo: the app's log and trace links) it only shows the parameters the link carried.
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  CoreApp,
  DataSourcePluginContextProvider,
  applyFieldOverrides,
  dateMath,
  dateTime,
  rangeUtil,
  type DataFrame,
  type DataQuery,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type RawTimeRange,
  type TimeRange,
} from '@grafana/data';
import { config, getDataSourceSrv } from '@grafana/runtime';
import { Alert, Button, LoadingPlaceholder, Stack, Table, Text } from '@grafana/ui';
import { useLocation } from 'react-router-dom';
import { from, of, type Subscription } from 'rxjs';
import { HostPluginPage, PageNavContext } from './chrome';

const RESTATE_TYPE = 'restatedev-restate-datasource';

interface ExplorePane {
  datasource?: string;
  queries?: DataQuery[];
  range?: { from?: string; to?: string };
}

/**
 * The first pane of the URL. public/app/features/explore/state/utils.ts / hooks/useStateSync: schemaVersion=1
 * carries `panes={"<paneId>": {datasource, queries, range}}`; the legacy (v0) `left={...}` one pane.
 */
function paneFromUrl(search: URLSearchParams): { id: string; pane: ExplorePane } | undefined {
  const parse = (s: string | null): unknown => {
    try {
      return s ? JSON.parse(s) : undefined;
    } catch {
      return undefined;
    }
  };
  const panes = parse(search.get('panes'));
  if (panes && typeof panes === 'object') {
    const [id, pane] = Object.entries(panes as Record<string, ExplorePane>)[0] ?? [];
    return id && pane ? { id, pane } : undefined;
  }
  const left = parse(search.get('left'));
  if (left && typeof left === 'object' && !Array.isArray(left)) {
    return { id: 'left', pane: left as ExplorePane };
  }
  return undefined;
}

/**
 * public/app/core/utils/explore.ts (getTimeRangeFromUrl / parseRawTime): epoch milliseconds or date math,
 * the last hour when the URL names none. Relative ranges are evaluated again on every run.
 */
function rawTime(value: string | undefined, fallback: string) {
  const v = value ?? fallback;
  return /^\d+$/.test(v) ? dateTime(parseInt(v, 10)) : v;
}
function toTimeRange(raw: RawTimeRange): TimeRange {
  return {
    from: dateMath.parse(raw.from, false) ?? dateTime(),
    to: dateMath.parse(raw.to, true) ?? dateTime(),
    raw,
  };
}

/** runRequest.ts processResponsePacket, reduced: packets replace earlier ones with the same key. */
interface Result {
  frames: DataFrame[];
  errors: DataQueryError[];
  running: boolean;
}

function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) {
      return;
    }
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

function ResultTable({ frame, width }: { frame: DataFrame; width: number }) {
  // Explore's TableContainer: display processors come from applyFieldOverrides (times formatted by the theme).
  const [processed] = useMemo(
    () =>
      applyFieldOverrides({
        data: [frame],
        fieldConfig: { defaults: {}, overrides: [] },
        replaceVariables: (v: string) => v,
        theme: config.theme2,
        timeZone: 'browser',
      }),
    [frame]
  );
  const rows = processed.length;
  const height = Math.min(600, Math.max(120, 36 * (rows + 1) + 8));
  return (
    <div data-testid="explore-result-table">
      <Text element="h4">
        {frame.name || frame.refId || 'Result'} · {rows} {rows === 1 ? 'row' : 'rows'}
      </Text>
      {width > 0 && <Table data={processed} width={width} height={height} />}
    </div>
  );
}

function QueryPane({ paneId, ds, pane }: { paneId: string; ds: DataSourceApi; pane: ExplorePane }) {
  const rawRange = useMemo<RawTimeRange>(
    () => ({ from: rawTime(pane.range?.from, 'now-1h'), to: rawTime(pane.range?.to, 'now') }),
    [pane.range?.from, pane.range?.to]
  );
  const [range, setRange] = useState(() => toTimeRange(rawRange));
  // Explore starts an empty pane with the data source's default query (state/utils.ts generateEmptyQuery).
  const initial = useMemo<DataQuery[]>(() => {
    const ref = { uid: ds.uid, type: ds.type };
    const fromUrl = pane.queries?.length ? pane.queries : [{ refId: 'A', ...ds.getDefaultQuery?.(CoreApp.Explore) }];
    return fromUrl.map((q, i) => ({ ...q, refId: q.refId ?? String.fromCharCode(65 + i), datasource: ref }));
  }, [ds, pane.queries]);
  const [queries, setQueries] = useState(initial);
  // The editor may call onChange and onRunQuery in one go: the run must see the change (Explore reads the store).
  const latest = useRef(queries);
  const [result, setResult] = useState<Result>({ frames: [], errors: [], running: false });
  const subscription = useRef<Subscription>();
  const { ref: container, width } = useWidth();

  useEffect(() => () => subscription.current?.unsubscribe(), []);

  const onChange = useCallback((index: number, query: DataQuery) => {
    latest.current = latest.current.map((q, i) => (i === index ? query : q));
    setQueries(latest.current);
  }, []);

  const run = useCallback(() => {
    subscription.current?.unsubscribe();
    const timeRange = toTimeRange(rawRange);
    setRange(timeRange);
    // explore/utils/query.ts buildQueryTransaction: the request Explore sends.
    const request: DataQueryRequest = {
      app: CoreApp.Explore,
      requestId: `explore_${paneId}`,
      interval: '1s',
      intervalMs: 1000,
      maxDataPoints: width || 1000,
      range: timeRange,
      rangeRaw: timeRange.raw,
      scopedVars: {},
      targets: latest.current,
      timezone: 'browser',
      startTime: Date.now(),
    };
    // runRequest.ts callQueryMethod: filterQuery first, nothing left → no data; a Promise or an Observable.
    request.targets = request.targets.filter((t) => ds.filterQuery?.(t) ?? true);
    const packets: Record<string, DataQueryResponse> = {};
    setResult((r) => ({ ...r, running: true }));
    const response = request.targets.length === 0 ? of<DataQueryResponse>({ data: [] }) : from(ds.query(request));
    subscription.current = response.subscribe({
      next: (packet) => {
        packets[packet.key ?? 'A'] = packet;
        const all = Object.values(packets);
        setResult({
          frames: all.flatMap((p) => p.data as DataFrame[]),
          errors: all.flatMap((p) => p.errors ?? (p.error ? [p.error] : [])),
          running: true,
        });
      },
      // runRequest.ts catchError → processQueryError.
      error: (e) =>
        setResult({ frames: [], errors: [{ message: e?.data?.message ?? e?.message ?? String(e) }], running: false }),
      complete: () => setResult((r) => ({ ...r, running: false })),
    });
  }, [ds, paneId, rawRange, width]);

  const QueryEditor = ds.components?.QueryEditor;
  return (
    <Stack direction="column" gap={2}>
      <Stack alignItems="center" gap={2}>
        <span data-testid="explore-time-range">
          <Text color="secondary">{rangeUtil.describeTimeRange(range.raw)}</Text>
        </span>
        <Button icon="sync" onClick={run} disabled={result.running}>
          Run query
        </Button>
      </Stack>
      {queries.map((query, index) => (
        <div key={query.refId} data-testid={`explore-query-${query.refId}`}>
          {QueryEditor ? (
            // QueryEditorRow.renderPluginEditor: the props a plugin's editor gets in Explore.
            <DataSourcePluginContextProvider instanceSettings={getDataSourceSrv().getInstanceSettings(ds.uid)!}>
              <QueryEditor
                query={query}
                datasource={ds}
                onChange={(q: DataQuery) => onChange(index, q)}
                onRunQuery={run}
                range={range}
                queries={queries}
                app={CoreApp.Explore}
              />
            </DataSourcePluginContextProvider>
          ) : (
            <div>Data source plugin does not export any Query Editor component</div>
          )}
        </div>
      ))}
      {result.errors.map((e, i) => (
        <Alert
          key={i}
          severity="error"
          title={e.refId ? `Query ${e.refId} failed` : 'Query failed'}
          data-testid="explore-query-error"
        >
          {e.message ?? e.data?.message ?? 'Unknown error'}
        </Alert>
      ))}
      <div ref={container} style={{ width: '100%' }}>
        {result.frames.map((frame, i) => (
          <ResultTable key={`${frame.refId}-${i}`} frame={frame} width={width} />
        ))}
      </div>
    </Stack>
  );
}

export function ExplorePage() {
  const location = useLocation();
  const search = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const params = Object.fromEntries(search);
  const target = useMemo(() => paneFromUrl(search), [search]);
  const settings = target?.pane.datasource ? getDataSourceSrv().getInstanceSettings(target.pane.datasource) : undefined;
  const isRestate = settings?.type === RESTATE_TYPE;
  const [loaded, setLoaded] = useState<{ ds?: DataSourceApi; error?: string }>({});

  useEffect(() => {
    setLoaded({});
    if (!isRestate || !settings) {
      return;
    }
    getDataSourceSrv()
      .get(settings.uid)
      .then(
        (ds) => setLoaded({ ds }),
        (e) => setLoaded({ error: e?.message ?? String(e) })
      );
  }, [isRestate, settings]);

  const paramsView = <pre data-testid="explore-params">{JSON.stringify(params, null, 2)}</pre>;
  if (!isRestate || !target) {
    return (
      <PageNavContext.Provider value={{ title: 'Explore' }}>
        <HostPluginPage subTitle="Explore is not part of the test host; these are the parameters the link carried.">
          {paramsView}
        </HostPluginPage>
      </PageNavContext.Provider>
    );
  }
  return (
    <PageNavContext.Provider value={{ title: 'Explore' }}>
      <HostPluginPage subTitle={`Data source: ${settings.name}`}>
        {loaded.error ? (
          <Alert severity="error" title={`Failed to load data source ${settings.name}`}>
            {loaded.error}
          </Alert>
        ) : loaded.ds ? (
          <QueryPane key={`${target.id}-${settings.uid}`} paneId={target.id} ds={loaded.ds} pane={target.pane} />
        ) : (
          <LoadingPlaceholder text="Loading data source…" />
        )}
        <details style={{ marginTop: 24 }}>
          <summary>URL parameters</summary>
          {paramsView}
        </details>
      </HostPluginPage>
    </PageNavContext.Provider>
  );
}
