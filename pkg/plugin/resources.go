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
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Resources under /api/datasources/uid/<uid>/resources/. Each route names what it forwards; there is no
// catch-all. Reads that carry secrets come back with the secret values replaced by "" (names stay):
//   - deployments: every value of every "additional_headers" object, wherever it is in the JSON;
//   - Kafka clusters and subscriptions: every value in "properties" and "options" objects whose key is not
//     in nonSecretKafkaKeys.
// Writes to deployments and subscriptions (subscriptions.go) need the Admin role, checked here from the user
// Grafana passes in the plugin context.

// nonSecretKafkaKeys are librdkafka properties (and Restate subscription options) that name where and how
// to connect but hold no credential. Any other key's value is masked: an allow-list, so a new or misspelt
// secret property is masked too.
var nonSecretKafkaKeys = map[string]bool{
	"bootstrap.servers": true, "metadata.broker.list": true, "security.protocol": true, "sasl.mechanism": true,
	"sasl.mechanisms": true, "client.id": true, "group.id": true, "group.instance.id": true,
	"auto.offset.reset": true, "enable.auto.commit": true, "auto.commit.interval.ms": true,
	"session.timeout.ms": true, "heartbeat.interval.ms": true, "max.poll.interval.ms": true,
	"fetch.min.bytes": true, "fetch.max.bytes": true, "fetch.wait.max.ms": true, "isolation.level": true,
	"partition.assignment.strategy": true, "socket.timeout.ms": true, "request.timeout.ms": true,
	"ssl.endpoint.identification.algorithm": true, "broker.address.family": true, "client.rack": true,
	"allow.auto.create.topics": true, "statistics.interval.ms": true, "debug": true,
	"sasl.kerberos.service.name": true, "sasl.oauthbearer.method": true, "sasl.oauthbearer.scope": true,
	"sasl.oauthbearer.token.endpoint.url": true,
}

// Redacted is what a removed secret value becomes.
const Redacted = ""

type redactFunc func(any) any

// redactDeploymentHeaders empties every value of every additional_headers object in the JSON value.
func redactDeploymentHeaders(v any) any {
	return walk(v, func(key string, child any) (any, bool) {
		if key != "additional_headers" {
			return nil, false
		}
		return emptyValues(child, nil), true
	})
}

// redactKafka empties the values of properties/options whose key is not known to be harmless.
func redactKafka(v any) any {
	return walk(v, func(key string, child any) (any, bool) {
		if key != "properties" && key != "options" {
			return nil, false
		}
		return emptyValues(child, nonSecretKafkaKeys), true
	})
}

// walk rebuilds v, letting replace substitute the value under any object key (at any depth).
func walk(v any, replace func(key string, child any) (any, bool)) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, child := range t {
			if r, ok := replace(k, child); ok {
				out[k] = r
				continue
			}
			out[k] = walk(child, replace)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, child := range t {
			out[i] = walk(child, replace)
		}
		return out
	}
	return v
}

// emptyValues replaces every value of an object (a header or property map) by Redacted, except keys in
// keep. A value that is not an object (null) stays as is; anything else unexpected is dropped to "".
func emptyValues(v any, keep map[string]bool) any {
	m, ok := v.(map[string]any)
	if !ok {
		if v == nil {
			return nil
		}
		return Redacted
	}
	out := make(map[string]any, len(m))
	for k, val := range m {
		if keep[strings.ToLower(k)] {
			if _, isString := val.(string); isString {
				out[k] = val
				continue
			}
		}
		out[k] = Redacted
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

type messageBody struct {
	Message     string `json:"message"`
	RestateCode string `json:"restate_code,omitempty"`
	// RetryAfterSeconds is a 429's Retry-After in seconds: Grafana's BackendSrv gives the browser no response
	// headers (FetchError has none), so the backend, which reads the header, repeats it in the body.
	RetryAfterSeconds *int `json:"retryAfterSeconds,omitempty"`
}

func writeMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, messageBody{Message: msg})
}

// roleOf is the signed-in user's org role ("Viewer", "Editor", "Admin", or "None"/"" when unknown).
func roleOf(ctx context.Context) string {
	if u := backend.UserFromContext(ctx); u != nil {
		return u.Role
	}
	if u := backend.PluginConfigFromContext(ctx).User; u != nil {
		return u.Role
	}
	return ""
}

// roleRank orders Grafana's org roles; anything else (None, unknown) ranks below Viewer.
var roleRank = map[string]int{"Viewer": 1, "Editor": 2, "Admin": 3}

