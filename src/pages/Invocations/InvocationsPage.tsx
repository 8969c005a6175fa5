import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';
import { InvocationDetail } from './InvocationDetail';
import { InvocationList } from './InvocationList';

/** `invocations` (the list) and `invocations/:id` (one invocation), nested under App's `invocations/*` route. */
export default function InvocationsPage() {
  return (
    <ClusterPage>
      {(cluster) => (
        <Routes>
          <Route index element={<InvocationList cluster={cluster} />} />
          <Route path=":id" element={<InvocationDetail cluster={cluster} />} />
        </Routes>
      )}
    </ClusterPage>
  );
}
