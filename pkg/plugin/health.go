package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// The messages of Save & test are those of src/api/cluster.ts (checkConnection, explainConnectionError) and
// src/datasource/validation.ts, so the check reads the same whether the browser or this backend runs it.
// Where the browser saw a proxy's 502/504, the backend sees the transport error itself and names it.

// SupportedAdminAPI is the admin API range this plugin speaks (src/api/cluster.ts SUPPORTED_ADMIN_API).
var SupportedAdminAPI = struct{ Min, Max int }{2, 4}

const adminRequired = "Enter the URL of Restate's admin API (port 9070 by default), e.g. http://localhost:9070."
const ingressRequired = "Enter the URL of Restate's ingress (port 8080 by default), e.g. http://localhost:8080."

var (
	urlParts = regexp.MustCompile(`(?i)^([a-z][a-z0-9+.-]*)://([^/?#]*)(.*)$`)
	hostPort = regexp.MustCompile(`(?i)^(\[[0-9a-f:.]+\]|[^:@]+)(?::(.*))?$`)
	digits   = regexp.MustCompile(`^\d+$`)
	local    = regexp.MustCompile(`(?i)^(localhost|127\.|\[::1\])`)
)

type urlCheck struct{ value, err string }

// checkBaseURL is validation.ts checkBaseUrl: the normalised URL, or what to change.
func checkBaseURL(input, role string) urlCheck {
	example := map[string]string{"admin": "https://cluster.restate.cloud:9070", "ingress": "https://cluster.restate.cloud:8080"}[role]
	localExample := map[string]string{"admin": "http://localhost:9070", "ingress": "http://localhost:8080"}[role]
	name := map[string]string{"admin": "the admin URL", "ingress": "the ingress URL"}[role]
	trimmed := strings.TrimSpace(input)
	if trimmed == "" {
		return urlCheck{}
	}
	parts := urlParts.FindStringSubmatch(trimmed)
	if parts == nil {
		scheme := "https"
		if local.MatchString(trimmed) {
			scheme = "http"
		}
		return urlCheck{trimmed, fmt.Sprintf("Add http:// or https:// in front, e.g. %s://%s.", scheme, trimmed)}
	}
	scheme, authority, rest := strings.ToLower(parts[1]), parts[2], parts[3]
	if scheme != "http" && scheme != "https" {
		return urlCheck{trimmed, fmt.Sprintf("Use http:// or https:// (%s:// is not supported).", scheme)}
	}
	if strings.Contains(authority, "@") {
		return urlCheck{trimmed, `Remove the user name and password from the URL: put the API key or JWT in "Bearer token" instead.`}
	}
	hp := hostPort.FindStringSubmatch(authority)
	if authority == "" || hp == nil {
		return urlCheck{trimmed, fmt.Sprintf("Add the host name after %s://, e.g. %s.", scheme, localExample)}
	}
	if strings.Contains(authority[len(hp[1]):], ":") {
		port := hp[2]
		n := 0
		_, _ = fmt.Sscan(port, &n)
		if !digits.MatchString(port) || n < 1 || n > 65535 {
			return urlCheck{trimmed, fmt.Sprintf("The port must be a number from 1 to 65535 (found '%s'), e.g. %s.", port, localExample)}
		}
	}
	if extra := strings.TrimPrefix(rest, "/"); rest != "" && rest != "/" {
		_ = extra
		return urlCheck{trimmed, fmt.Sprintf("Remove '%s': %s is the server root, e.g. %s.", rest, name, example)}
	}
	if _, err := url.Parse(scheme + "://" + authority); err != nil || strings.ContainsAny(authority, " \t") {
		return urlCheck{trimmed, fmt.Sprintf("'%s' is not a valid host; check for typos, e.g. %s.", authority, localExample)}
	}
	return urlCheck{value: scheme + "://" + authority}
}

func hostAndPortOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	port := p.Port()
	if port == "" {
		port = "80"
		if p.Scheme == "https" {
			port = "443"
		}
	}
	return strings.ToLower(p.Hostname()) + ":" + port
}

