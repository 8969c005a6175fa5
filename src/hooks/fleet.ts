import { listLimitCounters, listRules, listVQueueEntries, listVQueues, type VQueueFilters } from '../api/flowControl';
import { listKafkaClusters, listSubscriptions } from '../api/kafka';
import { listServices } from '../api/services';
import { useRestateQuery } from './query';
import { clusterKey } from './resources/keys';

/*
 * The data layer of the Flow control and Kafka pages (one hook per resource, keyed as in resources/keys.ts). Rules,
 * queues and counters change under load, so they poll; Kafka configuration changes rarely and loads once.
 */

const POLL_MS = 10_000;

export const FLOW_CONTROL_RESOURCES = ['rules', 'vqueues', 'vqueue', 'limit-counters'];
export const KAFKA_RESOURCES = ['kafka-clusters', 'subscriptions'];

export const useRules = (clusterUid: string) =>
  useRestateQuery(clusterKey(clusterUid, 'rules'), () => listRules(clusterUid), { intervalMs: POLL_MS });

export const useVQueues = (clusterUid: string, filters: VQueueFilters) =>
  useRestateQuery(clusterKey(clusterUid, 'vqueues', filters), () => listVQueues(clusterUid, filters), {
    intervalMs: POLL_MS,
    keepPrevious: true,
  });

export const useVQueueEntries = (clusterUid: string, id: string | undefined) =>
  useRestateQuery(clusterKey(clusterUid, 'vqueue', id), () => listVQueueEntries(clusterUid, id ?? ''), {
    intervalMs: POLL_MS,
    enabled: !!id,
  });

export const useLimitCounters = (clusterUid: string) =>
  useRestateQuery(clusterKey(clusterUid, 'limit-counters'), () => listLimitCounters(clusterUid), {
    intervalMs: POLL_MS,
  });

/** Clusters, subscriptions and the services (to pick a sink handler and to check it before sending). */
async function loadKafka(clusterUid: string) {
  const [clusters, subscriptions, services] = await Promise.all([
    listKafkaClusters(clusterUid),
    listSubscriptions(clusterUid),
    listServices(clusterUid),
  ]);
  return { clusters, subscriptions, services };
}

export const useKafka = (clusterUid: string) =>
  useRestateQuery(clusterKey(clusterUid, 'kafka-clusters', 'with-subscriptions'), () => loadKafka(clusterUid));
