package plugin

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// restateStub answers POST /query with a recorded Arrow body (or a given error) and records what it got.
func restateStub(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, *recorded) {
	t.Helper()
	rec := &recorded{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.calls++
		rec.header = r.Header.Clone()
		b, _ := io.ReadAll(r.Body)
		rec.body = string(b)
		answer(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

func arrowAnswer(t *testing.T, file string) func(http.ResponseWriter, *http.Request) {
	body := fixture(t, file)
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/query" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", arrowContentType)
		_, _ = w.Write(body)
	}
}

func runQuery(t *testing.T, d *Datasource, model map[string]any) backend.DataResponse {
	t.Helper()
	resp, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{dataQuery("A", model)}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses["A"]
}

func fieldByName(t *testing.T, f *data.Frame, name string) *data.Field {
	t.Helper()
	fld, _ := f.FieldByName(name)
	if fld == nil {
		t.Fatalf("no field %s in %v", name, f.Fields)
	}
	return fld
}

func TestQuerySendsSQLWithMacrosTokenAndArrowAccept(t *testing.T) {
	srv, rec := restateStub(t, arrowAnswer(t, "invocations.arrow"))
	d := newTestDatasource(t, srv.URL+"/", "s3cret", nil)
	res := runQuery(t, d, map[string]any{"sql": "SELECT * FROM sys_invocation WHERE $__timeFilter(created_at)"})
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	want := "SELECT * FROM sys_invocation WHERE (created_at >= '2026-11-22T22:00:00.000Z' AND created_at <= '2026-11-22T23:30:00.250Z')"
	var sent map[string]string
	_ = json.Unmarshal([]byte(rec.body), &sent)
	if sent["query"] != want {
		t.Errorf("sent %q", rec.body)
	}
	if rec.header.Get("Accept") != "application/vnd.apache.arrow.stream" || rec.header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", rec.header)
	}
	if rec.header.Get("Authorization") != "Bearer s3cret" {
		t.Errorf("authorization %q", rec.header.Get("Authorization"))
	}
	if got := res.Frames[0].Meta.ExecutedQueryString; got != want {
		t.Errorf("ExecutedQueryString %q", got)
	}
	if res.Frames[0].Meta.PreferredVisualization != data.VisTypeTable {
		t.Errorf("visualization %q", res.Frames[0].Meta.PreferredVisualization)
	}
}

func TestQueryWithoutTokenSendsNoAuthorization(t *testing.T) {
	srv, rec := restateStub(t, arrowAnswer(t, "services.arrow"))
	d := newTestDatasource(t, srv.URL, "", nil)
	if res := runQuery(t, d, map[string]any{"sql": "SELECT 1"}); res.Error != nil {
		t.Fatal(res.Error)
	}
	if _, ok := rec.header["Authorization"]; ok {
		t.Errorf("Authorization sent: %v", rec.header)
	}
}

func TestEmptySQLSendsNothing(t *testing.T) {
	srv, rec := restateStub(t, arrowAnswer(t, "services.arrow"))
	d := newTestDatasource(t, srv.URL, "", nil)
	res := runQuery(t, d, map[string]any{"sql": "  \n"})
	if res.Error != nil || len(res.Frames) != 0 || rec.calls != 0 {
		t.Errorf("got %+v after %d calls", res, rec.calls)
	}
}

func TestFramesFromRecordedInvocations(t *testing.T) {
	srv, _ := restateStub(t, arrowAnswer(t, "invocations.arrow"))
	f := runQuery(t, newTestDatasource(t, srv.URL, "", nil), map[string]any{"sql": "x"}).Frames[0]
	n, _ := f.RowLen()
	if n != 3 {
		t.Fatalf("rows %d", n)
	}
	created := fieldByName(t, f, "created_at")
	if created.Type() != data.FieldTypeNullableTime {
		t.Errorf("created_at is %s", created.Type())
	}
	// Restate sends Timestamp(ms): read as ns it would land in 1970.
	for i := 0; i < n; i++ {
		ts, ok := created.ConcreteAt(i)
		if !ok || ts.(time.Time).Year() < 2025 {
			t.Errorf("created_at[%d] = %v", i, ts)
		}
	}
	if typ := fieldByName(t, f, "retry_count").Type(); typ != data.FieldTypeNullableUint64 {
		t.Errorf("retry_count is %s", typ)
	}
	if typ := fieldByName(t, f, "status").Type(); typ != data.FieldTypeString {
		t.Errorf("status is %s (Restate says non-nullable large_utf8)", typ)
	}
	status := fieldByName(t, f, "status")
	completed := fieldByName(t, f, "completed_at")
	failure := fieldByName(t, f, "completion_failure")
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		s := status.At(i).(string)
		seen[s] = true
		_, hasCompleted := completed.ConcreteAt(i)
		_, hasFailure := failure.ConcreteAt(i)
		if s == "suspended" && (hasCompleted || hasFailure) {
			t.Errorf("a suspended invocation has completed_at/completion_failure")
		}
		if s == "completed" && !hasCompleted {
			t.Errorf("a completed invocation has no completed_at")
		}
	}
	if !seen["suspended"] || !seen["completed"] {
		t.Errorf("statuses %v", seen)
	}
	fails := 0
	for i := 0; i < n; i++ {
		if v, ok := failure.ConcreteAt(i); ok && strings.Contains(v.(string), "418") {
			fails++
		}
	}
	if fails != 1 {
		t.Errorf("want the one terminal failure with its 418, got %d", fails)
	}
}

