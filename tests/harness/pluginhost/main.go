// Command pluginhost is a test-only stand-in for the slice of Grafana's HTTP API that reaches a backend data
// source plugin: /api/ds/query, /api/datasources/uid/{uid}/health and /api/datasources/uid/{uid}/resources/*.
// There is no Grafana server on the test machines (its Go module may not be used), so what Grafana does
// around the plugin is RE-STATED here from Grafana's source, each behaviour with the file it comes from:
//   - pkg/api/metrics.go QueryMetricsV2 + toJsonStreamingResponse: queries grouped by data source, the
//     answer is the JSON of backend.QueryDataResponse ({"results": {refId: {status, frames, error}}}), HTTP
//     200, or 400 as soon as any query carries an error;
//   - pkg/api/datasources.go checkDatasourceHealth: {status: "OK"|"ERROR"|"UNKNOWN", message, details?},
//     200 for OK and 400 otherwise;
//   - pkg/api/plugin_resource.go pluginResourceRequest/makePluginResourceRequest: CallResourceRequest with
//     Path = the part after /resources/, URL = that path plus the raw query, the request's method, headers
//     and body; the plugin's status, headers and body are written back as sent.
//
// The plugin itself is not re-stated: its exported factory (plugin.NewDatasource) and instance methods run
// in this process. The user's org role comes from the X-Grafana-Org-Role request header (default Viewer).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/restatedev/restate-grafana/pkg/plugin"
)

type dataSourceDef struct {
	UID            string            `json:"uid"`
	Type           string            `json:"type"`
	Name           string            `json:"name"`
	JSONData       json.RawMessage   `json:"jsonData"`
	SecureJSONData map[string]string `json:"secureJsonData"`
}

type dataSource struct {
	def      dataSourceDef
	settings backend.DataSourceInstanceSettings
	instance *plugin.Datasource
}

