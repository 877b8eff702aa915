package webhook

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

func TestParseQuery(t *testing.T) {
	cases := map[string]map[string]any{
		"a=1&b=2":         {"a": "1", "b": "2"},
		"a=1&a=2":         {"a": []any{"1", "2"}},
		"a[]=1&a[]=2":     {"a": []any{"1", "2"}},
		"a[b]=1&a[c]=x+y": {"a": map[string]any{"b": "1", "c": "x y"}},
		"a[0]=x&a[1]=y":   {"a": []any{"x", "y"}},
		"flag":            {"flag": ""},
		"e=%E2%9C%93&&z=": {"e": "✓", "z": ""},
		"a[b][c]=1":       {"a": map[string]any{"b": map[string]any{"c": "1"}}},
	}
	for raw, want := range cases {
		if got := ParseQuery(raw); !jsvalue.Equal(got, data.FromMap(want)) {
			t.Errorf("ParseQuery(%q) = %#v, want %#v", raw, got, want)
		}
	}
}

func TestConfigRoutes(t *testing.T) {
	cases := []struct {
		params  map[string]any
		id      string
		route   string
		dynamic bool
		err     string
	}{
		{map[string]any{"path": "/hook/", "httpMethod": "POST"}, "w1", "hook", false, ""},
		{map[string]any{"path": ""}, "w1", "w1", false, ""},
		{map[string]any{"path": "user/:id"}, "w1", "w1/user/:id", true, ""},
		{map[string]any{"path": "x", "httpMethod": "TRACE"}, "w1", "", false, "unsupported HTTP method"},
		{map[string]any{"path": "x", "responseMode": "bogus"}, "w1", "", false, "The response mode 'bogus' is not valid!"},
	}
	for _, c := range cases {
		cfg, err := ConfigFor(c.params, &workflow.Node{Name: "W", TypeVersion: 2, WebhookID: c.id})
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v: error %v, want %q", c.params, err, c.err)
			}
			continue
		}
		if err != nil || cfg.Route != c.route || cfg.Dynamic != c.dynamic {
			t.Errorf("%v: route %q dynamic %v err %v", c.params, cfg.Route, cfg.Dynamic, err)
		}
	}
}

func TestReceiveBodies(t *testing.T) {
	cfg, _ := ConfigFor(map[string]any{"path": "p", "httpMethod": "POST"}, &workflow.Node{Name: "W", TypeVersion: 2, WebhookID: "x"})
	cases := []struct {
		ct, body string
		want     any
		binary   bool
	}{
		{"application/json; charset=utf-8", `{"a":[1]}`, map[string]any{"a": []any{float64(1)}}, false},
		{"application/x-www-form-urlencoded", `a=1&a=2&b=x+y`, map[string]any{"a": []any{"1", "2"}, "b": "x y"}, false},
		{"text/plain", `hi`, "hi", false},
		{"application/octet-stream", `\x00\x01`, map[string]any{}, true},
		{"application/json", ``, map[string]any{}, false},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/webhook/p", nil)
		r.Header.Set("Content-Type", c.ct)
		it, err := cfg.Receive(context.Background(), Request{HTTP: r, Body: []byte(c.body), WebhookURL: "http://h/webhook/p"}, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.ct, err)
		}
		if !jsvalue.Equal(it.JSON.Value("body"), data.Normalize(c.want)) || (it.Binary != nil) != c.binary {
			t.Errorf("%s: body %#v binary %v", c.ct, it.JSON.Value("body"), it.Binary)
		}
	}
	r := httptest.NewRequest("POST", "/webhook/p", nil)
	r.Header.Set("Content-Type", "application/json")
	_, err := cfg.Receive(context.Background(), Request{HTTP: r, Body: []byte(`{bad`)}, nil, nil)
	if rej, ok := err.(*Rejection); !ok || rej.Code != 422 {
		t.Errorf("bad JSON: %v", err)
	}
}

func TestIPWhitelistAndBots(t *testing.T) {
	cfg, _ := ConfigFor(map[string]any{"path": "p", "options": map[string]any{"ipWhitelist": "10.0.0.1, 192.0.2.1", "ignoreBots": true}}, &workflow.Node{TypeVersion: 2})
	r := httptest.NewRequest("GET", "/webhook/p", nil) // RemoteAddr 192.0.2.1
	r.Header.Set("User-Agent", "Mozilla/5.0")
	if _, err := cfg.Receive(context.Background(), Request{HTTP: r}, nil, nil); err != nil {
		t.Errorf("whitelisted: %v", err)
	}
	r.Header.Set("User-Agent", "Googlebot/2.1")
	if _, err := cfg.Receive(context.Background(), Request{HTTP: r}, nil, nil); err == nil || err.(*Rejection).Code != 403 {
		t.Errorf("bot: %v", err)
	}
	r.RemoteAddr = "203.0.113.9:1234"
	_, err := cfg.Receive(context.Background(), Request{HTTP: r}, nil, nil)
	if rej, ok := err.(*Rejection); !ok || rej.Message != "IP is not whitelisted to access the webhook!" {
		t.Errorf("not whitelisted: %v", err)
	}
}

func BenchmarkReceiveJSON(b *testing.B) {
	cfg, _ := ConfigFor(map[string]any{"path": "p", "httpMethod": "POST"}, &workflow.Node{TypeVersion: 2})
	r := httptest.NewRequest("POST", "/webhook/p?a=1&b[c]=2", nil)
	r.Header.Set("Content-Type", "application/json")
	body := []byte(`{"id":1,"name":"x","tags":["a","b"],"nested":{"k":"v"}}`)
	for b.Loop() {
		if _, err := cfg.Receive(context.Background(), Request{HTTP: r, Body: body}, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}
