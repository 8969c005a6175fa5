import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Alert, Combobox, EmptyState, LinkButton, Stack } from '@grafana/ui';
import { DATASOURCE_TYPE } from '../../model/datasource';
import { type ClusterSettings, useCluster } from '../../hooks/cluster';

interface Props {
  /** Renders the page for the chosen cluster. */
  children: (cluster: ClusterSettings) => React.ReactNode;
  /** Extra controls next to the cluster picker. */
  actions?: React.ReactNode;
  subTitle?: React.ReactNode;
}

/** A page that works on one Restate cluster, chosen with a picker whose choice lives in the URL. */
export function ClusterPage({ children, actions, subTitle }: Props) {
  const { cluster, clusters, unknownUid, setCluster } = useCluster();

  const picker =
    clusters.length > 0 ? (
      <Combobox
        aria-label="Restate cluster"
        width={30}
        value={cluster?.uid ?? null}
        options={clusters.map((c) => ({ label: c.name, value: c.uid, description: c.jsonData.clusterName }))}
        onChange={(o) => o && setCluster(o.value)}
        placeholder="Choose a cluster"
      />
    ) : null;

  return (
    <PluginPage
      subTitle={subTitle}
      actions={
        <Stack gap={1} alignItems="center">
          {actions}
          {picker}
        </Stack>
      }
    >
      {clusters.length === 0 ? (
        <EmptyState
          variant="call-to-action"
          message="No Restate cluster is connected yet"
          button={
            <LinkButton icon="plus" href={`/connections/datasources/${DATASOURCE_TYPE}`}>
              Add a Restate data source
            </LinkButton>
          }
        >
          Each Restate cluster is a data source: its admin URL, ingress URL and bearer token.
        </EmptyState>
      ) : unknownUid ? (
        <Alert severity="error" title="Unknown cluster">
          This link names a Restate data source (uid “{unknownUid}”) that does not exist or that you cannot see. Choose
          a cluster above.
        </Alert>
      ) : cluster ? (
        children(cluster)
      ) : null}
    </PluginPage>
  );
}

/**
 * A page's entry point: `View` for the chosen cluster, mounted afresh when the user picks another cluster (so nothing
 * one cluster's view held shows on the next).
 */
export function clusterPage(View: React.ComponentType<{ cluster: ClusterSettings }>, subTitle?: React.ReactNode) {
  return function ClusterPageEntry() {
    return <ClusterPage subTitle={subTitle}>{(cluster) => <View key={cluster.uid} cluster={cluster} />}</ClusterPage>;
  };
}

/**
 * A page's entry point with routes of its own (a list, its detail, a form): each path's view for the chosen cluster,
 * the path `''` the index. Paths are relative to the page's route in App.
 */
export function clusterRoutesPage(
  views: Record<string, React.ComponentType<{ cluster: ClusterSettings }>>,
  subTitle?: React.ReactNode
) {
  return function ClusterRoutesEntry() {
    return (
      <ClusterPage subTitle={subTitle}>
        {(cluster) => (
          <Routes>
            {Object.entries(views).map(([path, View]) =>
              path === '' ? (
                <Route key={path} index element={<View cluster={cluster} />} />
              ) : (
                <Route key={path} path={path} element={<View cluster={cluster} />} />
              )
            )}
          </Routes>
        )}
      </ClusterPage>
    );
  };
}
