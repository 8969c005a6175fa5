import { useCallback, useMemo } from 'react';
import { useLocation } from 'react-router-dom';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { getDataSourceSrv, locationService } from '@grafana/runtime';
import { CLUSTER_PARAM } from '../constants';
import { DATASOURCE_TYPE, type RestateJsonData } from '../model/datasource';

export type ClusterSettings = DataSourceInstanceSettings<RestateJsonData>;

/** All Restate data sources (clusters) the signed-in user can see, default first. */
export function listClusters(): ClusterSettings[] {
  const list = getDataSourceSrv().getList({ pluginId: DATASOURCE_TYPE }) as ClusterSettings[];
  return [...list].sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
}

/** The name the set-ups give a cluster's Grafana objects: its Restate cluster name, else the data source's. */
export function clusterName(cluster: ClusterSettings): string {
  return cluster.jsonData.clusterName?.trim() || cluster.name;
}

/**
 * The cluster a page works on: the `cluster` query parameter (a data source uid), else the first
 * Restate data source. Kept in the URL so a link opens the same cluster for whoever follows it.
 */
export function useCluster(): {
  cluster?: ClusterSettings;
  clusters: ClusterSettings[];
  /** uid asked for in the URL that matches no Restate data source. */
  unknownUid?: string;
  setCluster: (clusterUid: string) => void;
} {
  const { search } = useLocation();
  const requested = new URLSearchParams(search).get(CLUSTER_PARAM) ?? undefined;
  const clusters = useMemo(() => listClusters(), []);
  const cluster = requested ? clusters.find((c) => c.uid === requested) : clusters[0];
  const setCluster = useCallback(
    (clusterUid: string) => locationService.partial({ [CLUSTER_PARAM]: clusterUid }, true),
    []
  );
  return { cluster, clusters, unknownUid: requested && !cluster ? requested : undefined, setCluster };
}
