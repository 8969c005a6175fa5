import React from 'react';
import { Stack } from '@grafana/ui';
import { clusterPage } from '../../components/ClusterPage/ClusterPage';
import type { ClusterSettings } from '../../hooks/cluster';
import { ObservabilitySetup } from './ObservabilitySetup';
import { PrometheusSetup } from './PrometheusSetup';

/** Logs, traces and metrics of a cluster: Loki and Tempo with invocation ids linked both ways, and Prometheus. */
function Observability({ cluster }: { cluster: ClusterSettings }) {
  return (
    <Stack direction="column" gap={4}>
      <ObservabilitySetup cluster={cluster} />
      <PrometheusSetup cluster={cluster} />
    </Stack>
  );
}

export default clusterPage(
  Observability,
  "Loki and Tempo for this cluster, with every log line linked to its invocation's trace and back"
);
