package plugin

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const (
	clustersBody = `{"clusters":[{"name":"my-cluster","properties":{"bootstrap.servers":"k:9092","sasl.password":"pw-7c1"},"created_at":"2026-01-01T00:00:00Z"}]}`
	servicesBody = `{"services":[{"name":"greeter","handlers":[{"name":"greet"},{"name":"slow"}]}]}`
	createdBody  = `{"id":"sub_11GBefIHf4Gj3a0L95Zx9ZL","source":"kafka://my-cluster/orders","sink":"service://greeter/greet","options":{"group.id":"sub_11GBefIHf4Gj3a0L95Zx9ZL","sasl.password":"opt-secret-3"}}`
)

func subscriptionUpstream(t *testing.T) (*Datasource, *[]upstreamCall) {
	srv, calls := upstream(t, map[string]func(http.ResponseWriter, *http.Request){
		"GET /kafka-clusters": jsonBody(200, []byte(clustersBody)),
		"GET /services":       jsonBody(200, []byte(servicesBody)),
		"POST /subscriptions": jsonBody(201, []byte(createdBody)),
		"DELETE /subscriptions/sub_11GBefIHf4Gj3a0L95Zx9ZL": jsonBody(202, nil),
	})
	return newTestDatasource(t, srv.URL, "tok-1", nil), calls
}

func messageOf(body string) string {
	var m messageBody
	_ = json.Unmarshal([]byte(body), &m)
	return m.Message
}

func writes(calls *[]upstreamCall) []upstreamCall {
	var out []upstreamCall
	for _, c := range *calls {
		if c.method != "GET" {
			out = append(out, c)
		}
	}
	return out
}

func TestSubscriptionWritesNeedAdmin(t *testing.T) {
	d, calls := subscriptionUpstream(t)
	body := `{"source":"kafka://my-cluster/orders","sink":"service://greeter/greet"}`
	for _, role := range []string{"Viewer", "Editor", ""} {
		for _, c := range []struct{ method, path, body, what string }{
			{"POST", "subscriptions", body, "Creating a Kafka subscription"},
			{"DELETE", "subscriptions/sub_11GBefIHf4Gj3a0L95Zx9ZL", "", "Deleting a Kafka subscription"},
		} {
			res := callResource(t, d, role, c.method, c.path, "", c.body)
			if res.status != 403 || !strings.Contains(res.body, c.what+" needs the Admin role") {
				t.Errorf("%s %s %s: %d %s", role, c.method, c.path, res.status, res.body)
			}
		}
	}
	if len(*calls) != 0 {
		t.Errorf("a refused write reached Restate: %v", *calls)
	}
}

