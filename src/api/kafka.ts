import type { components } from './generated/admin';
import { resourceFetch } from './proxy';

type Schemas = components['schemas'];

/*
 * Kafka clusters and subscriptions, all through the data source's Go backend: its answers may carry credentials
 * (librdkafka properties such as sasl.password, subscription options), which it replaces with "" before anything
 * leaves Grafana's server (every property not known to be harmless). Creating and deleting subscriptions needs the
 * Admin role, checked there; creation is checked first against Restate's clusters and handlers.
 */

export type KafkaCluster = Schemas['SimpleKafkaClusterResponse'];
export type Subscription = Schemas['SubscriptionResponse'];
export type CreateSubscriptionRequest = Schemas['CreateSubscriptionRequest'];

export async function listKafkaClusters(clusterUid: string): Promise<KafkaCluster[]> {
  const res = await resourceFetch<Schemas['ListKafkaClustersResponse']>(clusterUid, 'kafka-clusters');
  return [...(res?.clusters ?? [])].sort((a, b) => a.name.localeCompare(b.name));
}

export async function listSubscriptions(clusterUid: string): Promise<Subscription[]> {
  const res = await resourceFetch<Schemas['ListSubscriptionsResponse']>(clusterUid, 'subscriptions');
  return [...(res?.subscriptions ?? [])].sort(
    (a, b) => a.source.localeCompare(b.source) || a.sink.localeCompare(b.sink)
  );
}

export async function createSubscription(clusterUid: string, req: CreateSubscriptionRequest): Promise<Subscription> {
  return resourceFetch<Subscription>(clusterUid, 'subscriptions', { method: 'POST', body: req });
}

export async function deleteSubscription(clusterUid: string, id: string): Promise<void> {
  await resourceFetch<void>(clusterUid, `subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/**
 * A property or option as the backend returns it: names stay, values of anything that may be a credential are
 * "" (and Restate itself shows some as "***"). Such a value is shown as hidden, never as empty.
 */
export function isMasked(value: string | undefined | null): boolean {
  return value === '' || value === '***' || value === undefined || value === null;
}

/** Property rows sorted by name, with whether each value is hidden. */
export function propertyRows(
  props: Record<string, string> | undefined | null
): Array<{ name: string; value: string; masked: boolean }> {
  return Object.entries(props ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, masked: isMasked(value) }));
}
