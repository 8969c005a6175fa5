import React from 'react';
import { ClusterPage } from '../../components/ClusterPage/ClusterPage';

// Placeholder: replaced by the page's own issue.
export default function OverviewPage() {
  return <ClusterPage>{(cluster) => <p>{cluster.name}</p>}</ClusterPage>;
}
