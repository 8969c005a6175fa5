package plugin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// Settings of one Restate data source: the jsonData fields the config editor writes and the decrypted token.
type Settings struct {
	AdminURL   string `json:"adminUrl"`
	IngressURL string `json:"ingressUrl"`
	// TimeoutSeconds bounds each request to Restate (Grafana's HTTP data sources name it `timeout` too); 0: the default.
	TimeoutSeconds seconds `json:"timeout"`
	// Token comes from decryptedSecureJsonData only; it is never serialised back.
	Token string `json:"-"`
}

// LoadSettings reads the instance settings Grafana passes with every request.
func LoadSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var out Settings
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &out); err != nil {
			return Settings{}, fmt.Errorf("the data source settings are not valid JSON: %w", err)
		}
	}
	out.AdminURL = strings.TrimSpace(out.AdminURL)
	out.IngressURL = strings.TrimSpace(out.IngressURL)
	out.Token = s.DecryptedSecureJSONData["token"]
	return out, nil
}

// adminBase is the admin URL without trailing slashes, so paths can be appended.
func (s Settings) adminBase() string {
	return strings.TrimRight(s.AdminURL, "/")
}

// defaultTimeout bounds a whole request to Restate unless the data source sets `timeout`. SQL over a large
// sys_invocation may take a while; the dial timeout stays short so an unreachable host is reported quickly.
const defaultTimeout = 60 * time.Second

// seconds reads a number of seconds written as a JSON number (the config editor) or a string (a provisioning
// file's "30"); anything else counts as unset.
type seconds int

func (n *seconds) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case float64:
		*n = seconds(x)
	case string:
		if i, err := strconv.Atoi(strings.TrimSpace(x)); err == nil {
			*n = seconds(i)
		}
	}
	return nil
}

// timeout is the data source's request timeout: its `timeout` in seconds (1 to 600), else the default.
func (s Settings) timeout() time.Duration {
	if s.TimeoutSeconds >= 1 && s.TimeoutSeconds <= 600 {
		return time.Duration(s.TimeoutSeconds) * time.Second
	}
	return defaultTimeout
}

// newHTTPClient builds the SDK's HTTP client (Grafana's default middlewares, proxy and TLS handling) with
// the bearer token added by a middleware, so no call site can forget it or add it twice.
func newHTTPClient(s Settings) (*http.Client, error) {
	timeouts := httpclient.DefaultTimeoutOptions
	timeouts.Timeout = s.timeout()
	timeouts.DialTimeout = 5 * time.Second
	return httpclient.New(httpclient.Options{
		Timeouts:    &timeouts,
		Middlewares: append(httpclient.DefaultMiddlewares(), bearerMiddleware(s.Token)),
	})
}

// bearerMiddleware sets `Authorization: Bearer <token>` when a token is stored. A self-hosted Restate
// without auth gets no header at all (an empty "Bearer " would be a malformed credential).
func bearerMiddleware(token string) httpclient.Middleware {
	return httpclient.NamedMiddlewareFunc("restate-bearer", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
			if token != "" {
				req = req.Clone(req.Context())
				req.Header.Set("Authorization", "Bearer "+token)
			}
			return next.RoundTrip(req)
		})
	})
}
