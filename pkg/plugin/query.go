package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// QueryModel is the JSON of one query, as the query editor saves it.
type QueryModel struct {
	SQL string `json:"sql"`
	// Format is "table" (default) or "time_series".
	Format string `json:"format,omitempty"`
	// MaxRows overrides the row cap (DefaultMaxRows), up to MaxMaxRows.
	MaxRows int `json:"maxRows,omitempty"`
}

const (
	// DefaultMaxRows keeps a forgotten LIMIT from pulling all of sys_invocation into a panel.
	DefaultMaxRows = 10_000
	MaxMaxRows     = 1_000_000
	// arrowContentType is what Restate answers POST /query with for any Accept but exactly application/json.
	arrowContentType = "application/vnd.apache.arrow.stream"
)

// QueryData runs each query's SQL against Restate's POST /query, one at a time (they share one Restate).
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		resp.Responses[q.RefID] = d.query(ctx, q)
	}
	return resp, nil
}

func (d *Datasource) query(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	var m QueryModel
	if err := json.Unmarshal(q.JSON, &m); err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourcePlugin,
			fmt.Sprintf("The query is not valid JSON: %v", err))
	}
	if strings.TrimSpace(m.SQL) == "" {
		return backend.DataResponse{}
	}
	if d.settings.AdminURL == "" {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			"The admin API URL is not set. "+adminRequired)
	}
	sql, err := ExpandMacros(m.SQL, q.TimeRange.From, q.TimeRange.To, q.Interval)
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	maxRows := m.MaxRows
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	if maxRows > MaxMaxRows {
		maxRows = MaxMaxRows
	}

	res, uerr := d.runSQL(ctx, sql, maxRows)
	if uerr != nil {
		return d.queryError(uerr)
	}
	frame := res.Frame
	frame.Name = q.RefID
	frame.RefID = q.RefID
	meta := &data.FrameMeta{ExecutedQueryString: sql}
	frame.Meta = meta
	if res.Truncated {
		meta.Notices = append(meta.Notices, data.Notice{
			Severity: data.NoticeSeverityWarning,
			Text: fmt.Sprintf("Showing the first %d rows: Restate has more. Add LIMIT to the query or narrow it "+
				"(e.g. WHERE $__timeFilter(created_at)) to see the rows you need.", res.Rows),
		})
	}

	if m.Format == "time_series" {
		ts, note := toTimeSeries(frame)
		if note != "" {
			meta.Notices = append(meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: note})
			meta.PreferredVisualization = data.VisTypeTable
			return backend.DataResponse{Frames: data.Frames{frame}}
		}
		ts.Name, ts.RefID, ts.Meta = q.RefID, q.RefID, meta
		return backend.DataResponse{Frames: data.Frames{ts}}
	}
	meta.PreferredVisualization = data.VisTypeTable
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// postQuery posts the SQL to Restate's /query asking for `accept` (Arrow IPC or JSON rows); a transport failure
// or a non-200 answer comes back as an upstreamError. On success the caller closes the body.
func (d *Datasource) postQuery(ctx context.Context, sql, accept string) (*http.Response, *upstreamError) {
	body, _ := json.Marshal(map[string]string{"query": sql})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.settings.adminBase()+"/query", bytes.NewReader(body))
	if err != nil {
		return nil, &upstreamError{Transport: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", accept)
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, &upstreamError{Transport: err}
	}
	if resp.StatusCode != http.StatusOK {
		defer func() { _ = resp.Body.Close() }()
		return nil, readUpstreamError(resp)
	}
	return resp, nil
}

// runSQL posts the SQL and reads the Arrow answer; any failure comes back as an upstreamError.
func (d *Datasource) runSQL(ctx context.Context, sql string, maxRows int) (*arrowResult, *upstreamError) {
	resp, uerr := d.postQuery(ctx, sql, arrowContentType)
	if uerr != nil {
		return nil, uerr
	}
	defer func() { _ = resp.Body.Close() }()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, arrowContentType) {
		return nil, &upstreamError{Status: resp.StatusCode, Message: notArrowMarker + ct}
	}
	res, err := readArrow(resp.Body, maxRows)
	if err != nil {
		if isTimeout(err) {
			return nil, &upstreamError{Transport: err}
		}
		return nil, &upstreamError{Status: resp.StatusCode, Message: notArrowMarker + err.Error()}
	}
	return res, nil
}

// notArrowMarker prefixes the message of a 200 answer that is not Restate's Arrow stream.
const notArrowMarker = "\x00not-arrow:"

