package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/restatedev/restate-grafana/pkg/plugin"
)

func main() {
	// Grafana starts this executable and talks to it over gRPC (hashicorp/go-plugin); Manage blocks until
	// Grafana stops the plugin.
	if err := datasource.Manage("restatedev-restate-datasource", plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
