import type { PanelData } from '@grafana/data';
import { queryOverviewPanel } from '../api/overviewPanels';
import type { OverviewPanel } from '../model/overviewQueries';
import { useRestateQuery, type QueryState } from './query';
import { clusterKey } from './resources/keys';
import { resolveRange } from './timeRange';

/** Widths are rounded to this many pixels in the key, so resizing the window does not refetch every panel. */
const WIDTH_STEP = 100;

/**
 * One live-overview panel's data, through the data layer: keyed by cluster, panel, the link's raw time range (a
 * relative range is resolved again at each load, so a refresh moves it on) and the panel's width; refreshed every
 * `refreshMs` (0: only when the range changes). Under `invocations`, so a change to invocations refreshes it.
 */
export function useOverviewPanelData(
  clusterUid: string,
  panel: OverviewPanel,
  raw: { from: string; to: string },
  width: number,
  refreshMs: number
): QueryState<PanelData> {
  const points = Math.max(WIDTH_STEP, Math.round(width / WIDTH_STEP) * WIDTH_STEP);
  return useRestateQuery(
    clusterKey(clusterUid, 'invocations', 'overview-panel', panel.key, raw.from, raw.to, points),
    () => queryOverviewPanel(clusterUid, panel, resolveRange(raw), { maxDataPoints: points }),
    { intervalMs: refreshMs, enabled: width > 0, keepPrevious: true }
  );
}
