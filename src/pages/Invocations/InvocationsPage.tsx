import React, { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { LoadingPlaceholder } from '@grafana/ui';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';
import { InvocationList } from './InvocationList';

// The detail (journal timeline, restart and resume dialogs) is a chunk of its own: the list does not wait for it.
const InvocationDetail = lazy(() => import('./InvocationDetail').then((m) => ({ default: m.InvocationDetail })));

/** `invocations` (the list) and `invocations/:id` (one invocation), nested under App's `invocations/*` route. */
export default function InvocationsPage() {
  return (
    <ClusterPage>
      {(cluster) => (
        <Routes>
          <Route index element={<InvocationList cluster={cluster} />} />
          <Route
            path=":id"
            element={
              <Suspense fallback={<LoadingPlaceholder text="Loading invocation..." />}>
                <InvocationDetail cluster={cluster} />
              </Suspense>
            }
          />
        </Routes>
      )}
    </ClusterPage>
  );
}
