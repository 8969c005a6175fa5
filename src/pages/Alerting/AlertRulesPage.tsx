import React from 'react';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';
import { AlertRulesSetup } from './AlertRulesSetup';

/** Alert rules of a cluster: paused, backing off, failing and stuck invocations, per service and handler. */
export default function AlertRulesPage() {
  return (
    <ClusterPage subTitle="Grafana alert rules on this cluster's invocations: paused, backing off, failing, stuck">
      {(cluster) => <AlertRulesSetup key={cluster.uid} cluster={cluster} />}
    </ClusterPage>
  );
}
