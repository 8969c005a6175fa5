import { clusterPage } from '../../components/ClusterPage/ClusterPage';
import { ObservabilitySetup } from './ObservabilitySetup';

/** Logs and traces of a cluster: Loki and Tempo with bearer headers, invocation ids linked both ways. */
export default clusterPage(
  ObservabilitySetup,
  "Loki and Tempo for this cluster, with every log line linked to its invocation's trace and back"
);
