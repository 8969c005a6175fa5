package plugin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// Kafka subscription writes (Admin only). A subscription is created only when what it names exists: the
// source's Kafka cluster among Restate's configured clusters and the sink's handler among the registered
// services' handlers, so a request that cannot succeed is answered here, in words, without reaching Restate's
// write path. Restate checks the same again when the subscription is created.

// subscriptionRequest is Restate's CreateSubscriptionRequest.
type subscriptionRequest struct {
	Source  string            `json:"source"`
	Sink    string            `json:"sink"`
	Options map[string]string `json:"options,omitempty"`
}

var (
	// A Kafka cluster name is a hostname (KafkaClusterName in the admin API); a topic name is what Kafka
	// accepts: at most 249 characters of [a-zA-Z0-9._-].
	kafkaSourceRE  = regexp.MustCompile(`^kafka://([^/]*)/(.*)$`)
	clusterNameRE  = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)
	kafkaTopicRE   = regexp.MustCompile(`^[A-Za-z0-9._-]{1,249}$`)
	serviceSinkRE  = regexp.MustCompile(`^service://([^/]*)/([^/]*)$`)
	restateNameRE  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)
	subscriptionRE = regexp.MustCompile(`^sub_[0-9A-Za-z]+$`)
)

// parseSubscriptionRequest checks the body's shape (no unknown fields, string options, the URI forms). Its
// messages do not quote what they refuse: a malformed value may be anything, a pasted credential included.
func parseSubscriptionRequest(body []byte) (subscriptionRequest, string) {
	var req subscriptionRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, "The subscription is not a JSON object {source, sink, options} with string option values: " + err.Error() + "."
	}
	req.Source = strings.TrimSpace(req.Source)
	req.Sink = strings.TrimSpace(req.Sink)
	if msg := checkSource(req.Source); msg != "" {
		return req, msg
	}
	if msg := checkSink(req.Sink); msg != "" {
		return req, msg
	}
	for k := range req.Options {
		if strings.TrimSpace(k) == "" {
			return req, "An option has an empty name: give each option a name (for example auto.offset.reset)."
		}
	}
	return req, ""
}

func checkSource(source string) string {
	if source == "" {
		return "The source is missing: write kafka://<cluster>/<topic>, for example kafka://my-cluster/orders."
	}
	m := kafkaSourceRE.FindStringSubmatch(source)
	if m == nil {
		return "The source is not of the form kafka://<cluster>/<topic> (for example kafka://my-cluster/orders)."
	}
	if !clusterNameRE.MatchString(m[1]) {
		return "The source's cluster name is not a valid Kafka cluster name (a hostname: letters, digits, '-' and '.')."
	}
	if !kafkaTopicRE.MatchString(m[2]) {
		return "The source's topic is not a valid Kafka topic name (1 to 249 characters of letters, digits, '.', '_' and '-')."
	}
	return ""
}

func checkSink(sink string) string {
	if sink == "" {
		return "The sink is missing: write service://<service>/<handler>, for example service://greeter/greet."
	}
	m := serviceSinkRE.FindStringSubmatch(sink)
	if m == nil || m[1] == "" || m[2] == "" {
		return "The sink is not of the form service://<service>/<handler> (for example service://greeter/greet)."
	}
	if !restateNameRE.MatchString(m[1]) || !restateNameRE.MatchString(m[2]) {
		return "The sink names no valid service and handler (names start with a letter or '_')."
	}
	return ""
}

