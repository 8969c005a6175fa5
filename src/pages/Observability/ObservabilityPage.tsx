import React from 'react';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';
import { ObservabilitySetup } from './ObservabilitySetup';

/** Logs and traces of a cluster: Loki and Tempo with bearer headers, invocation ids linked both ways. */
export default function ObservabilityPage() {
  return (
    <ClusterPage subTitle="Loki and Tempo for this cluster, with every log line linked to its invocation's trace and back">
      {(cluster) => <ObservabilitySetup key={cluster.uid} cluster={cluster} />}
    </ClusterPage>
  );
}
