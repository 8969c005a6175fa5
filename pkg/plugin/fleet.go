package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Deployments at scale. Restate 1.7.12's GET /deployments has no paging or search (the OpenAPI document lists
// no parameters for it), so the backend reads the whole list once per request, classifies each deployment and
// hands the browser one page of the matches:
//
//   GET  deployments/search?q=&state=all|active|draining|drained|unknown&offset=&limit=
//   POST deployments/prune {"ids": [...]}   (Admin)
//
// A deployment's state is what Restate's CLI (`restate deployments list`) calls it, by the rules of
// `calculate_deployment_status` in restatedev/restate `cli/src/ui/deployments.rs` (commit
// 02a5906bcce91bb3793affb3e6c73568769521ef):
//   - active when it holds the latest revision of some service (GET /services names that deployment per
//     service), and also when one of its services is not in GET /services at all: the CLI "errs on the side
//     of assuming it's active", and so does this, since removing it could break that service;
//   - draining when neither, but unfinished invocations are pinned to it, counted as Restate's web UI counts
//     them (pinned_deployment_id of the invocations whose status is not 'completed');
//   - drained when neither and nothing is pinned: removing it breaks nothing.
// When the SQL count fails, the state is unknown, never drained (ours: the CLI has no such case).
// Prune re-reads all of this right before it removes anything and removes only what is drained then.

const (
	defaultPageSize = 50
	maxPageSize     = 500
	maxPruneIDs     = 1000
)

var deploymentIDRE = regexp.MustCompile(`^dp_[0-9A-Za-z]+$`)

// fleetDeployment is one deployment with what the list shows about its use.
type fleetDeployment struct {
	raw       map[string]any
	id        string
	createdAt time.Time
	search    string // lower-cased text the search matches against
	latestFor []string
	unlisted  []string // its services that GET /services does not name (then it counts as active)
	pinned    *int64
	state     string
}

type fleet struct {
	deployments []*fleetDeployment
	pinnedError string
}

// pinnedCounts counts the unfinished invocations pinned to each deployment (POST /query, JSON rows).
func (d *Datasource) pinnedCounts(ctx context.Context) (map[string]int64, *upstreamError) {
	sql := "SELECT pinned_deployment_id, COUNT(*) AS pinned FROM sys_invocation WHERE pinned_deployment_id IS NOT NULL AND status != 'completed' GROUP BY pinned_deployment_id"
	// JSON rows: only `Accept: application/json` exactly gets them (DESIGN.md §3).
	resp, uerr := d.postQuery(ctx, sql, "application/json")
	if uerr != nil {
		return nil, uerr
	}
	defer func() { _ = resp.Body.Close() }()
	var out struct {
		Rows []struct {
			ID     string      `json:"pinned_deployment_id"`
			Pinned json.Number `json:"pinned"`
		} `json:"rows"`
	}
	dec := json.NewDecoder(io.LimitReader(resp.Body, maxResourceBody))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, &upstreamError{Status: http.StatusBadGateway, Message: "Restate's answer to the pinned-invocations query is not JSON rows"}
	}
	counts := make(map[string]int64, len(out.Rows))
	for _, r := range out.Rows {
		n, err := r.Pinned.Int64()
		if err != nil {
			return nil, &upstreamError{Status: http.StatusBadGateway, Message: "Restate's pinned-invocations count is not a number"}
		}
		counts[r.ID] = n
	}
	return counts, nil
}

