import React from 'react';
import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { Alert, LinkButton, Stack, Text } from '@grafana/ui';
import { DATASOURCE_TYPE } from '../../model/datasource';
import { listClusters } from '../../hooks/cluster';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<{}>> {}

/** The app has no settings of its own: each Restate cluster is a data source. This page lists them. */
const AppConfig = (_props: AppConfigProps) => {
  const clusters = listClusters();
  return (
    <Stack direction="column" gap={2}>
      <Text element="p">
        Each Restate cluster (self-hosted or a Restate Cloud environment) is a <strong>Restate data source</strong>: its
        admin URL, ingress URL and bearer token, kept encrypted by Grafana and used only by Grafana&apos;s server-side
        proxy.
      </Text>
      {clusters.length === 0 ? (
        <Alert severity="info" title="No cluster connected yet">
          Add a Restate data source to start.
        </Alert>
      ) : (
        <ul>
          {clusters.map((c) => (
            <li key={c.uid}>
              <a href={`/connections/datasources/edit/${c.uid}`}>{c.name}</a>
              {c.jsonData.clusterName ? ` (${c.jsonData.clusterName})` : ''}
            </li>
          ))}
        </ul>
      )}
      <div>
        <LinkButton icon="plus" href={`/connections/datasources/${DATASOURCE_TYPE}`}>
          Add a Restate data source
        </LinkButton>
      </div>
    </Stack>
  );
};

export default AppConfig;
