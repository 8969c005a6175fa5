package plugin

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func adminStub(t *testing.T, version string, healthStatus int, calls *int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*calls++
		switch r.URL.Path {
		case "/health":
			w.WriteHeader(healthStatus)
		case "/version":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(version))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func check(t *testing.T, d *Datasource) *backend.CheckHealthResult {
	t.Helper()
	res, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestHealthConnected(t *testing.T) {
	calls := 0
	srv := adminStub(t, string(fixture(t, "version.json")), 200, &calls)
	res := check(t, newTestDatasource(t, srv.URL, "", map[string]string{"ingressUrl": "http://127.0.0.1:1"}))
	if res.Status != backend.HealthStatusOk || res.Message != "Connected to Restate 1.7.12, admin API v2–v4" || len(res.JSONDetails) != 0 {
		t.Errorf("got %+v %s", res, res.JSONDetails)
	}
}

func TestHealthWarnsAboutTheIngress(t *testing.T) {
	calls := 0
	srv := adminStub(t, string(fixture(t, "version.json")), 200, &calls)
	res := check(t, newTestDatasource(t, srv.URL, "", nil))
	var details map[string]string
	_ = json.Unmarshal(res.JSONDetails, &details)
	if res.Status != backend.HealthStatusOk || res.Message != "Connected to Restate 1.7.12, admin API v2–v4." || details["severity"] != "warning" ||
		details["message"] != "The ingress URL is not set: invoking handlers from Grafana will not work. Enter the URL of Restate's ingress (port 8080 by default), e.g. http://localhost:8080. (Restate advertises http://127.0.0.1:8080/)" {
		t.Errorf("got %+v %v", res, details)
	}
	// The ingress pointing at the admin API.
	res = check(t, newTestDatasource(t, srv.URL, "", map[string]string{"ingressUrl": srv.URL}))
	_ = json.Unmarshal(res.JSONDetails, &details)
	if !strings.HasPrefix(details["message"], "The ingress URL uses the same host and port as the admin API") {
		t.Errorf("got %v", details)
	}
}

func TestHealthErrors(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + l.Addr().String()
	_ = l.Close()

	calls := 0
	html := adminStub(t, "<html>login</html>", 200, &calls)
	old := adminStub(t, `{"version":"1.1.0","min_admin_api_version":1,"max_admin_api_version":1}`, 200, &calls)
	newer := adminStub(t, `{"version":"9.0.0","min_admin_api_version":7,"max_admin_api_version":8}`, 200, &calls)
	unauthorized := adminStub(t, "", 401, &calls)
	forbidden := adminStub(t, "", 403, &calls)
	ingress := adminStub(t, "", 404, &calls)

	cases := []struct{ name, url, want string }{
		{"unreachable", closed, "Grafana's server could not reach " + closed + " (GET /health, "},
		{"401", unauthorized.URL, "Restate rejected the bearer token (401 Unauthorized, GET /health): it is missing, wrong or expired."},
		{"403", forbidden.URL, "Restate refused the bearer token (403 Forbidden, GET /health). The token is valid but"},
		{"not the admin API", ingress.URL, ingress.URL + " answered 404 to GET /health: it is not Restate's admin API."},
		{"not Restate", html.URL, html.URL + " is not a Restate server: GET /version answered 200 with an HTML page."},
		{"too old", old.URL, "Connected to Restate 1.1.0, admin API v1, but this plugin speaks admin API v2–v4. Upgrade Restate (1.2 or newer) so the versions overlap."},
		{"too new", newer.URL, "Connected to Restate 9.0.0, admin API v7–v8, but this plugin speaks admin API v2–v4. Upgrade the Restate plugin for Grafana so the versions overlap."},
		{"trailing slash", html.URL + "/", "Remove the trailing slash from the admin API URL ('" + html.URL + "/' → '" + html.URL + "')"},
		{"no scheme", "localhost:9070", "The admin API URL is not valid: Add http:// or https:// in front, e.g. http://localhost:9070."},
		{"a path", "http://restate:9070/api", "The admin API URL is not valid: Remove '/api': the admin URL is the server root, e.g. https://cluster.restate.cloud:9070."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := check(t, newTestDatasource(t, c.url, "s3cr3t", nil))
			if res.Status != backend.HealthStatusError || !strings.HasPrefix(res.Message, c.want) {
				t.Errorf("got %v %q\nwant %q", res.Status, res.Message, c.want)
			}
			if strings.Contains(res.Message, "s3cr3t") {
				t.Errorf("token in %q", res.Message)
			}
		})
	}
}

func TestHealthWithoutAdminURLSendsNothing(t *testing.T) {
	res := check(t, newTestDatasource(t, "  ", "", nil))
	if res.Status != backend.HealthStatusError || res.Message != "The admin API URL is not set. Enter the URL of Restate's admin API (port 9070 by default), e.g. http://localhost:9070." {
		t.Errorf("got %+v", res)
	}
}
