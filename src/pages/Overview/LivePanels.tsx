import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2 } from '@grafana/data';
import { PanelRenderer } from '@grafana/runtime';
import { PanelChrome, RefreshPicker, Stack, TimeRangePicker, useStyles2 } from '@grafana/ui';
import {
  DEFAULT_OVERVIEW_RANGE,
  OVERVIEW_PANELS,
  OVERVIEW_REFRESH_INTERVALS,
  type OverviewPanel,
} from '../../model/overviewQueries';
import { useOverviewPanelData } from '../../hooks/overviewPanels';
import { resolveRange, useUrlTimeRange } from '../../hooks/timeRange';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';

/** Grafana's dashboard grid: rows of 30 px with 8 px gaps (public/app/core/constants.ts GRID_CELL_HEIGHT/VMARGIN). */
const CELL_HEIGHT = 30;
const GAP = 8;

/**
 * The live overview: the panels of src/model/overviewQueries.ts (the shipped dashboard's), drawn by Grafana's own
 * panel plugins through PanelRenderer with data from the cluster's Restate data source, for the time range and
 * auto-refresh of the link (`from`, `to`, `refresh`).
 */
export function LivePanels({ clusterUid }: { clusterUid: string }) {
  const styles = useStyles2(getStyles);
  const time = useUrlTimeRange(DEFAULT_OVERVIEW_RANGE);
  const [tick, setTick] = useState(0);

  return (
    <section aria-labelledby="overview-live" className={styles.section}>
      <div className={styles.toolbar}>
        <h3 id="overview-live" className={styles.heading}>
          Invocations over time
        </h3>
        <Stack gap={1} alignItems="center">
          <TimeRangePicker
            value={time.range}
            onChange={time.setRange}
            onChangeTimeZone={() => undefined}
            onMoveBackward={() => time.shift(-1)}
            onMoveForward={() => time.shift(1)}
            onZoom={time.zoomOut}
            timeZone="browser"
          />
          <RefreshPicker
            value={time.refresh}
            intervals={OVERVIEW_REFRESH_INTERVALS}
            onIntervalChanged={time.setRefresh}
            onRefresh={() => setTick((t) => t + 1)}
            tooltip="Refresh the panels"
            noIntervalPicker={false}
          />
        </Stack>
      </div>
      <div className={styles.grid}>
        {OVERVIEW_PANELS.map((p) => (
          <LivePanel
            key={p.key}
            clusterUid={clusterUid}
            panel={p}
            raw={time.raw}
            refreshMs={time.refreshMs}
            tick={tick}
          />
        ))}
      </div>
    </section>
  );
}

/** The width of an element (given by the callback ref), followed as it resizes. */
function useWidth(): [(el: HTMLDivElement | null) => void, number] {
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!el) {
      return;
    }
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    // Reports the first size at once, then every change.
    const observer = new ResizeObserver(([entry]) => setWidth(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [setEl, width];
}

function LivePanel({
  clusterUid,
  panel,
  raw,
  refreshMs,
  tick,
}: {
  clusterUid: string;
  panel: OverviewPanel;
  raw: { from: string; to: string };
  refreshMs: number;
  tick: number;
}) {
  const styles = useStyles2(getStyles);
  const [ref, width] = useWidth();
  const height = panel.gridPos.h * CELL_HEIGHT + (panel.gridPos.h - 1) * GAP;
  const q = useOverviewPanelData(clusterUid, panel, raw, width, refreshMs);
  const { refresh } = q;
  useEffect(() => {
    if (tick > 0) {
      refresh();
    }
    // only when the refresh button is pressed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick]);

  return (
    <div
      ref={ref}
      className={styles.cell}
      style={{ gridColumn: `${panel.gridPos.x + 1} / span ${panel.gridPos.w}`, height }}
      data-testid={`overview-panel-${panel.key}`}
    >
      {width > 0 && (
        <PanelChrome
          width={width}
          height={height}
          title={panel.title}
          description={panel.description}
          loadingState={q.fetching ? LoadingState.Loading : LoadingState.Done}
        >
          {(innerWidth, innerHeight) =>
            q.error !== undefined ? (
              <div className={styles.error} style={{ height: innerHeight }}>
                <ErrorExplanation context="refresh" title={`Could not load ${panel.title}`} error={q.error} />
              </div>
            ) : (
              <PanelRenderer
                title={panel.title}
                pluginId={panel.type}
                width={innerWidth}
                height={innerHeight}
                data={q.data ?? { state: LoadingState.Loading, series: [], timeRange: resolveRange(raw) }}
                options={panel.options}
                fieldConfig={panel.fieldConfig as never}
                timeZone="browser"
              />
            )
          }
        </PanelChrome>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  toolbar: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
  }),
  heading: css({ margin: 0 }),
  grid: css({ display: 'grid', gridTemplateColumns: 'repeat(24, minmax(0, 1fr))', gap: GAP }),
  cell: css({ minWidth: 0 }),
  error: css({ overflow: 'auto' }),
});
