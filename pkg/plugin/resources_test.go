package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

type resourceAnswer struct {
	status  int
	headers map[string][]string
	body    string
}

type sender struct {
	got []*backend.CallResourceResponse
}

func (s *sender) Send(r *backend.CallResourceResponse) error {
	s.got = append(s.got, r)
	return nil
}

func callResource(t *testing.T, d *Datasource, role, method, path, rawQuery, body string) resourceAnswer {
	t.Helper()
	url := path
	if rawQuery != "" {
		url += "?" + rawQuery
	}
	s := &sender{}
	req := &backend.CallResourceRequest{
		PluginContext: backend.PluginContext{User: &backend.User{Login: "u", Role: role}},
		Path:          path, Method: method, URL: url, Body: []byte(body),
		Headers: map[string][]string{"Content-Type": {"application/json"}, "Cookie": {"grafana_session=abc"}},
	}
	if err := d.CallResource(context.Background(), req, s); err != nil {
		t.Fatal(err)
	}
	out := resourceAnswer{status: s.got[0].Status, headers: s.got[0].Headers}
	for _, r := range s.got {
		out.body += string(r.Body)
	}
	return out
}

// upstream serves recorded admin API answers and records every request it gets.
type upstreamCall struct{ method, path, query, body, auth, cookie string }

func upstream(t *testing.T, routes map[string]func(http.ResponseWriter, *http.Request)) (*httptest.Server, *[]upstreamCall) {
	calls := &[]upstreamCall{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*calls = append(*calls, upstreamCall{r.Method, r.URL.Path, r.URL.RawQuery, string(b), r.Header.Get("Authorization"), r.Header.Get("Cookie")})
		if h, ok := routes[r.Method+" "+r.URL.Path]; ok {
			h(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		_, _ = io.WriteString(w, `{"message":"not found","restate_code":null}`)
	}))
	t.Cleanup(srv.Close)
	return srv, calls
}