func TestCreateSubscriptionChecksBeforeSending(t *testing.T) {
	d, calls := subscriptionUpstream(t)
	cases := []struct{ body, want string }{
		{`{"source":"","sink":"service://greeter/greet"}`, "The source is missing"},
		{`{"source":"http://x/y","sink":"service://greeter/greet"}`, "not of the form kafka://<cluster>/<topic>"},
		{`{"source":"kafka://bad_name/orders","sink":"service://greeter/greet"}`, "not a valid Kafka cluster name"},
		{`{"source":"kafka://my-cluster/or ders","sink":"service://greeter/greet"}`, "not a valid Kafka topic name"},
		{`{"source":"kafka://my-cluster/orders","sink":"greeter/greet"}`, "not of the form service://<service>/<handler>"},
		{`{"source":"kafka://my-cluster/orders","sink":"service://greeter/"}`, "not of the form service://<service>/<handler>"},
		{`{"source":"kafka://my-cluster/orders","sink":"service://greeter/greet","options":{"a":1}}`, "string option values"},
		{`{"source":"kafka://my-cluster/orders","sink":"service://greeter/greet","options":{" ":"x"}}`, "empty name"},
		{`{"source":"kafka://my-cluster/orders","sink":"service://greeter/greet","extra":true}`, "unknown field"},
		{`{"source":"kafka://other/orders","sink":"service://greeter/greet"}`, `Restate has no Kafka cluster "other". Configured clusters: my-cluster.`},
		{`{"source":"kafka://my-cluster/orders","sink":"service://nobody/greet"}`, `Restate has no service "nobody"`},
		{`{"source":"kafka://my-cluster/orders","sink":"service://greeter/nope"}`, `The service "greeter" has no handler "nope". Its handlers: greet, slow.`},
	}
	for _, c := range cases {
		res := callResource(t, d, "Admin", "POST", "subscriptions", "", c.body)
		if res.status != 400 || !strings.Contains(messageOf(res.body), c.want) {
			t.Errorf("%s: %d %s (want %q)", c.body, res.status, res.body, c.want)
		}
	}
	if w := writes(calls); len(w) != 0 {
		t.Errorf("an invalid subscription reached Restate: %v", w)
	}

	res := callResource(t, d, "Admin", "POST", "subscriptions", "",
		`{"source":" kafka://my-cluster/orders ","sink":"service://greeter/greet","options":{"auto.offset.reset":"earliest"}}`)
	if res.status != 201 {
		t.Fatalf("create: %d %s", res.status, res.body)
	}
	w := writes(calls)
	if len(w) != 1 || w[0].path != "/subscriptions" || w[0].auth != "Bearer tok-1" {
		t.Fatalf("upstream writes: %v", w)
	}
	var sent map[string]any
	if err := json.Unmarshal([]byte(w[0].body), &sent); err != nil || sent["source"] != "kafka://my-cluster/orders" ||
		sent["options"].(map[string]any)["auto.offset.reset"] != "earliest" {
		t.Errorf("sent %s (%v)", w[0].body, err)
	}
	// Restate's echo of the options is masked like every Kafka read.
	if strings.Contains(res.body, "opt-secret-3") || !strings.Contains(res.body, `"sasl.password":""`) ||
		!strings.Contains(res.body, `"group.id":"sub_11GBefIHf4Gj3a0L95Zx9ZL"`) {
		t.Errorf("create answer: %s", res.body)
	}
}

func TestDeleteSubscription(t *testing.T) {
	d, calls := subscriptionUpstream(t)
	res := callResource(t, d, "Admin", "DELETE", "subscriptions/not-an-id", "", "")
	if res.status != 400 || !strings.Contains(messageOf(res.body), "is not a subscription id") {
		t.Errorf("malformed id: %d %s", res.status, res.body)
	}
	res = callResource(t, d, "Admin", "DELETE", "subscriptions/sub_1220hpon4n1Xp0MnkPP3jmF", "", "")
	if res.status != 404 || !strings.Contains(res.body, "There is no subscription sub_1220hpon4n1Xp0MnkPP3jmF") {
		t.Errorf("unknown id: %d %s", res.status, res.body)
	}
	res = callResource(t, d, "Admin", "DELETE", "subscriptions/sub_11GBefIHf4Gj3a0L95Zx9ZL", "", "")
	if res.status != 202 {
		t.Errorf("delete: %d %s", res.status, res.body)
	}
	if w := writes(calls); len(w) != 2 || w[1].method != "DELETE" || w[1].path != "/subscriptions/sub_11GBefIHf4Gj3a0L95Zx9ZL" {
		t.Errorf("upstream writes: %v", w)
	}
}

func TestCreateSubscriptionWithoutKafkaAPI(t *testing.T) {
	srv, _ := upstream(t, nil)
	d := newTestDatasource(t, srv.URL, "", nil)
	res := callResource(t, d, "Admin", "POST", "subscriptions", "", `{"source":"kafka://c/t","sink":"service://s/h"}`)
	if res.status != 404 || !strings.Contains(res.body, "no Kafka API") {
		t.Errorf("%d %s", res.status, res.body)
	}
}