func TestFramesKeepBoolsAndInts(t *testing.T) {
	srv, _ := restateStub(t, arrowAnswer(t, "services.arrow"))
	f := runQuery(t, newTestDatasource(t, srv.URL, "", nil), map[string]any{"sql": "x"}).Frames[0]
	pub := fieldByName(t, f, "public")
	if pub.Type() != data.FieldTypeBool && pub.Type() != data.FieldTypeNullableBool {
		t.Errorf("public is %s", pub.Type())
	}
	if v, ok := pub.ConcreteAt(0); !ok || v != true {
		t.Errorf("public[0] = %v", v)
	}
	rev := fieldByName(t, f, "revision")
	if !rev.Type().Numeric() {
		t.Errorf("revision is %s", rev.Type())
	}
	names := fieldByName(t, f, "name")
	got := []string{}
	for i := 0; i < names.Len(); i++ {
		v, _ := names.ConcreteAt(i)
		got = append(got, v.(string))
	}
	if strings.Join(got, ",") != "counter,greeter,signup" {
		t.Errorf("services %v", got)
	}
}

func TestEmptyResultKeepsTheColumns(t *testing.T) {
	srv, _ := restateStub(t, arrowAnswer(t, "empty.arrow"))
	res := runQuery(t, newTestDatasource(t, srv.URL, "", nil), map[string]any{"sql": "x"})
	f := res.Frames[0]
	if res.Error != nil || len(f.Fields) != 2 || f.Fields[1].Type() != data.FieldTypeNullableTime || f.Fields[0].Len() != 0 {
		t.Errorf("got %v %v", res.Error, f.Fields)
	}
	if len(f.Meta.Notices) != 0 {
		t.Errorf("notices %v", f.Meta.Notices)
	}
}

func TestRowCapStopsAndSaysSo(t *testing.T) {
	srv, _ := restateStub(t, arrowAnswer(t, "many.arrow"))
	d := newTestDatasource(t, srv.URL, "", nil)

	f := runQuery(t, d, map[string]any{"sql": "x"}).Frames[0]
	if n, _ := f.RowLen(); n != DefaultMaxRows {
		t.Errorf("default cap: %d rows", n)
	}
	if len(f.Meta.Notices) != 1 || f.Meta.Notices[0].Severity != data.NoticeSeverityWarning ||
		!strings.Contains(f.Meta.Notices[0].Text, "Showing the first 10000 rows") || !strings.Contains(f.Meta.Notices[0].Text, "LIMIT") {
		t.Errorf("notices %+v", f.Meta.Notices)
	}
	// Restate streams generate_series in several batches (not in order): every row kept is a distinct value.
	distinct := map[any]bool{}
	nf := fieldByName(t, f, "n")
	for i := 0; i < nf.Len(); i++ {
		v, _ := nf.ConcreteAt(i)
		distinct[v] = true
	}
	if len(distinct) != DefaultMaxRows {
		t.Errorf("%d distinct rows", len(distinct))
	}

	f = runQuery(t, d, map[string]any{"sql": "x", "maxRows": 123}).Frames[0]
	if n, _ := f.RowLen(); n != 123 || !strings.Contains(f.Meta.Notices[0].Text, "first 123 rows") {
		t.Errorf("maxRows 123: %d rows, %v", n, f.Meta.Notices)
	}

	f = runQuery(t, d, map[string]any{"sql": "x", "maxRows": 20000}).Frames[0]
	if n, _ := f.RowLen(); n != 20000 || len(f.Meta.Notices) != 0 {
		t.Errorf("exactly all rows: %d rows, notices %v", n, f.Meta.Notices)
	}
	f = runQuery(t, d, map[string]any{"sql": "x", "maxRows": 5_000_000}).Frames[0]
	if n, _ := f.RowLen(); n != 20000 || len(f.Meta.Notices) != 0 {
		t.Errorf("cap above the data: %d rows, notices %v", n, f.Meta.Notices)
	}
}