// queryError turns a failed POST /query into that query's error, in words that say what to change.
func (d *Datasource) queryError(e *upstreamError) backend.DataResponse {
	admin := d.settings.adminBase()
	down := backend.ErrorSourceDownstream
	if e.Transport != nil {
		if isTimeout(e.Transport) {
			return backend.ErrDataResponseWithSource(backend.StatusTimeout, down, fmt.Sprintf(
				"Restate's admin API at %s did not answer within %s: narrow the query (add LIMIT or a $__timeFilter), "+
					"check that Restate is healthy and reachable from the Grafana server, or raise the data source's "+
					"timeout.", admin, d.settings.timeout()))
		}
		if errors.Is(e.Transport, context.Canceled) {
			return backend.ErrDataResponseWithSource(backend.StatusBadRequest, down, "The query was cancelled.")
		}
		return backend.ErrDataResponseWithSource(backend.StatusBadGateway, down, fmt.Sprintf(
			"Cannot reach Restate's admin API at %s from the Grafana server: %s. Check scheme, host and port as seen "+
				"from where Grafana runs (in Docker, localhost is Grafana's own container).", admin, transportText(e.Transport)))
	}
	if strings.HasPrefix(e.Message, notArrowMarker) {
		return backend.ErrDataResponseWithSource(backend.StatusBadGateway, down, fmt.Sprintf(
			"%s answered POST /query with something other than Restate's Arrow stream (%s): check that the admin API "+
				"URL points at Restate's admin API (port 9070 by default).", admin, strings.TrimPrefix(e.Message, notArrowMarker)))
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		return backend.ErrDataResponseWithSource(backend.StatusUnauthorized, down,
			"Restate refused the token (401 Unauthorized): check the data source's bearer token; it is missing, wrong or expired.")
	case e.Status == http.StatusForbidden:
		return backend.ErrDataResponseWithSource(backend.StatusForbidden, down,
			"Restate refused the token (403 Forbidden): check the data source's bearer token; it may not use this environment's admin API.")
	case e.Status == http.StatusTooManyRequests:
		return backend.ErrDataResponseWithSource(backend.StatusTooManyRequests, down,
			"Restate is rate-limiting: "+rateLimitText(e.RetryAfter)+".")
	case e.Status == http.StatusNotFound || e.Status == http.StatusMethodNotAllowed:
		return backend.ErrDataResponseWithSource(backend.Status(e.Status), down, fmt.Sprintf(
			"%s answered %d to POST /query: it is not Restate's admin API. Check the port: the admin API listens on 9070 by default (8080 is the ingress).",
			admin, e.Status))
	case e.Status == http.StatusBadRequest || e.Status == http.StatusUnprocessableEntity ||
		(e.Status == http.StatusInternalServerError && strings.HasPrefix(e.Message, "Datafusion error")):
		// Restate answers planning errors (unknown table or column) with 500 and a DataFusion message.
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, down, "Restate rejected the SQL: "+withCode(e))
	}
	return backend.ErrDataResponseWithSource(backend.Status(e.Status), down,
		fmt.Sprintf("Restate answered %d to POST /query: %s", e.Status, withCode(e)))
}

// toTimeSeries makes a frame panels and alert rules read as series: sorted by its first time column and,
// when it has string/bool label columns, converted from long to wide. A non-empty note means it could not
// (no time column, or no numeric value column); the caller returns the table with that note.
func toTimeSeries(frame *data.Frame) (*data.Frame, string) {
	timeIdx := -1
	for i, f := range frame.Fields {
		if t := f.Type(); t == data.FieldTypeTime || t == data.FieldTypeNullableTime {
			timeIdx = i
			break
		}
	}
	if timeIdx == -1 {
		return nil, "Format is time series, but the query has no timestamp column: returned as a table. " +
			"Select a timestamp (e.g. date_bin($__interval, created_at) AS time) and numeric columns."
	}
	n, _ := frame.RowLen()
	// Rows without a time cannot be placed on a time axis; the time field must be non-nullable for LongToWide.
	type row struct {
		i int
		t time.Time
	}
	rows := make([]row, 0, n)
	tf := frame.Fields[timeIdx]
	for i := 0; i < n; i++ {
		if t, ok := tf.ConcreteAt(i); ok {
			rows = append(rows, row{i, t.(time.Time)})
		}
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].t.Before(rows[b].t) })
	order := make([]int, len(rows))
	sortedTimes := make([]time.Time, len(rows))
	for j, r := range rows {
		order[j], sortedTimes[j] = r.i, r.t
	}
	long := data.NewFrame(frame.Name)
	for idx, f := range frame.Fields {
		if idx == timeIdx {
			long.Fields = append(long.Fields, data.NewField(f.Name, f.Labels, sortedTimes))
			continue
		}
		nf := data.NewFieldFromFieldType(f.Type(), len(order))
		nf.Name, nf.Labels, nf.Config = f.Name, f.Labels, f.Config
		for j, i := range order {
			nf.Set(j, f.At(i))
		}
		long.Fields = append(long.Fields, nf)
	}
	switch long.TimeSeriesSchema().Type {
	case data.TimeSeriesTypeWide:
		return long, ""
	case data.TimeSeriesTypeLong:
		if len(order) == 0 {
			return long, ""
		}
		wide, err := data.LongToWide(long, nil)
		if err != nil {
			return nil, "Format is time series, but the rows could not be turned into series (" + err.Error() + "): returned as a table."
		}
		return wide, ""
	}
	return nil, "Format is time series, but the query has no numeric column to plot: returned as a table. " +
		"Add a value such as count(*) AS invocations."
}
