import React, { lazy, Suspense, useState } from 'react';
import { Button, Dropdown, Icon, Menu } from '@grafana/ui';
import type { InvocationAction, InvocationFilters, StatusCounts } from '../../api/invocations';
import type { ListState } from './urlState';

// The bulk-action UI (its menu, the dialog, the bulk runner) is a chunk of its own, loaded when the menu first
// opens: the list's first paint does not wait for it.
const loadBulkActions = () => import('./BulkActions');
const BulkMenu = lazy(() => loadBulkActions().then((m) => ({ default: m.BulkMenu })));
const BulkDialog = lazy(() => loadBulkActions().then((m) => ({ default: m.BulkDialog })));

interface Props {
  clusterUid: string;
  state: ListState;
  filters: InvocationFilters;
  counts?: StatusCounts;
  total?: number;
  detailHref: (id: string) => string;
}

/**
 * "All N matching": a menu of the actions with how many of the matching invocations each applies to, and the
 * dialog that resolves the ids, confirms, runs and reports. Only for those who may operate (the proxy refuses
 * the PATCH for a Viewer anyway).
 */
export function AllMatchingActions({ clusterUid, state, filters, counts, total, detailHref }: Props) {
  const [open, setOpen] = useState<{ action: InvocationAction; filters: InvocationFilters; expected: number }>();
  const menu = counts && (
    <Suspense
      fallback={
        <Menu>
          <Menu.Item label="Loading actions…" disabled />
        </Menu>
      }
    >
      <BulkMenu
        counts={counts}
        statuses={state.statuses}
        onChoose={(action, expected) => setOpen({ action, filters, expected })}
      />
    </Suspense>
  );
  return (
    <>
      {/* The dialog stays while its run empties the list (e.g. after purging everything matching). */}
      {menu && total !== undefined && total > 0 && (
        <Dropdown overlay={menu} placement="bottom-start">
          <Button size="sm" variant="secondary" icon="layer-group" aria-label={`Act on all ${total} matching`}>
            Act on all <Icon name="angle-down" />
          </Button>
        </Dropdown>
      )}
      {open && (
        // (no fallback: the menu that opened it loaded its chunk)
        <Suspense fallback={null}>
          <BulkDialog
            clusterUid={clusterUid}
            action={open.action}
            filters={open.filters}
            state={state}
            expected={open.expected}
            detailHref={detailHref}
            onClose={() => setOpen(undefined)}
          />
        </Suspense>
      )}
    </>
  );
}