func TestTimeSeriesLongToWide(t *testing.T) {
	srv, _ := restateStub(t, arrowAnswer(t, "series.arrow"))
	res := runQuery(t, newTestDatasource(t, srv.URL, "", nil), map[string]any{"sql": "x", "format": "time_series"})
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	f := res.Frames[0]
	if f.Fields[0].Type() != data.FieldTypeTime {
		t.Fatalf("first field %s", f.Fields[0].Type())
	}
	for i := 1; i < f.Fields[0].Len(); i++ {
		if f.Fields[0].At(i).(time.Time).Before(f.Fields[0].At(i - 1).(time.Time)) {
			t.Errorf("time not ascending at %d", i)
		}
	}
	handlers := map[string]bool{}
	for _, fld := range f.Fields[1:] {
		if fld.Name != "invocations" || !fld.Type().Numeric() {
			t.Errorf("value field %s %s", fld.Name, fld.Type())
		}
		handlers[fld.Labels["handler"]] = true
	}
	for _, h := range []string{"greet", "fail", "slow"} {
		if !handlers[h] {
			t.Errorf("no series for handler %s: %v", h, handlers)
		}
	}
	if f.Meta.ExecutedQueryString != "x" {
		t.Errorf("meta lost: %+v", f.Meta)
	}
}

func TestTimeSeriesWithoutTimeColumnIsATableWithANotice(t *testing.T) {
	srv, _ := restateStub(t, arrowAnswer(t, "services.arrow"))
	res := runQuery(t, newTestDatasource(t, srv.URL, "", nil), map[string]any{"sql": "x", "format": "time_series"})
	f := res.Frames[0]
	if res.Error != nil || len(f.Meta.Notices) != 1 || !strings.Contains(f.Meta.Notices[0].Text, "no timestamp column") {
		t.Errorf("got %v %+v", res.Error, f.Meta)
	}
	if n, _ := f.RowLen(); n != 3 {
		t.Errorf("rows %d", n)
	}
}

func TestQueryErrors(t *testing.T) {
	type recordedError struct {
		Status      int    `json:"status"`
		ContentType string `json:"contentType"`
		Body        string `json:"body"`
	}
	recordedAnswer := func(file string) func(http.ResponseWriter, *http.Request) {
		var e recordedError
		if err := json.Unmarshal(fixture(t, file), &e); err != nil {
			t.Fatal(err)
		}
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", e.ContentType)
			w.WriteHeader(e.Status)
			_, _ = io.WriteString(w, e.Body)
		}
	}
	answer := func(status int, ct, body string, hdr ...string) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, _ *http.Request) {
			for i := 0; i+1 < len(hdr); i += 2 {
				w.Header().Set(hdr[i], hdr[i+1])
			}
			w.Header().Set("Content-Type", ct)
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		}
	}
	cases := []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request)
		status backend.Status
		want   string
	}{
		{"syntax error (recorded 400)", recordedAnswer("error_syntax.json"), backend.StatusBadRequest,
			`Restate rejected the SQL: Datafusion error: SQL error: ParserError("Expected: an SQL statement, found: SELEC at Line: 1, Column: 1")`},
		{"unknown table (recorded 500)", recordedAnswer("error_unknown_table.json"), backend.StatusBadRequest,
			"Restate rejected the SQL: Datafusion error: Error during planning: table 'restate.public.sys_nope' not found"},
		{"text/plain 422", answer(422, "text/plain; charset=utf-8", "Failed to deserialize the JSON body"), backend.StatusBadRequest,
			"Restate rejected the SQL: Failed to deserialize the JSON body"},
		{"401", answer(401, "application/json", `{"message":"bad token"}`), backend.StatusUnauthorized,
			"Restate refused the token (401 Unauthorized): check the data source's bearer token"},
		{"403", answer(403, "text/plain", ""), backend.StatusForbidden,
			"Restate refused the token (403 Forbidden): check the data source's bearer token"},
		{"429 with Retry-After", answer(429, "text/plain", "slow down", "Retry-After", "30"), backend.StatusTooManyRequests,
			"Restate is rate-limiting: retry after 30 s."},
		{"429 without Retry-After", answer(429, "text/plain", ""), backend.StatusTooManyRequests,
			"Restate is rate-limiting: retry in a minute."},
		{"404: not the admin API", answer(404, "text/plain", ""), backend.StatusNotFound, "it is not Restate's admin API"},
		{"JSON error with a code", answer(503, "application/json", `{"message":"not ready","restate_code":"RT0001"}`), backend.Status(503),
			"Restate answered 503 to POST /query: not ready (RT0001)"},
		{"200 that is not Arrow", answer(200, "text/html", "<html>"), backend.StatusBadGateway,
			"with something other than Restate's Arrow stream (text/html)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, _ := restateStub(t, c.answer)
			res := runQuery(t, newTestDatasource(t, srv.URL, "s3cr3t-tok", nil), map[string]any{"sql": "SELECT 1"})
			if res.Error == nil || !strings.Contains(res.Error.Error(), c.want) || res.Status != c.status {
				t.Errorf("got %d %v\nwant %d %q", res.Status, res.Error, c.status, c.want)
			}
			if res.ErrorSource != backend.ErrorSourceDownstream {
				t.Errorf("error source %q", res.ErrorSource)
			}
			if strings.Contains(res.Error.Error(), "s3cr3t") {
				t.Errorf("the token leaked into %q", res.Error)
			}
		})
	}
}