// checkTargets looks the source's cluster and the sink's handler up in Restate. It answers an empty
// message when both exist, a message for the user when not, and an upstream error when Restate failed.
func (d *Datasource) checkTargets(r *http.Request, req subscriptionRequest) (string, *upstreamError) {
	src := kafkaSourceRE.FindStringSubmatch(req.Source)
	clusterName := src[1]
	raw, uerr := d.get(r.Context(), "/kafka-clusters")
	if uerr != nil {
		return "", uerr
	}
	var clusters struct {
		Clusters []struct {
			Name string `json:"name"`
		} `json:"clusters"`
	}
	if err := json.Unmarshal(raw, &clusters); err != nil {
		return "", &upstreamError{Status: http.StatusBadGateway, Message: "Restate's list of Kafka clusters is not JSON."}
	}
	names := make([]string, 0, len(clusters.Clusters))
	found := false
	for _, c := range clusters.Clusters {
		names = append(names, c.Name)
		found = found || c.Name == clusterName
	}
	if !found {
		if len(names) == 0 {
			return fmt.Sprintf("Restate has no Kafka cluster %q: no Kafka cluster is configured. Configure one in Restate (restate.toml [[ingress.kafka-clusters]] or the admin API) first.", clusterName), nil
		}
		sort.Strings(names)
		return fmt.Sprintf("Restate has no Kafka cluster %q. Configured clusters: %s.", clusterName, strings.Join(names, ", ")), nil
	}

	sink := serviceSinkRE.FindStringSubmatch(req.Sink)
	service, handler := sink[1], sink[2]
	raw, uerr = d.get(r.Context(), "/services")
	if uerr != nil {
		return "", uerr
	}
	var services struct {
		Services []struct {
			Name     string `json:"name"`
			Handlers []struct {
				Name string `json:"name"`
			} `json:"handlers"`
		} `json:"services"`
	}
	if err := json.Unmarshal(raw, &services); err != nil {
		return "", &upstreamError{Status: http.StatusBadGateway, Message: "Restate's list of services is not JSON."}
	}
	for _, s := range services.Services {
		if s.Name != service {
			continue
		}
		handlers := make([]string, 0, len(s.Handlers))
		for _, h := range s.Handlers {
			if h.Name == handler {
				return "", nil
			}
			handlers = append(handlers, h.Name)
		}
		sort.Strings(handlers)
		return fmt.Sprintf("The service %q has no handler %q. Its handlers: %s.", service, handler, strings.Join(handlers, ", ")), nil
	}
	return fmt.Sprintf("Restate has no service %q: register the deployment that serves it first (Deployments page).", service), nil
}

// createSubscription validates, checks the targets, then forwards the normalized body to POST /subscriptions.
func (d *Datasource) createSubscription(w http.ResponseWriter, r *http.Request) {
	if !requireAdmin(w, r, "Creating a Kafka subscription") {
		return
	}
	if d.settings.AdminURL == "" {
		writeMessage(w, http.StatusBadRequest, "The admin API URL is not set. "+adminRequired)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeMessage(w, http.StatusBadRequest, "Could not read the request body: "+err.Error())
		return
	}
	req, msg := parseSubscriptionRequest(body)
	if msg != "" {
		writeMessage(w, http.StatusBadRequest, msg)
		return
	}
	msg, uerr := d.checkTargets(r, req)
	if uerr != nil {
		status := http.StatusBadGateway
		if uerr.Status == http.StatusNotFound {
			writeMessage(w, http.StatusNotFound, "This Restate server has no Kafka API (404): Kafka clusters and subscriptions need a Restate version that serves them.")
			return
		}
		writeMessage(w, status, fmt.Sprintf("Could not check the subscription's cluster and handler in Restate: %s.", strings.TrimSuffix(uerr.Error(), ".")))
		return
	}
	if msg != "" {
		writeMessage(w, http.StatusBadRequest, msg)
		return
	}
	normalized, _ := json.Marshal(req)
	r.Body = io.NopCloser(bytes.NewReader(normalized))
	d.forward(w, r, "/subscriptions", redactKafka, "")
}

// deleteSubscription checks the id's shape (Restate answers a malformed one in plain text) and forwards.
func (d *Datasource) deleteSubscription(w http.ResponseWriter, r *http.Request) {
	if !requireAdmin(w, r, "Deleting a Kafka subscription") {
		return
	}
	id := r.PathValue("id")
	if !subscriptionRE.MatchString(id) {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("%q is not a subscription id (they look like sub_11GBefIHf4Gj3a0L95Zx9ZL).", id))
		return
	}
	d.forward(w, r, "/subscriptions/"+url.PathEscape(id), redactKafka, fmt.Sprintf("There is no subscription %s: it may have been deleted already.", id))
}
