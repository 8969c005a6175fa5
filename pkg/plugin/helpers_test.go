package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newTestDatasource is NewDatasource with these settings, as Grafana would call it.
func newTestDatasource(t *testing.T, adminURL, token string, jsonExtra map[string]string) *Datasource {
	t.Helper()
	j := map[string]string{"adminUrl": adminURL}
	for k, v := range jsonExtra {
		j[k] = v
	}
	raw, _ := json.Marshal(j)
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
		UID: "restate", JSONData: raw, DecryptedSecureJSONData: map[string]string{"token": token},
	})
	if err != nil {
		t.Fatal(err)
	}
	d := inst.(*Datasource)
	t.Cleanup(d.Dispose)
	return d
}

func dataQuery(refID string, model map[string]any) backend.DataQuery {
	raw, _ := json.Marshal(model)
	return backend.DataQuery{
		RefID:     refID,
		JSON:      raw,
		Interval:  time.Minute,
		TimeRange: backend.TimeRange{From: mFrom, To: mTo},
	}
}

// arrowServer answers POST /query with the recorded Arrow body and remembers the last request.
type recorded struct {
	header http.Header
	body   string
	calls  int
}