// loadFleet reads deployments, services and pinned counts and classifies every deployment.
func (d *Datasource) loadFleet(ctx context.Context) (*fleet, *upstreamError) {
	raw, uerr := d.getUpTo(ctx, "/deployments", maxResourceBody)
	if uerr != nil {
		return nil, uerr
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var list struct {
		Deployments []map[string]any `json:"deployments"`
	}
	if err := dec.Decode(&list); err != nil {
		return nil, &upstreamError{Status: http.StatusBadGateway, Message: "Restate's list of deployments is not JSON"}
	}
	rawServices, uerr := d.getUpTo(ctx, "/services", maxResourceBody)
	if uerr != nil {
		return nil, uerr
	}
	var services struct {
		Services []struct {
			Name         string `json:"name"`
			DeploymentID string `json:"deployment_id"`
		} `json:"services"`
	}
	if err := json.Unmarshal(rawServices, &services); err != nil {
		return nil, &upstreamError{Status: http.StatusBadGateway, Message: "Restate's list of services is not JSON"}
	}
	latest := map[string][]string{}
	listed := map[string]bool{}
	for _, s := range services.Services {
		latest[s.DeploymentID] = append(latest[s.DeploymentID], s.Name)
		listed[s.Name] = true
	}
	f := &fleet{}
	pinned, perr := d.pinnedCounts(ctx)
	if perr != nil {
		f.pinnedError = "Could not count the invocations pinned to each deployment (" + strings.TrimSuffix(perr.Error(), ".") + "), so none is shown as drained."
	}
	for _, m := range list.Deployments {
		fd := classify(m, latest, listed, pinned, perr == nil)
		f.deployments = append(f.deployments, fd)
	}
	sort.SliceStable(f.deployments, func(i, j int) bool {
		a, b := f.deployments[i], f.deployments[j]
		if !a.createdAt.Equal(b.createdAt) {
			return a.createdAt.After(b.createdAt)
		}
		return a.id < b.id
	})
	return f, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// classify extracts what the search and the state need from one listed deployment. latest names, per
// deployment id, the services whose latest revision it holds; listed is every service GET /services names.
func classify(m map[string]any, latest map[string][]string, listed map[string]bool, pinned map[string]int64, pinnedKnown bool) *fleetDeployment {
	fd := &fleetDeployment{raw: m, id: str(m["id"])}
	fd.createdAt, _ = time.Parse(time.RFC3339Nano, str(m["created_at"]))
	words := []string{fd.id, str(m["uri"]), str(m["arn"]), str(m["sdk_version"])}
	if svcs, ok := m["services"].([]any); ok {
		for _, s := range svcs {
			if sm, ok := s.(map[string]any); ok {
				name := str(sm["name"])
				words = append(words, name)
				if name != "" && !listed[name] {
					fd.unlisted = append(fd.unlisted, name)
				}
			}
		}
	}
	sort.Strings(fd.unlisted)
	if md, ok := m["metadata"].(map[string]any); ok {
		for k, v := range md {
			words = append(words, k+"="+str(v))
		}
	}
	fd.search = strings.ToLower(strings.Join(words, "\n"))
	fd.latestFor = append([]string{}, latest[fd.id]...)
	sort.Strings(fd.latestFor)
	switch {
	case len(fd.latestFor) > 0 || len(fd.unlisted) > 0:
		fd.state = "active"
	case !pinnedKnown:
		fd.state = "unknown"
	default:
		n := pinned[fd.id]
		if n > 0 {
			fd.state = "draining"
		} else {
			fd.state = "drained"
		}
	}
	if pinnedKnown {
		n := pinned[fd.id]
		fd.pinned = &n
	}
	return fd
}

// matches says whether every word of the query occurs in the deployment's id, endpoint, SDK, services or
// metadata (key=value), ignoring case.
func (fd *fleetDeployment) matches(q string) bool {
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(fd.search, w) {
			return false
		}
	}
	return true
}

type fleetItem struct {
	Deployment any      `json:"deployment"`
	State      string   `json:"state"`
	Pinned     *int64   `json:"pinned"`
	LatestFor  []string `json:"latest_for"`
}

type fleetPage struct {
	Items       []fleetItem    `json:"items"`
	Total       int            `json:"total"`
	Matched     int            `json:"matched"`
	Offset      int            `json:"offset"`
	Limit       int            `json:"limit"`
	States      map[string]int `json:"states"`
	PinnedError string         `json:"pinned_error,omitempty"`
}

var fleetStates = map[string]bool{"all": true, "active": true, "draining": true, "drained": true, "unknown": true}

// parsePageParams reads offset and limit; msg is set when one is not a number in range.
func parsePageParams(v url.Values) (offset, limit int, msg string) {
	offset, limit = 0, defaultPageSize
	if s := v.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return 0, 0, fmt.Sprintf("offset must be a whole number of 0 or more, not %q.", s)
		}
		offset = n
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageSize {
			return 0, 0, fmt.Sprintf("limit must be a whole number from 1 to %d, not %q.", maxPageSize, s)
		}
		limit = n
	}
	return offset, limit, ""
}

// page filters by query and state, and cuts one page; the deployments in it are redacted.
func (f *fleet) page(q, state string, offset, limit int) fleetPage {
	out := fleetPage{Total: len(f.deployments), Offset: offset, Limit: limit, States: map[string]int{}, PinnedError: f.pinnedError, Items: []fleetItem{}}
	var matched []*fleetDeployment
	for _, fd := range f.deployments {
		if !fd.matches(q) {
			continue
		}
		out.States[fd.state]++
		if state == "all" || fd.state == state {
			matched = append(matched, fd)
		}
	}
	out.Matched = len(matched)
	for i := offset; i < len(matched) && i < offset+limit; i++ {
		fd := matched[i]
		out.Items = append(out.Items, fleetItem{Deployment: redactDeploymentHeaders(fd.raw), State: fd.state, Pinned: fd.pinned, LatestFor: fd.latestFor})
	}
	return out
}

func (d *Datasource) fleetError(w http.ResponseWriter, uerr *upstreamError) {
	status := http.StatusBadGateway
	msg := fmt.Sprintf("Could not read the deployments from Restate's admin API at %s: %s.", d.settings.adminBase(), strings.TrimSuffix(uerr.Error(), "."))
	if uerr.Transport != nil {
		if isTimeout(uerr.Transport) {
			status = http.StatusGatewayTimeout
		}
		msg = fmt.Sprintf("Cannot reach Restate's admin API at %s from the Grafana server: %s.", d.settings.adminBase(), transportText(uerr.Transport))
	} else if uerr.Status == http.StatusUnauthorized || uerr.Status == http.StatusForbidden {
		status = http.StatusBadRequest
		msg = fmt.Sprintf("Restate refused the token (%d): check the data source's bearer token.", uerr.Status)
	}
	writeMessage(w, status, msg)
}