func TestQueryUnreachableAndTimeout(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	_ = l.Close()
	res := runQuery(t, newTestDatasource(t, "http://"+addr, "", nil), map[string]any{"sql": "SELECT 1"})
	if res.Error == nil || res.Status != backend.StatusBadGateway ||
		!strings.HasPrefix(res.Error.Error(), "Cannot reach Restate's admin API at http://"+addr+" from the Grafana server: ") ||
		!strings.Contains(res.Error.Error(), "connection refused") {
		t.Errorf("refused: %d %v", res.Status, res.Error)
	}

	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	d := newTestDatasource(t, srv.URL, "", nil)
	d.client.Timeout = 200 * time.Millisecond
	res = runQuery(t, d, map[string]any{"sql": "SELECT 1"})
	if res.Error == nil || res.Status != backend.StatusTimeout || !strings.Contains(res.Error.Error(), "did not answer within") {
		t.Errorf("timeout: %d %v", res.Status, res.Error)
	}
}

func TestQueryTimeoutFromSettings(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	d := newTestDatasource(t, srv.URL, "", map[string]string{"timeout": "1"})
	if d.client.Timeout != time.Second {
		t.Fatalf("client timeout %s, want 1s", d.client.Timeout)
	}
	res := runQuery(t, d, map[string]any{"sql": "SELECT 1"})
	if res.Status != backend.StatusTimeout || !strings.Contains(res.Error.Error(), "did not answer within 1s") ||
		!strings.Contains(res.Error.Error(), "raise the data source's timeout") {
		t.Errorf("timeout: %d %v", res.Status, res.Error)
	}
	for _, c := range []struct {
		json string
		want time.Duration
	}{{`{}`, defaultTimeout}, {`{"timeout": 5}`, 5 * time.Second}, {`{"timeout": "30"}`, 30 * time.Second},
		{`{"timeout": 0}`, defaultTimeout}, {`{"timeout": 601}`, defaultTimeout}, {`{"timeout": "soon"}`, defaultTimeout}} {
		s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(c.json)})
		if err != nil || s.timeout() != c.want {
			t.Errorf("%s: %s %v, want %s", c.json, s.timeout(), err, c.want)
		}
	}
}

func TestQueryMacroErrorAndMissingURL(t *testing.T) {
	srv, rec := restateStub(t, arrowAnswer(t, "services.arrow"))
	res := runQuery(t, newTestDatasource(t, srv.URL, "", nil), map[string]any{"sql": "WHERE $__timeFilter"})
	if res.Error == nil || !strings.Contains(res.Error.Error(), "needs a column in parentheses") || rec.calls != 0 {
		t.Errorf("macro: %v after %d calls", res.Error, rec.calls)
	}
	res = runQuery(t, newTestDatasource(t, "", "", nil), map[string]any{"sql": "SELECT 1"})
	if res.Error == nil || !strings.HasPrefix(res.Error.Error(), "The admin API URL is not set.") {
		t.Errorf("no URL: %v", res.Error)
	}
}
