import React from 'react';
import { screen } from '@testing-library/react';
import { render } from '../../test/render';
import { installDataSourceSrv } from '../../test/dataSourceSrv';
import { ClusterPage } from './ClusterPage';

const clusters = [
  { uid: 'staging', name: 'Staging', isDefault: false, jsonData: { clusterName: 'stg' } },
  { uid: 'prod', name: 'Production', isDefault: true, jsonData: { clusterName: 'prod' } },
];

function withClusters(list: unknown[]) {
  installDataSourceSrv({ list });
}

function renderAt(url: string) {
  return render(<ClusterPage>{(c) => <p>page for {c.uid}</p>}</ClusterPage>, { url });
}

describe('ClusterPage', () => {
  it('opens the default cluster when the URL names none', () => {
    withClusters(clusters);
    renderAt('/a/restatedev-restate-app/overview');
    expect(screen.getByText('page for prod')).toBeInTheDocument();
  });

  it('opens the cluster the URL names, so shared links land on the same cluster', () => {
    withClusters(clusters);
    renderAt('/a/restatedev-restate-app/overview?cluster=staging');
    expect(screen.getByText('page for staging')).toBeInTheDocument();
  });

  it('explains an unknown cluster in the URL instead of showing another one', () => {
    withClusters(clusters);
    renderAt('/a/restatedev-restate-app/overview?cluster=gone');
    expect(screen.getByText(/uid “gone”/)).toBeInTheDocument();
    expect(screen.queryByText(/page for/)).not.toBeInTheDocument();
  });

  it('invites the user to connect a cluster when there is none', () => {
    withClusters([]);
    renderAt('/a/restatedev-restate-app/overview');
    expect(screen.getByText('No Restate cluster is connected yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Add a Restate data source/ })).toHaveAttribute(
      'href',
      '/connections/datasources/restatedev-restate-datasource'
    );
  });
});