// sameEndpointWarning is validation.ts sameEndpointWarning: the ingress URL pointing at the admin API.
func sameEndpointWarning(adminURL, ingressURL string) string {
	a, i := checkBaseURL(adminURL, "admin"), checkBaseURL(ingressURL, "ingress")
	if a.value == "" || i.value == "" || a.err != "" || i.err != "" {
		return ""
	}
	if hp := hostAndPortOf(a.value); hp != "" && hp == hostAndPortOf(i.value) {
		return fmt.Sprintf("The ingress URL uses the same host and port as the admin API (%s). Restate serves ingress on its own port (8080 by default, the admin API on 9070): check the port.", hp)
	}
	return ""
}

// explainConnectionError is cluster.ts explainConnectionError for a call the backend made itself.
func explainConnectionError(e *upstreamError, step, adminURL string) string {
	timedOut := fmt.Sprintf("Grafana's server timed out connecting to %s (%s). The Grafana server, not your browser, connects to Restate: check that the host and port are reachable from where Grafana runs (firewalls, security groups, VPN).", adminURL, step)
	unreachable := func(what string) string {
		return fmt.Sprintf("Grafana's server could not reach %s (%s, %s). The Grafana server, not your browser, connects to Restate: check scheme, host and port as seen from where Grafana runs (in Docker, localhost is Grafana's own container), and for https that Grafana trusts the server's certificate.", adminURL, step, what)
	}
	if e.Transport != nil {
		if isTimeout(e.Transport) {
			return timedOut
		}
		return unreachable(transportText(e.Transport))
	}
	switch {
	case (e.Status == http.StatusBadGateway || e.Status == http.StatusGatewayTimeout) && e.Code == "":
		if e.Status == http.StatusGatewayTimeout {
			return timedOut
		}
		return unreachable("502 Bad Gateway")
	case e.Status == http.StatusForbidden:
		return fmt.Sprintf("Restate refused the bearer token (403 Forbidden, %s). The token is valid but may not use this environment's admin API: in Restate Cloud, create an API key with the Admin role for this environment, set it under Connection → Bearer token, then Save & test.", step)
	case e.Status == http.StatusUnauthorized:
		return fmt.Sprintf("Restate rejected the bearer token (401 Unauthorized, %s): it is missing, wrong or expired. Set it under Connection → Bearer token (Reset, paste the API key or JWT), then Save & test.", step)
	case e.Status == http.StatusTooManyRequests:
		if n, ok := retryAfterSeconds(e.RetryAfter, time.Now()); ok {
			return fmt.Sprintf("Restate is rate-limiting requests (429, %s): try again in %ds.", step, n)
		}
		return fmt.Sprintf("Restate is rate-limiting requests (429, %s): try again in a minute.", step)
	case e.Status == http.StatusNotFound || e.Status == http.StatusMethodNotAllowed:
		return fmt.Sprintf("%s answered %d to %s: it is not Restate's admin API. Check the port: the admin API listens on 9070 by default (8080 is the ingress).", adminURL, e.Status, step)
	}
	msg := e.Message
	if msg == "" {
		msg = strings.TrimSpace(fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status)))
	}
	return fmt.Sprintf("Restate answered %d to %s: %s", e.Status, step, msg)
}

// versionInformation is Restate's GET /version (VersionInformation in the admin OpenAPI).
type versionInformation struct {
	Version         *string `json:"version"`
	MinAdminAPI     *int    `json:"min_admin_api_version"`
	MaxAdminAPI     *int    `json:"max_admin_api_version"`
	IngressEndpoint *string `json:"ingress_endpoint"`
}

func apiRange(minV, maxV int) string {
	if minV == maxV {
		return fmt.Sprintf("v%d", minV)
	}
	return fmt.Sprintf("v%d–v%d", minV, maxV)
}

var htmlStart = regexp.MustCompile(`^\s*<`)

func describeBody(body []byte) string {
	var v any
	if json.Unmarshal(body, &v) == nil {
		if s, ok := v.(string); ok {
			body = []byte(s)
		} else {
			return `JSON without Restate's "version" and "max_admin_api_version" fields`
		}
	}
	switch {
	case htmlStart.Match(body):
		return "an HTML page"
	case strings.TrimSpace(string(body)) == "":
		return "an empty body"
	}
	return "plain text"
}

// get calls the admin API and returns the body of a 2xx answer, up to 1 MiB.
func (d *Datasource) get(ctx context.Context, path string) ([]byte, *upstreamError) {
	return d.getUpTo(ctx, path, 1<<20)
}