// host answers for the data sources of one JSON file. The harness may rewrite the file while the host runs
// (the browser tier's host adds and edits data sources through Grafana's API): each request re-reads it and
// a changed file gives new instances, as Grafana creates a new instance when a data source's settings change.
type host struct {
	file  string
	mu    sync.Mutex
	raw   []byte
	byUID map[string]*dataSource
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	dsFile := flag.String("datasources", "", "JSON file: [{uid, type, jsonData, secureJsonData}]")
	flag.Parse()
	h := &host{file: *dsFile}
	if err := h.refresh(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// The harness waits for this exact first line.
	fmt.Printf("listening on http://%s\n", l.Addr().String())
	srv := &http.Server{Handler: h.routes(), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(l); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// refresh (re)loads the data source file when its content changed since the last load.
func (h *host) refresh() error {
	if h.file == "" {
		return fmt.Errorf("-datasources is required")
	}
	raw, err := os.ReadFile(h.file)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.byUID != nil && bytes.Equal(raw, h.raw) {
		return nil
	}
	var defs []dataSourceDef
	if err := json.Unmarshal(raw, &defs); err != nil {
		return fmt.Errorf("%s: %w", h.file, err)
	}
	byUID := map[string]*dataSource{}
	for i, d := range defs {
		if len(d.JSONData) == 0 {
			d.JSONData = json.RawMessage("{}")
		}
		s := backend.DataSourceInstanceSettings{
			ID: int64(i + 1), UID: d.UID, Type: d.Type, Name: d.Name, JSONData: d.JSONData,
			DecryptedSecureJSONData: d.SecureJSONData, Updated: time.Now(),
		}
		inst, err := plugin.NewDatasource(context.Background(), s)
		if err != nil {
			return fmt.Errorf("data source %s: %w", d.UID, err)
		}
		byUID[d.UID] = &dataSource{def: d, settings: s, instance: inst.(*plugin.Datasource)}
	}
	h.raw, h.byUID = raw, byUID
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func role(r *http.Request) string {
	if v := r.Header.Get("X-Grafana-Org-Role"); v != "" {
		return v
	}
	return "Viewer"
}

func (h *host) pluginContext(ds *dataSource, r *http.Request) backend.PluginContext {
	s := ds.settings
	return backend.PluginContext{
		OrgID: 1, PluginID: ds.def.Type,
		User:                       &backend.User{Login: "harness", Name: "harness", Role: role(r)},
		DataSourceInstanceSettings: &s,
	}
}

func (h *host) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/ds/query", h.query)
	mux.HandleFunc("GET /api/datasources/uid/{uid}/health", h.health)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources/{path...}", h.resource)
	return mux
}

// current gives the data sources as the file now defines them.
func (h *host) current() (map[string]*dataSource, error) {
	if err := h.refresh(); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.byUID, nil
}

func (h *host) lookup(w http.ResponseWriter, uid string) *dataSource {
	byUID, err := h.current()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": err.Error()})
		return nil
	}
	ds := byUID[uid]
	if ds == nil {
		// pkg/api/datasources.go: an unknown uid is 404 "Data source not found".
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Data source not found"})
	}
	return ds
}

var relative = regexp.MustCompile(`^now(?:-(\d+)([smhdwMy]))?$`)

// parseTime takes epoch milliseconds, "now" or "now-<n><unit>" (the subset of Grafana's gtime the tests use).
func parseTime(v string, now time.Time) (time.Time, error) {
	if ms, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.UnixMilli(ms), nil
	}
	m := relative.FindStringSubmatch(v)
	if m == nil {
		return time.Time{}, fmt.Errorf("cannot parse time %q", v)
	}
	if m[1] == "" {
		return now, nil
	}
	n, _ := strconv.Atoi(m[1])
	switch m[2] {
	case "s":
		return now.Add(-time.Duration(n) * time.Second), nil
	case "m":
		return now.Add(-time.Duration(n) * time.Minute), nil
	case "h":
		return now.Add(-time.Duration(n) * time.Hour), nil
	case "d":
		return now.AddDate(0, 0, -n), nil
	case "w":
		return now.AddDate(0, 0, -7*n), nil
	case "M":
		return now.AddDate(0, -n, 0), nil
	}
	return now.AddDate(-n, 0, 0), nil
}

func (h *host) query(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Queries []json.RawMessage `json:"queries"`
		From    string            `json:"from"`
		To      string            `json:"to"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Queries) == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad request data"})
		return
	}
	now := time.Now()
	if body.From == "" {
		body.From = "now-6h"
	}
	if body.To == "" {
		body.To = "now"
	}
	from, err1 := parseTime(body.From, now)
	to, err2 := parseTime(body.To, now)
	if err1 != nil || err2 != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad request data"})
		return
	}
	byUID, err := h.current()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": err.Error()})
		return
	}
	groups := map[string][]backend.DataQuery{}
	order := []string{}
	for _, raw := range body.Queries {
		var q struct {
			RefID      string `json:"refId"`
			QueryType  string `json:"queryType"`
			IntervalMs int64  `json:"intervalMs"`
			MaxData    int64  `json:"maxDataPoints"`
			Datasource struct {
				UID string `json:"uid"`
			} `json:"datasource"`
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad request data"})
			return
		}
		// pkg/services/query/query.go parseQuery defaults: intervalMs 1000, maxDataPoints 100, refId "A".
		if q.IntervalMs == 0 {
			q.IntervalMs = 1000
		}
		if q.MaxData == 0 {
			q.MaxData = 100
		}
		if q.RefID == "" {
			q.RefID = "A"
		}
		if _, ok := byUID[q.Datasource.UID]; !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "Data source not found"})
			return
		}
		if _, seen := groups[q.Datasource.UID]; !seen {
			order = append(order, q.Datasource.UID)
		}
		groups[q.Datasource.UID] = append(groups[q.Datasource.UID], backend.DataQuery{
			RefID: q.RefID, QueryType: q.QueryType, MaxDataPoints: q.MaxData,
			Interval: time.Duration(q.IntervalMs) * time.Millisecond, TimeRange: backend.TimeRange{From: from, To: to}, JSON: raw,
		})
	}
	out := backend.NewQueryDataResponse()
	for _, uid := range order {
		ds := byUID[uid]
		resp, err := ds.instance.QueryData(r.Context(), &backend.QueryDataRequest{PluginContext: h.pluginContext(ds, r), Queries: groups[uid]})
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "Query data error"})
			return
		}
		for k, v := range resp.Responses {
			out.Responses[k] = v
		}
	}
	status := http.StatusOK
	for _, res := range out.Responses {
		if res.Error != nil {
			status = http.StatusBadRequest
		}
	}
	raw, err := json.Marshal(out)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

func (h *host) health(w http.ResponseWriter, r *http.Request) {
	ds := h.lookup(w, r.PathValue("uid"))
	if ds == nil {
		return
	}
	res, err := ds.instance.CheckHealth(r.Context(), &backend.CheckHealthRequest{PluginContext: h.pluginContext(ds, r)})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "Plugin health check failed"})
		return
	}
	payload := map[string]any{"status": res.Status.String(), "message": res.Message}
	if len(res.JSONDetails) > 0 {
		var details any
		if json.Unmarshal(res.JSONDetails, &details) == nil {
			payload["details"] = details
		}
	}
	status := http.StatusOK
	if res.Status != backend.HealthStatusOk {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, payload)
}

// responseSender writes the plugin's resource response the way Grafana's httpresponsesender does.
type responseSender struct {
	w       http.ResponseWriter
	started bool
}

func (s *responseSender) Send(resp *backend.CallResourceResponse) error {
	if !s.started {
		for k, vs := range resp.Headers {
			for _, v := range vs {
				s.w.Header().Add(k, v)
			}
		}
		status := resp.Status
		if status == 0 {
			status = http.StatusOK
		}
		s.w.WriteHeader(status)
		s.started = true
	}
	_, err := s.w.Write(resp.Body)
	return err
}

func (h *host) resource(w http.ResponseWriter, r *http.Request) {
	ds := h.lookup(w, r.PathValue("uid"))
	if ds == nil {
		return
	}
	body, _ := io.ReadAll(r.Body)
	path := r.PathValue("path")
	url := path
	if r.URL.RawQuery != "" {
		url += "?" + r.URL.RawQuery
	}
	headers := r.Header.Clone()
	// Grafana clears cookies and its own auth headers before calling the plugin (proxyutil).
	headers.Del("Cookie")
	headers.Del("Authorization")
	headers.Del("X-Grafana-Org-Role")
	req := &backend.CallResourceRequest{
		PluginContext: h.pluginContext(ds, r), Path: path, Method: r.Method, URL: url,
		Headers: map[string][]string(headers), Body: body,
	}
	s := &responseSender{w: w}
	if err := ds.instance.CallResource(r.Context(), req, s); err != nil && !s.started {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "Failed to call resource"})
		return
	}
	if !s.started {
		w.WriteHeader(http.StatusOK)
	}
}
