import React, { lazy, Suspense } from 'react';
import { LoadingPlaceholder } from '@grafana/ui';
import { clusterRoutesPage } from '../../components/ClusterPage/ClusterPage';
import type { ClusterSettings } from '../../hooks/cluster';
import { InvocationList } from './InvocationList';

// The detail (journal timeline, restart and resume dialogs) is a chunk of its own: the list does not wait for it.
const InvocationDetail = lazy(() => import('./InvocationDetail').then((m) => ({ default: m.InvocationDetail })));

/** `invocations` (the list) and `invocations/:id` (one invocation), nested under App's `invocations/*` route. */
export default clusterRoutesPage({ '': InvocationList, ':id': LazyInvocationDetail });

function LazyInvocationDetail({ cluster }: { cluster: ClusterSettings }) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading invocation..." />}>
      <InvocationDetail cluster={cluster} />
    </Suspense>
  );
}