// searchDeployments answers GET deployments/search (any role: the values of extra headers are stripped).
func (d *Datasource) searchDeployments(w http.ResponseWriter, r *http.Request) {
	if d.settings.AdminURL == "" {
		writeMessage(w, http.StatusBadRequest, "The admin API URL is not set. "+adminRequired)
		return
	}
	v := r.URL.Query()
	state := v.Get("state")
	if state == "" {
		state = "all"
	}
	if !fleetStates[state] {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("state must be one of all, active, draining, drained or unknown, not %q.", state))
		return
	}
	offset, limit, msg := parsePageParams(v)
	if msg != "" {
		writeMessage(w, http.StatusBadRequest, msg)
		return
	}
	f, uerr := d.loadFleet(r.Context())
	if uerr != nil {
		d.fleetError(w, uerr)
		return
	}
	writeJSON(w, http.StatusOK, f.page(v.Get("q"), state, offset, limit))
}

type pruneResult struct {
	ID      string `json:"id"`
	Removed bool   `json:"removed"`
	Message string `json:"message,omitempty"`
}

// refusal says why a deployment that is not drained (any more) is kept.
func refusal(fd *fleetDeployment) string {
	switch fd.state {
	case "active":
		if len(fd.latestFor) == 0 {
			return "Kept: Restate's list of services does not name " + strings.Join(fd.unlisted, ", ") + ", which it serves, so it is taken as active (as Restate's CLI does)."
		}
		return "Kept: it now serves the latest revision of " + strings.Join(fd.latestFor, ", ") + "."
	case "draining":
		return fmt.Sprintf("Kept: %d unfinished invocation(s) are pinned to it now.", *fd.pinned)
	default:
		return "Kept: the invocations pinned to it could not be counted, so it is not known to be drained."
	}
}

// pruneDeployments answers POST deployments/prune (Admin): it removes, one by one, those of the given
// deployments that are drained when it runs, and says for each what happened.
func (d *Datasource) pruneDeployments(w http.ResponseWriter, r *http.Request) {
	if !requireAdmin(w, r, "Pruning deployments") {
		return
	}
	if d.settings.AdminURL == "" {
		writeMessage(w, http.StatusBadRequest, "The admin API URL is not set. "+adminRequired)
		return
	}
	var req struct {
		IDs []string `json:"ids"`
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err != nil || dec.Decode(&req) != nil {
		writeMessage(w, http.StatusBadRequest, `The body is not {"ids": ["dp_…", …]}.`)
		return
	}
	if len(req.IDs) == 0 {
		writeMessage(w, http.StatusBadRequest, "No deployment to prune: name at least one drained deployment id.")
		return
	}
	if len(req.IDs) > maxPruneIDs {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("At most %d deployments per prune (got %d): prune in batches.", maxPruneIDs, len(req.IDs)))
		return
	}
	for _, id := range req.IDs {
		if !deploymentIDRE.MatchString(id) {
			writeMessage(w, http.StatusBadRequest, fmt.Sprintf("%q is not a deployment id (they look like dp_11XELrEVqHAsWLtEZhGzNeN); nothing was removed.", id))
			return
		}
	}
	f, uerr := d.loadFleet(r.Context())
	if uerr != nil {
		d.fleetError(w, uerr)
		return
	}
	byID := make(map[string]*fleetDeployment, len(f.deployments))
	for _, fd := range f.deployments {
		byID[fd.id] = fd
	}
	results := make([]pruneResult, 0, len(req.IDs))
	seen := map[string]bool{}
	removed := 0
	for _, id := range req.IDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		fd, ok := byID[id]
		switch {
		case !ok:
			results = append(results, pruneResult{ID: id, Message: "Not found: it was removed already."})
		case fd.state != "drained":
			results = append(results, pruneResult{ID: id, Message: refusal(fd)})
		default:
			if msg := d.removeDeployment(r.Context(), id); msg != "" {
				results = append(results, pruneResult{ID: id, Message: msg})
			} else {
				removed++
				results = append(results, pruneResult{ID: id, Removed: true})
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": results, "removed": removed, "failed": len(results) - removed})
}

// removeDeployment sends DELETE /deployments/{id}?force=true (the only mode Restate 1.7 has); "" on success.
func (d *Datasource) removeDeployment(ctx context.Context, id string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, d.settings.adminBase()+"/deployments/"+url.PathEscape(id)+"?force=true", nil)
	if err != nil {
		return err.Error()
	}
	req.Header.Set("Accept", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		return "Restate could not be reached: " + transportText(err) + "."
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode >= 300 {
		e := readUpstreamError(resp)
		if e.Message == "" {
			e.Message = http.StatusText(resp.StatusCode)
		}
		return fmt.Sprintf("Restate answered %d: %s", resp.StatusCode, withCode(e))
	}
	return ""
}