// getUpTo is get for answers of up to limit bytes.
func (d *Datasource) getUpTo(ctx context.Context, path string, limit int64) ([]byte, *upstreamError) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.settings.adminBase()+path, nil)
	if err != nil {
		return nil, &upstreamError{Transport: err}
	}
	req.Header.Set("Accept", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, &upstreamError{Transport: err}
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, readUpstreamError(resp)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return nil, &upstreamError{Transport: err}
	}
	return body, nil
}

func healthError(msg string) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: msg}
}

// CheckHealth is Save & test: /health, /version, the admin API version range and the settings that cannot
// be tested from here. The ingress is not called (cluster.ts explains why); only its form is checked.
// A result that cluster.ts calls "warning" is OK here (Grafana's health status has no warning) with
// details {"severity": "warning", "message": <the notes>}.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	raw := d.settings.AdminURL
	admin := checkBaseURL(raw, "admin")
	if admin.value == "" {
		return healthError("The admin API URL is not set. " + adminRequired), nil
	}
	if admin.err != "" {
		return healthError("The admin API URL is not valid: " + admin.err), nil
	}
	adminURL := admin.value
	if trailingSlash.MatchString(raw) {
		return healthError(fmt.Sprintf("Remove the trailing slash from the admin API URL ('%s' → '%s'): Grafana's proxy appends the path, so Restate would be asked for '//health'.", strings.TrimSpace(raw), adminURL)), nil
	}

	if _, e := d.get(ctx, "/health"); e != nil {
		return healthError(explainConnectionError(e, "GET /health", adminURL)), nil
	}
	body, e := d.get(ctx, "/version")
	if e != nil {
		return healthError(explainConnectionError(e, "GET /version", adminURL)), nil
	}
	var v versionInformation
	if json.Unmarshal(body, &v) != nil || v.Version == nil || v.MinAdminAPI == nil || v.MaxAdminAPI == nil {
		return healthError(fmt.Sprintf("%s is not a Restate server: GET /version answered 200 with %s. Check host and port: Restate's admin API listens on 9070 by default.", adminURL, describeBody(body))), nil
	}
	minV, maxV := *v.MinAdminAPI, *v.MaxAdminAPI
	connected := fmt.Sprintf("Connected to Restate %s, admin API %s", *v.Version, apiRange(minV, maxV))
	if maxV < SupportedAdminAPI.Min || minV > SupportedAdminAPI.Max {
		fix := "Upgrade the Restate plugin for Grafana"
		if maxV < SupportedAdminAPI.Min {
			fix = "Upgrade Restate (1.2 or newer)"
		}
		return healthError(fmt.Sprintf("%s, but this plugin speaks admin API %s. %s so the versions overlap.", connected, apiRange(SupportedAdminAPI.Min, SupportedAdminAPI.Max), fix)), nil
	}

	var notes []string
	if maxV > SupportedAdminAPI.Max {
		notes = append(notes, fmt.Sprintf("The server's newest admin API (v%d) is newer than this plugin knows (v%d): some pages may miss new fields. Upgrade the plugin when one is available.", maxV, SupportedAdminAPI.Max))
	}
	ingress := checkBaseURL(d.settings.IngressURL, "ingress")
	advertised := ""
	if v.IngressEndpoint != nil {
		advertised = fmt.Sprintf(" (Restate advertises %s)", *v.IngressEndpoint)
	}
	switch {
	case ingress.value == "":
		notes = append(notes, "The ingress URL is not set: invoking handlers from Grafana will not work. "+ingressRequired+advertised)
	case ingress.err != "":
		notes = append(notes, "The ingress URL is not valid: "+ingress.err)
	case trailingSlash.MatchString(d.settings.IngressURL):
		notes = append(notes, fmt.Sprintf("Remove the trailing slash from the ingress URL ('%s'): Grafana's proxy appends the path.", ingress.value))
	default:
		if same := sameEndpointWarning(adminURL, ingress.value); same != "" {
			notes = append(notes, same)
		}
	}
	if len(notes) == 0 {
		return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: connected}, nil
	}
	details, _ := json.Marshal(map[string]string{"severity": "warning", "message": strings.Join(notes, " ")})
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: connected + ".", JSONDetails: details}, nil
}

var trailingSlash = regexp.MustCompile(`/\s*$`)
