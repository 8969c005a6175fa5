import React from 'react';
import { Stack } from '@grafana/ui';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';
import { ObservabilitySetup } from './ObservabilitySetup';
import { PrometheusSetup } from './PrometheusSetup';

/** Logs and traces of a cluster: Loki and Tempo with bearer headers, invocation ids linked both ways. */
export default function ObservabilityPage() {
  return (
    <ClusterPage subTitle="Loki and Tempo for this cluster, with every log line linked to its invocation's trace and back">
      {(cluster) => (
        <Stack direction="column" gap={4}>
          <ObservabilitySetup key={cluster.uid} cluster={cluster} />
          <PrometheusSetup key={`${cluster.uid}-metrics`} cluster={cluster} />
        </Stack>
      )}
    </ClusterPage>
  );
}
