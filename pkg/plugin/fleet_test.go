package plugin

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Three deployments: dp_a serves the latest revision of s, dp_b has one unfinished invocation pinned, dp_c
// neither (drained). dp_c carries a secret header and metadata.
const fleetDeployments = `{"deployments":[
 {"id":"dp_a","uri":"http://h/a","created_at":"2026-01-03T00:00:00Z","sdk_version":"restate-sdk-typescript/1.17.2","services":[{"name":"s","revision":3}]},
 {"id":"dp_b","uri":"http://h/b","created_at":"2026-01-02T00:00:00Z","services":[{"name":"s","revision":2}]},
 {"id":"dp_c","uri":"http://h/c","created_at":"2026-01-01T00:00:00Z","additional_headers":{"x-api-key":"fleet-secret"},"metadata":{"team":"payments"},"services":[{"name":"s","revision":1}]}]}`

const fleetServices = `{"services":[{"name":"s","deployment_id":"dp_a","revision":3}]}`

func fleetUpstream(t *testing.T, pinned string) (*Datasource, *[]upstreamCall) {
	srv, calls := upstream(t, map[string]func(http.ResponseWriter, *http.Request){
		"GET /deployments":         jsonBody(200, []byte(fleetDeployments)),
		"GET /services":            jsonBody(200, []byte(fleetServices)),
		"POST /query":              jsonBody(200, []byte(pinned)),
		"DELETE /deployments/dp_c": jsonBody(202, nil),
		"DELETE /deployments/dp_b": jsonBody(202, nil),
	})
	return newTestDatasource(t, srv.URL, "tok", nil), calls
}

func TestSearchDeploymentsStatesPagingAndSearch(t *testing.T) {
	d, _ := fleetUpstream(t, `{"rows":[{"pinned_deployment_id":"dp_b","pinned":1}]}`)
	res := callResource(t, d, "Viewer", "GET", "deployments/search", "limit=2", "")
	if res.status != 200 {
		t.Fatalf("%d %s", res.status, res.body)
	}
	var page fleetPage
	if err := json.Unmarshal([]byte(res.body), &page); err != nil {
		t.Fatal(err)
	}
	if page.Total != 3 || page.Matched != 3 || len(page.Items) != 2 {
		t.Fatalf("total/matched/items: %+v", page)
	}
	if page.States["active"] != 1 || page.States["draining"] != 1 || page.States["drained"] != 1 {
		t.Errorf("states: %v", page.States)
	}
	if page.Items[0].State != "active" || page.Items[1].State != "draining" {
		t.Errorf("newest first with states: %+v", page.Items)
	}
	res = callResource(t, d, "Viewer", "GET", "deployments/search", "offset=2&limit=2", "")
	if !strings.Contains(res.body, `"state":"drained"`) || strings.Contains(res.body, "fleet-secret") {
		t.Errorf("second page: the drained one, without its header value: %s", res.body)
	}
	res = callResource(t, d, "Viewer", "GET", "deployments/search", "q=TEAM%3Dpay", "")
	if err := json.Unmarshal([]byte(res.body), &page); err != nil || page.Matched != 1 || len(page.Items) != 1 {
		t.Errorf("search by metadata: %s", res.body)
	}
	res = callResource(t, d, "Viewer", "GET", "deployments/search", "state=drained", "")
	if err := json.Unmarshal([]byte(res.body), &page); err != nil || page.Matched != 1 || page.States["active"] != 1 {
		t.Errorf("state filter keeps the counts of all states: %s", res.body)
	}
	for _, q := range []string{"limit=0", "limit=501", "offset=-1", "state=gone"} {
		if res := callResource(t, d, "Viewer", "GET", "deployments/search", q, ""); res.status != 400 {
			t.Errorf("%s: %d", q, res.status)
		}
	}
}

func TestSearchDeploymentsWithoutPinnedCountsShowsNoneDrained(t *testing.T) {
	srv, _ := upstream(t, map[string]func(http.ResponseWriter, *http.Request){
		"GET /deployments": jsonBody(200, []byte(fleetDeployments)),
		"GET /services":    jsonBody(200, []byte(fleetServices)),
	})
	d := newTestDatasource(t, srv.URL, "tok", nil)
	res := callResource(t, d, "Viewer", "GET", "deployments/search", "", "")
	var page fleetPage
	if err := json.Unmarshal([]byte(res.body), &page); err != nil {
		t.Fatal(err)
	}
	if page.States["drained"] != 0 || page.States["unknown"] != 2 || page.PinnedError == "" {
		t.Errorf("%s", res.body)
	}
}

