// Package plugin is the Go backend of the Restate data source: Restate SQL to data frames (QueryData),
// Save & test (CheckHealth) and the admin API reads that carry secrets, returned with the secret values
// removed (CallResource).
package plugin

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"
)

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one Restate data source instance. Grafana makes a new one whenever the settings change.
type Datasource struct {
	settings  Settings
	client    *http.Client
	resources backend.CallResourceHandler
}

// NewDatasource is the instance factory datasource.Manage calls with each data source's settings.
func NewDatasource(_ context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	settings, err := LoadSettings(s)
	if err != nil {
		return nil, err
	}
	client, err := newHTTPClient(settings)
	if err != nil {
		return nil, fmt.Errorf("creating the HTTP client: %w", err)
	}
	d := &Datasource{settings: settings, client: client}
	d.resources = httpadapter.New(d.resourceMux())
	return d, nil
}

// Dispose drops the idle connections of a replaced instance.
func (d *Datasource) Dispose() {
	d.client.CloseIdleConnections()
}

// CallResource serves the resources under /api/datasources/uid/<uid>/resources/.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return d.resources.CallResource(ctx, req, sender)
}