func jsonBody(status int, body []byte, hdr ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

// A deployment whose headers sit at several depths, as a newer Restate might nest them.
const nestedDeployment = `{"id":"dp_nested","additional_headers":{"x-api-key":"nested-secret-1","Authorization":"Bearer nested-secret-2"},
 "services":[{"name":"s","additional_headers":{"x-token":"nested-secret-3"},"handlers":[{"name":"h","lambda":{"additional_headers":{"k":"nested-secret-4"}}}]}],
 "history":[{"additional_headers":{"k":"nested-secret-5"}}],"additional_headers_count":2}`

func TestDeploymentReadsCarryNoHeaderValue(t *testing.T) {
	list := fixture(t, "deployments_list.json")
	detail := fixture(t, "deployment_get.json")
	if !strings.Contains(string(list), `"x-api-key": "abc"`) || !strings.Contains(string(detail), `"x-api-key": "abc"`) {
		t.Fatal("the recorded fixtures should carry the header value this test proves is removed")
	}
	srv, calls := upstream(t, map[string]func(http.ResponseWriter, *http.Request){
		"GET /deployments": jsonBody(200, list),
		"GET /deployments/dp_15XTIJJUiMFkIvG6dtWNy7f": jsonBody(200, detail),
		"GET /deployments/dp_nested":                  jsonBody(200, []byte(nestedDeployment)),
	})
	d := newTestDatasource(t, srv.URL, "the-token-9f2", nil)
	for _, role := range []string{"Viewer", "Editor", "Admin", ""} {
		for _, path := range []string{"deployments", "deployments/dp_15XTIJJUiMFkIvG6dtWNy7f", "deployments/dp_nested"} {
			res := callResource(t, d, role, "GET", path, "", "")
			if res.status != 200 {
				t.Fatalf("%s %s: %d %s", role, path, res.status, res.body)
			}
			for _, secret := range []string{`"abc"`, "nested-secret", "the-token-9f2"} {
				if strings.Contains(res.body, secret) {
					t.Errorf("%s %s: %s survived: %s", role, path, secret, res.body)
				}
			}
			if !strings.Contains(res.body, `"additional_headers":{`) {
				t.Errorf("%s %s: the header map is gone: %s", role, path, res.body)
			}
			if path == "deployments/dp_nested" && !strings.Contains(res.body, `"Authorization":""`) ||
				path != "deployments/dp_nested" && !strings.Contains(res.body, `"x-api-key":""`) {
				t.Errorf("%s %s: header names should stay with an empty value: %s", role, path, res.body)
			}
			if ct := res.headers["Content-Type"]; len(ct) != 1 || ct[0] != "application/json" {
				t.Errorf("content type %v", ct)
			}
		}
	}
	for _, c := range *calls {
		if c.auth != "Bearer the-token-9f2" || c.cookie != "" {
			t.Errorf("upstream got auth %q cookie %q", c.auth, c.cookie)
		}
	}
	// Restate's other fields come through untouched.
	res := callResource(t, d, "Viewer", "GET", "deployments", "", "")
	var parsed struct {
		Deployments []map[string]any `json:"deployments"`
	}
	if err := json.Unmarshal([]byte(res.body), &parsed); err != nil || len(parsed.Deployments) != 1 ||
		parsed.Deployments[0]["uri"] != "http://127.0.0.1:9080/" || parsed.Deployments[0]["max_protocol_version"] != float64(7) {
		t.Errorf("list: %v %s", err, res.body)
	}
}

func TestDeploymentWritesNeedAdmin(t *testing.T) {
	patched := fixture(t, "deployment_patch.json")
	srv, calls := upstream(t, map[string]func(http.ResponseWriter, *http.Request){
		"POST /deployments":                              jsonBody(201, fixture(t, "deployment_get.json")),
		"PATCH /deployments/dp_14U1QHPdEKiqTBkds3a3EUF":  jsonBody(200, patched),
		"DELETE /deployments/dp_14U1QHPdEKiqTBkds3a3EUF": func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(202) },
	})
	d := newTestDatasource(t, srv.URL, "", nil)
	writes := []struct{ method, path, query, body string }{
		{"POST", "deployments", "", `{"uri":"http://svc:9080","dry_run":true,"force":false,"additional_headers":{"x-api-key":"def"}}`},
		{"PATCH", "deployments/dp_14U1QHPdEKiqTBkds3a3EUF", "", `{"additional_headers":{"x-api-key":"def"}}`},
		{"DELETE", "deployments/dp_14U1QHPdEKiqTBkds3a3EUF", "force=true", ""},
	}
	for _, role := range []string{"Viewer", "Editor", "None", ""} {
		for _, w := range writes {
			res := callResource(t, d, role, w.method, w.path, w.query, w.body)
			var m map[string]string
			_ = json.Unmarshal([]byte(res.body), &m)
			if res.status != 403 || !strings.Contains(m["message"], "needs the Admin role") {
				t.Errorf("%s %s as %q: %d %s", w.method, w.path, role, res.status, res.body)
			}
		}
	}
	if len(*calls) != 0 {
		t.Fatalf("refused writes reached Restate: %v", *calls)
	}
	for _, w := range writes {
		res := callResource(t, d, "Admin", w.method, w.path, w.query, w.body)
		if res.status >= 300 || strings.Contains(res.body, "def") || strings.Contains(res.body, `"abc"`) {
			t.Errorf("%s as Admin: %d %s", w.method, res.status, res.body)
		}
	}
	if len(*calls) != 3 {
		t.Fatalf("calls %v", *calls)
	}
	for i, w := range writes {
		c := (*calls)[i]
		if c.method != w.method || c.path != "/"+w.path || c.query != w.query || c.body != w.body {
			t.Errorf("forwarded %+v, want %+v", c, w)
		}
	}
}

