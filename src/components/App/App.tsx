import React, { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../../hooks/query';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';

// Each page is its own chunk so the first screen loads only what it shows.
const OverviewPage = React.lazy(() => import('../../pages/Overview/OverviewPage'));
const InvocationsPage = React.lazy(() => import('../../pages/Invocations/InvocationsPage'));
const ServicesPage = React.lazy(() => import('../../pages/Services/ServicesPage'));
const DeploymentsPage = React.lazy(() => import('../../pages/Deployments/DeploymentsPage'));
const SqlPage = React.lazy(() => import('../../pages/Sql/SqlPage'));
const ObservabilityPage = React.lazy(() => import('../../pages/Observability/ObservabilityPage'));
const AlertRulesPage = React.lazy(() => import('../../pages/Alerting/AlertRulesPage'));
const FlowControlPage = React.lazy(() => import('../../pages/FlowControl/FlowControlPage'));
const KafkaPage = React.lazy(() => import('../../pages/Kafka/KafkaPage'));
const StatePage = React.lazy(() => import('../../pages/State/StatePage'));
const InvokePage = React.lazy(() => import('../../pages/Invoke/InvokePage'));

// One cache for the app's pages; here rather than in module.tsx so react-query loads with the app, not before.
const queryClient = createQueryClient();

function App(_props: AppRootProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
        <Routes>
          <Route path={ROUTES.Overview} element={<OverviewPage />} />
          <Route path={`${ROUTES.Invocations}/*`} element={<InvocationsPage />} />
          <Route path={`${ROUTES.Services}/*`} element={<ServicesPage />} />
          <Route path={`${ROUTES.Deployments}/*`} element={<DeploymentsPage />} />
          <Route path={ROUTES.Sql} element={<SqlPage />} />
          <Route path={ROUTES.Observability} element={<ObservabilityPage />} />
          <Route path={ROUTES.Alerting} element={<AlertRulesPage />} />
          <Route path={`${ROUTES.FlowControl}/*`} element={<FlowControlPage />} />
          <Route path={ROUTES.Kafka} element={<KafkaPage />} />
          <Route path={ROUTES.State} element={<StatePage />} />
          <Route path={ROUTES.Invoke} element={<InvokePage />} />
          {/* Absolute: under React Router 7's relative splat paths (v7_relativeSplatPath) a relative target resolves
            against the unmatched path itself, so /a/<id>/x would go to /a/<id>/x/overview, and on forever. */}
          <Route path="*" element={<Navigate to={prefixRoute(ROUTES.Overview)} replace />} />
        </Routes>
      </Suspense>
    </QueryClientProvider>
  );
}

export default App;
