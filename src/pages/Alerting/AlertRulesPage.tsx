import { clusterPage } from '../../components/ClusterPage/ClusterPage';
import { AlertRulesSetup } from './AlertRulesSetup';

/** Alert rules of a cluster: paused, backing off, failing and stuck invocations, per service and handler. */
export default clusterPage(
  AlertRulesSetup,
  "Grafana alert rules on this cluster's invocations: paused, backing off, failing, stuck"
);