func TestKafkaCredentialsAreMasked(t *testing.T) {
	cluster := `{"name":"prod","created_at":"x","properties":{"bootstrap.servers":"b:9092","security.protocol":"SASL_SSL","sasl.mechanism":"PLAIN","sasl.username":"user-7","sasl.password":"pw-secret-7","ssl.key.password":"pw-secret-8"},
	 "subscriptions":[{"id":"sub_1","source":"kafka://prod/t","sink":"service://s/h","options":{"auto.offset.reset":"earliest","sasl.password":"pw-secret-9"}}]}`
	subs := `{"subscriptions":[{"id":"sub_1","source":"kafka://prod/t","sink":"service://s/h","options":{"group.id":"g1","Sasl.Oauthbearer.Client.Secret":"pw-secret-10"}}]}`
	srv, _ := upstream(t, map[string]func(http.ResponseWriter, *http.Request){
		"GET /kafka-clusters":      jsonBody(200, []byte(`{"clusters":[`+cluster+`]}`)),
		"GET /kafka-clusters/prod": jsonBody(200, []byte(cluster)),
		"GET /subscriptions":       jsonBody(200, []byte(subs)),
		"GET /subscriptions/sub_1": jsonBody(200, []byte(`{"id":"sub_1","options":{"sasl.password":"pw-secret-11","client.id":"c"}}`)),
	})
	d := newTestDatasource(t, srv.URL, "", nil)
	for _, path := range []string{"kafka-clusters", "kafka-clusters/prod", "subscriptions", "subscriptions/sub_1"} {
		res := callResource(t, d, "Viewer", "GET", path, "", "")
		if res.status != 200 || strings.Contains(res.body, "pw-secret") || strings.Contains(res.body, "user-7") {
			t.Errorf("%s: %d %s", path, res.status, res.body)
		}
		if strings.HasPrefix(path, "kafka") && (!strings.Contains(res.body, `"bootstrap.servers":"b:9092"`) || !strings.Contains(res.body, `"sasl.password":""`)) {
			t.Errorf("%s: allow-listed values should stay, others be empty: %s", path, res.body)
		}
	}
}

func TestResourceErrorsPassThroughAsJSON(t *testing.T) {
	srv, _ := upstream(t, map[string]func(http.ResponseWriter, *http.Request){
		"POST /deployments":       jsonBody(422, fixture(t, "register_bad_uri.txt"), "Content-Type", "text/plain; charset=utf-8"),
		"GET /deployments/dp_409": jsonBody(409, []byte(`{"message":"[META0006] breaking","restate_code":"META0006"}`)),
		"GET /deployments":        jsonBody(429, []byte("slow down"), "Retry-After", "17", "Content-Type", "text/plain"),
		"GET /subscriptions/x":    jsonBody(401, []byte(`{"message":"bad token the-token-9f2"}`)),
	})
	d := newTestDatasource(t, srv.URL, "the-token-9f2", nil)
	decode := func(r resourceAnswer) map[string]string {
		var raw map[string]any
		if err := json.Unmarshal([]byte(r.body), &raw); err != nil {
			t.Errorf("not JSON: %s", r.body)
		}
		m := map[string]string{}
		for k, v := range raw {
			m[k] = fmt.Sprint(v)
		}
		return m
	}
	res := callResource(t, d, "Admin", "POST", "deployments", "", `{"uri":"not a uri"}`)
	if m := decode(res); res.status != 422 || !strings.HasPrefix(m["message"], "Failed to deserialize the JSON body") {
		t.Errorf("422: %d %v", res.status, m)
	}
	res = callResource(t, d, "Viewer", "GET", "deployments/dp_409", "", "")
	if m := decode(res); res.status != 409 || m["restate_code"] != "META0006" || m["message"] != "[META0006] breaking" {
		t.Errorf("409: %d %v", res.status, m)
	}
	res = callResource(t, d, "Viewer", "GET", "deployments", "", "")
	if m := decode(res); res.status != 429 || m["message"] != "Restate is rate-limiting: retry after 17 s." || m["retryAfterSeconds"] != "17" || res.headers["Retry-After"][0] != "17" {
		t.Errorf("429: %d %v %v", res.status, m, res.headers)
	}
	res = callResource(t, d, "Viewer", "GET", "subscriptions/x", "", "")
	if m := decode(res); res.status != 400 || !strings.HasPrefix(m["message"], "Restate refused the token (401 Unauthorized)") || strings.Contains(res.body, "the-token") {
		t.Errorf("401: %d %v", res.status, m)
	}
	res = callResource(t, d, "Viewer", "GET", "kafka-clusters", "", "")
	if m := decode(res); res.status != 404 || !strings.Contains(m["message"], "no Kafka API") {
		t.Errorf("kafka 404: %d %v", res.status, m)
	}
	for _, p := range []string{"admin/deployments", "services", "deployments/a/b", ""} {
		res = callResource(t, d, "Admin", "GET", p, "", "")
		if m := decode(res); res.status != 404 || !strings.HasPrefix(m["message"], "No resource") {
			t.Errorf("%q: %d %v", p, res.status, m)
		}
	}
	res = callResource(t, d, "Admin", "PUT", "deployments", "", "{}")
	if m := decode(res); res.status != 405 || m["message"] == "" {
		t.Errorf("PUT: %d %v", res.status, m)
	}
}