func TestPruneRemovesOnlyDrainedAndNeedsAdmin(t *testing.T) {
	d, calls := fleetUpstream(t, `{"rows":[{"pinned_deployment_id":"dp_b","pinned":1}]}`)
	body := `{"ids":["dp_a","dp_b","dp_c","dp_gone"]}`
	for _, role := range []string{"Viewer", "Editor"} {
		if res := callResource(t, d, role, "POST", "deployments/prune", "", body); res.status != 403 {
			t.Errorf("%s: %d", role, res.status)
		}
	}
	if len(*calls) != 0 {
		t.Fatalf("a refused prune reached Restate: %v", *calls)
	}
	res := callResource(t, d, "Admin", "POST", "deployments/prune", "", body)
	var out struct {
		Results []pruneResult `json:"results"`
		Removed int           `json:"removed"`
		Failed  int           `json:"failed"`
	}
	if err := json.Unmarshal([]byte(res.body), &out); err != nil || res.status != 200 {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if out.Removed != 1 || out.Failed != 3 {
		t.Errorf("%s", res.body)
	}
	for _, c := range *calls {
		if c.method == "DELETE" && c.path != "/deployments/dp_c" {
			t.Errorf("removed a deployment that is not drained: %v", c)
		}
		if c.method == "DELETE" && c.query != "force=true" {
			t.Errorf("removal not forced: %v", c)
		}
	}
	want := map[string]string{"dp_a": "latest revision of s", "dp_b": "1 unfinished", "dp_gone": "removed already"}
	for _, r := range out.Results {
		if w, ok := want[r.ID]; ok && (r.Removed || !strings.Contains(r.Message, w)) {
			t.Errorf("%s: %+v", r.ID, r)
		}
	}
	if res := callResource(t, d, "Admin", "POST", "deployments/prune", "", `{"ids":["nope"]}`); res.status != 400 {
		t.Errorf("a malformed id: %d", res.status)
	}
	if res := callResource(t, d, "Admin", "POST", "deployments/prune", "", `{"ids":[]}`); res.status != 400 {
		t.Errorf("no ids: %d", res.status)
	}
}

// A deployment with a service that GET /services does not name is active, as Restate's CLI has it ("err on
// the side of assuming it's active"), even with nothing pinned: it is neither shown drained nor pruned.
func TestDeploymentWithAServiceMissingFromTheServicesListIsActive(t *testing.T) {
	const deployments = `{"deployments":[
 {"id":"dp_a","uri":"http://h/a","created_at":"2026-01-03T00:00:00Z","services":[{"name":"s","revision":2}]},
 {"id":"dp_d","uri":"http://h/d","created_at":"2026-01-02T00:00:00Z","services":[{"name":"s","revision":1},{"name":"gone","revision":1}]},
 {"id":"dp_e","uri":"http://h/e","created_at":"2026-01-01T00:00:00Z","services":[{"name":"s","revision":1}]}]}`
	srv, calls := upstream(t, map[string]func(http.ResponseWriter, *http.Request){
		"GET /deployments":         jsonBody(200, []byte(deployments)),
		"GET /services":            jsonBody(200, []byte(`{"services":[{"name":"s","deployment_id":"dp_a","revision":2}]}`)),
		"POST /query":              jsonBody(200, []byte(`{"rows":[]}`)),
		"DELETE /deployments/dp_e": jsonBody(202, nil),
	})
	d := newTestDatasource(t, srv.URL, "tok", nil)
	res := callResource(t, d, "Viewer", "GET", "deployments/search", "", "")
	var page fleetPage
	if err := json.Unmarshal([]byte(res.body), &page); err != nil {
		t.Fatalf("%d %s", res.status, res.body)
	}
	states := map[string]string{}
	for _, it := range page.Items {
		states[it.Deployment.(map[string]any)["id"].(string)] = it.State
	}
	if states["dp_a"] != "active" || states["dp_d"] != "active" || states["dp_e"] != "drained" {
		t.Errorf("states: %v", states)
	}
	if page.States["active"] != 2 || page.States["drained"] != 1 {
		t.Errorf("state counts: %v", page.States)
	}
	res = callResource(t, d, "Admin", "POST", "deployments/prune", "", `{"ids":["dp_d","dp_e"]}`)
	var out struct {
		Results []pruneResult `json:"results"`
		Removed int           `json:"removed"`
	}
	if err := json.Unmarshal([]byte(res.body), &out); err != nil || res.status != 200 {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if out.Removed != 1 || out.Results[0].Removed || !strings.Contains(out.Results[0].Message, "does not name gone") {
		t.Errorf("%s", res.body)
	}
	for _, c := range *calls {
		if c.method == "DELETE" && c.path != "/deployments/dp_e" {
			t.Errorf("removed a deployment taken as active: %v", c)
		}
	}
}