// requireRole answers 403 unless the user's org role is at least `least` (DESIGN.md §2: Viewers read,
// Editors operate invocations, Admins deploy).
func requireRole(w http.ResponseWriter, r *http.Request, least, what string) bool {
	role := roleOf(r.Context())
	if roleRank[role] >= roleRank[least] {
		return true
	}
	if role == "" {
		role = "no role"
	}
	article := "the"
	if least == "Editor" {
		article = "at least the"
	}
	writeMessage(w, http.StatusForbidden, fmt.Sprintf("%s needs %s %s role in this Grafana organization (you have %s): ask a Grafana admin.", what, article, least, role))
	return false
}

// requireAdmin answers 403 unless the user is an org Admin (registering, updating and removing deployments).
func requireAdmin(w http.ResponseWriter, r *http.Request, what string) bool {
	return requireRole(w, r, "Admin", what)
}

// invocationActions are the PATCH /invocations/{id}/{action} of Restate's admin API the app runs, with the
// words of the 403 for a Viewer. They go through the backend, not the data source proxy, so a 429's
// Retry-After reaches the page (Grafana's frontend drops the headers of an error answer).
var invocationActions = map[string]string{
	"cancel": "Cancelling an invocation", "kill": "Killing an invocation", "purge": "Purging an invocation",
	"purge-journal": "Purging an invocation's journal", "pause": "Pausing an invocation",
	"resume": "Resuming an invocation", "restart-as-new": "Restarting an invocation",
}

var invocationIDPattern = regexp.MustCompile(`^inv_[0-9A-Za-z]+$`)

// invocationAction forwards one action for an Editor; the query (restart's `from` and `deployment`, resume's
// `deployment`) goes with it as the page sent it.
func (d *Datasource) invocationAction(w http.ResponseWriter, r *http.Request) {
	id, action := r.PathValue("id"), r.PathValue("action")
	what, known := invocationActions[action]
	if !known {
		writeMessage(w, http.StatusNotFound, fmt.Sprintf("No invocation action %q: the actions are cancel, kill, purge, purge-journal, pause, resume and restart-as-new.", action))
		return
	}
	if !invocationIDPattern.MatchString(id) {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("%q is not a Restate invocation id (inv_ followed by letters and digits).", id))
		return
	}
	if requireRole(w, r, "Editor", what) {
		d.forward(w, r, "/invocations/"+id+"/"+action, func(v any) any { return v }, "")
	}
}

// maxResourceBody bounds a forwarded answer; deployment lists with many services stay well below it.
const maxResourceBody = 32 << 20

// forward sends the request to Restate's admin API at path and answers with Restate's status and the
// redacted JSON body. Restate's errors become {message, restate_code?}; only Retry-After is copied.
func (d *Datasource) forward(w http.ResponseWriter, r *http.Request, path string, redact redactFunc, notFound string) {
	if d.settings.AdminURL == "" {
		writeMessage(w, http.StatusBadRequest, "The admin API URL is not set. "+adminRequired)
		return
	}
	target := d.settings.adminBase() + path
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	var body io.Reader
	if r.Body != nil && r.Method != http.MethodGet {
		b, err := io.ReadAll(io.LimitReader(r.Body, maxResourceBody))
		if err != nil {
			writeMessage(w, http.StatusBadRequest, "Could not read the request body: "+err.Error())
			return
		}
		if len(b) > 0 {
			body = bytes.NewReader(b)
		}
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, target, body)
	if err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		ct := r.Header.Get("Content-Type")
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	resp, err := d.client.Do(req)
	if err != nil {
		status := http.StatusBadGateway
		if isTimeout(err) {
			status = http.StatusGatewayTimeout
		}
		writeMessage(w, status, fmt.Sprintf("Cannot reach Restate's admin API at %s from the Grafana server: %s.", d.settings.adminBase(), transportText(err)))
		return
	}
	defer func() { _ = resp.Body.Close() }()

	if resp.StatusCode >= 300 {
		e := readUpstreamError(resp)
		out := messageBody{Message: e.Message, RestateCode: e.Code}
		status := resp.StatusCode
		switch {
		case status == http.StatusUnauthorized:
			// Grafana's frontend treats a 401 from its own API as an expired session; its data source proxy
			// turns an upstream 401 into 400 for that reason (pkg/api/pluginproxy/ds_proxy.go), and so do we.
			status = http.StatusBadRequest
			out.Message = "Restate refused the token (401 Unauthorized): check the data source's bearer token."
		case status == http.StatusForbidden:
			out.Message = "Restate refused the token (403 Forbidden): check the data source's bearer token; it may not use this environment's admin API."
		case status == http.StatusTooManyRequests:
			if e.RetryAfter != "" {
				w.Header().Set("Retry-After", e.RetryAfter)
			}
			if n, ok := retryAfterSeconds(e.RetryAfter, time.Now()); ok {
				out.RetryAfterSeconds = &n
			}
			out.Message = "Restate is rate-limiting: " + rateLimitText(e.RetryAfter) + "."
		case status == http.StatusNotFound && notFound != "":
			out.Message = notFound
		}
		if out.Message == "" {
			out.Message = fmt.Sprintf("Restate answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
		}
		writeJSON(w, status, out)
		return
	}

	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResourceBody))
	if err != nil {
		writeMessage(w, http.StatusBadGateway, "Reading Restate's answer failed: "+err.Error())
		return
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		w.WriteHeader(resp.StatusCode)
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		// What cannot be parsed cannot be redacted, so it is not forwarded.
		writeMessage(w, http.StatusBadGateway, "Restate answered with a body that is not JSON; it was not forwarded.")
		return
	}
	writeJSON(w, resp.StatusCode, redact(v))
}