func TestInvocationActionsNeedEditorAndCarryRetryAfter(t *testing.T) {
	const id = "inv_1h5w7w8lJwNZ0JiywxVfuiC0ApsXKXDqh8"
	srv, calls := upstream(t, map[string]func(http.ResponseWriter, *http.Request){
		"PATCH /invocations/" + id + "/cancel":         func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) },
		"PATCH /invocations/" + id + "/restart-as-new": jsonBody(200, []byte(`{"new_invocation_id":"inv_1new"}`)),
		"PATCH /invocations/" + id + "/kill":           jsonBody(429, []byte("slow down"), "Retry-After", "7", "Content-Type", "text/plain"),
		"PATCH /invocations/" + id + "/purge":          jsonBody(409, []byte(`{"message":"not completed","restate_code":null}`)),
	})
	d := newTestDatasource(t, srv.URL, "tok", nil)
	for _, role := range []string{"Viewer", "None", ""} {
		res := callResource(t, d, role, "PATCH", "invocations/"+id+"/cancel", "", "")
		if res.status != 403 || !strings.Contains(res.body, "Cancelling an invocation needs at least the Editor role") {
			t.Errorf("as %q: %d %s", role, res.status, res.body)
		}
	}
	if len(*calls) != 0 {
		t.Fatalf("a refused action reached Restate: %v", *calls)
	}
	for _, role := range []string{"Editor", "Admin"} {
		if res := callResource(t, d, role, "PATCH", "invocations/"+id+"/cancel", "", ""); res.status != 200 {
			t.Errorf("cancel as %s: %d %s", role, res.status, res.body)
		}
	}
	res := callResource(t, d, "Editor", "PATCH", "invocations/"+id+"/restart-as-new", "from=3&deployment=latest", "")
	if res.status != 200 || !strings.Contains(res.body, `"new_invocation_id":"inv_1new"`) {
		t.Errorf("restart: %d %s", res.status, res.body)
	}
	if c := (*calls)[len(*calls)-1]; c.query != "from=3&deployment=latest" || c.auth != "Bearer tok" {
		t.Errorf("restart forwarded %+v", c)
	}
	// The 429's Retry-After reaches the page in the body (and the header), unlike through Grafana's proxy.
	res = callResource(t, d, "Editor", "PATCH", "invocations/"+id+"/kill", "", "")
	if res.status != 429 || !strings.Contains(res.body, `"retryAfterSeconds":7`) || res.headers["Retry-After"][0] != "7" {
		t.Errorf("429: %d %s %v", res.status, res.body, res.headers)
	}
	res = callResource(t, d, "Editor", "PATCH", "invocations/"+id+"/purge", "", "")
	if res.status != 409 || !strings.Contains(res.body, "not completed") {
		t.Errorf("409: %d %s", res.status, res.body)
	}
	// Only the actions the app runs, on invocation ids, with PATCH: nothing else reaches Restate.
	before := len(*calls)
	for _, c := range []struct{ method, path string }{
		{"PATCH", "invocations/" + id + "/delete"},
		{"PATCH", "invocations/not-an-id/cancel"},
		{"PATCH", "invocations/inv_1..%2Fdeployments/cancel"},
		{"GET", "invocations/" + id + "/cancel"},
		{"DELETE", "invocations/" + id + "/cancel"},
	} {
		if res := callResource(t, d, "Admin", c.method, c.path, "", ""); res.status < 400 {
			t.Errorf("%s %s: %d %s", c.method, c.path, res.status, res.body)
		}
	}
	if len(*calls) != before {
		t.Errorf("refused requests reached Restate: %v", (*calls)[before:])
	}
}