// resourceMux routes the resources. Paths are matched without methods so a wrong method gets a JSON 405.
func (d *Datasource) resourceMux() *http.ServeMux {
	mux := http.NewServeMux()
	methods := func(allowed map[string]http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if h, ok := allowed[r.Method]; ok {
				h(w, r)
				return
			}
			names := make([]string, 0, len(allowed))
			for m := range allowed {
				names = append(names, m)
			}
			sort.Strings(names)
			w.Header().Set("Allow", strings.Join(names, ", "))
			writeMessage(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not supported on %s.", r.Method, r.URL.Path))
		}
	}
	const noKafka = "This Restate server has no Kafka API (404): Kafka clusters and subscriptions need a Restate version that serves them."

	mux.HandleFunc("/deployments", methods(map[string]http.HandlerFunc{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
			d.forward(w, r, "/deployments", redactDeploymentHeaders, "")
		},
		http.MethodPost: func(w http.ResponseWriter, r *http.Request) {
			if requireAdmin(w, r, "Registering a deployment") {
				d.forward(w, r, "/deployments", redactDeploymentHeaders, "")
			}
		},
	}))
	mux.HandleFunc("/deployments/{id}", methods(map[string]http.HandlerFunc{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
			d.forward(w, r, "/deployments/"+url.PathEscape(r.PathValue("id")), redactDeploymentHeaders, "")
		},
		http.MethodPatch: func(w http.ResponseWriter, r *http.Request) {
			if requireAdmin(w, r, "Updating a deployment") {
				d.forward(w, r, "/deployments/"+url.PathEscape(r.PathValue("id")), redactDeploymentHeaders, "")
			}
		},
		http.MethodDelete: func(w http.ResponseWriter, r *http.Request) {
			if requireAdmin(w, r, "Removing a deployment") {
				d.forward(w, r, "/deployments/"+url.PathEscape(r.PathValue("id")), redactDeploymentHeaders, "")
			}
		},
	}))
	mux.HandleFunc("/deployments/search", methods(map[string]http.HandlerFunc{http.MethodGet: d.searchDeployments})) // fleet.go
	mux.HandleFunc("/deployments/prune", methods(map[string]http.HandlerFunc{http.MethodPost: d.pruneDeployments}))
	mux.HandleFunc("/kafka-clusters", methods(map[string]http.HandlerFunc{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
			d.forward(w, r, "/kafka-clusters", redactKafka, noKafka)
		},
	}))
	mux.HandleFunc("/kafka-clusters/{name}", methods(map[string]http.HandlerFunc{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
			d.forward(w, r, "/kafka-clusters/"+url.PathEscape(r.PathValue("name")), redactKafka, "")
		},
	}))
	mux.HandleFunc("/subscriptions", methods(map[string]http.HandlerFunc{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
			d.forward(w, r, "/subscriptions", redactKafka, noKafka)
		},
		http.MethodPost: d.createSubscription,
	}))
	mux.HandleFunc("/subscriptions/{id}", methods(map[string]http.HandlerFunc{
		http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
			d.forward(w, r, "/subscriptions/"+url.PathEscape(r.PathValue("id")), redactKafka, "")
		},
		http.MethodDelete: d.deleteSubscription,
	}))
	mux.HandleFunc("/invocations/{id}/{action}", methods(map[string]http.HandlerFunc{http.MethodPatch: d.invocationAction}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeMessage(w, http.StatusNotFound, fmt.Sprintf("No resource %s: this data source serves deployments, deployments/{id}, deployments/search, deployments/prune, kafka-clusters, kafka-clusters/{name}, subscriptions, subscriptions/{id} and invocations/{id}/{action}.", strings.TrimPrefix(r.URL.Path, "/")))
	})
	return mux
}
