package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func signHS256(t *testing.T, header, payload, secret string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	signed := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(signed))
	return signed + "." + enc.EncodeToString(m.Sum(nil))
}

func do(t *testing.T, req *http.Request) (int, http.Header, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header, string(b)
}

func TestResponseModes(t *testing.T) {
	respond := func(name, params string) string {
		return `{"name":"` + name + `","settings":{"executionOrder":"v1"},"nodes":[` +
			strings.Replace(webhookNode(`{"path":"`+name+`","httpMethod":"POST","responseMode":"responseNode"}`), "43028c1f", name, 1) +
			`,{"name":"Respond","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,"position":[100,0],"parameters":` + params + `}],
			"connections":{"T":{"main":[[{"node":"Respond","type":"main","index":0}]]}}}`
	}
	s, _ := newTestServer(t, nil, Options{},
		wf("code", strings.Replace(webhookNode(`{"path":"code","httpMethod":"POST","options":{"responseCode":{"values":{"responseCode":202}},"responseHeaders":{"entries":[{"name":"X-Test","value":"1"}]}}}`), "43028c1f", "c1", 1)),
		wf("text", strings.Replace(webhookNode(`{"path":"text","httpMethod":"POST","options":{"responseData":"success"}}`), "43028c1f", "c2", 1)),
		wf("nobody", strings.Replace(webhookNode(`{"path":"nobody","httpMethod":"POST","options":{"noResponseBody":true}}`), "43028c1f", "c3", 1)),
		wf("first", strings.Replace(webhookNode(`{"path":"first","httpMethod":"POST","responseMode":"lastNode"}`), "43028c1f", "c4", 1)),
		wf("all", strings.Replace(webhookNode(`{"path":"all","httpMethod":"POST","responseMode":"lastNode","responseData":"allEntries"}`), "43028c1f", "c5", 1)),
		wf("prop", strings.Replace(webhookNode(`{"path":"prop","httpMethod":"POST","responseMode":"lastNode","options":{"responsePropertyName":"body"}}`), "43028c1f", "c6", 1)),
		wf("none", strings.Replace(webhookNode(`{"path":"none","httpMethod":"POST","responseMode":"lastNode","responseData":"noData"}`), "43028c1f", "c7", 1)),
		respond("rjson", `{"respondWith":"json","responseBody":"{\"ok\":true}","options":{"responseCode":201}}`),
		respond("rtext", `{"respondWith":"text","responseBody":"plain"}`),
		respond("rall", `{"respondWith":"allIncomingItems"}`),
		respond("rfirst", `{"respondWith":"firstIncomingItem","options":{"responseKey":"data.item"}}`),
		respond("rnone", `{"respondWith":"noData","options":{"responseHeaders":{"entries":[{"name":"X-A","value":"b"}]}}}`),
	)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	cases := []struct {
		path   string
		code   int
		body   string
		header [2]string
	}{
		{"code", 202, `{"message":"Workflow was started"}`, [2]string{"X-Test", "1"}},
		{"text", 200, `success`, [2]string{"Content-Type", "text/html; charset=utf-8"}},
		{"nobody", 200, ``, [2]string{}},
		{"prop", 200, `{"a":1}`, [2]string{}},
		{"none", 200, ``, [2]string{}},
		{"rjson", 201, `{"ok":true}`, [2]string{}},
		{"rtext", 200, `plain`, [2]string{}},
		{"rnone", 200, ``, [2]string{"X-A", "b"}},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+"/webhook/"+c.path, strings.NewReader(`{"a":1}`))
			req.Header.Set("Content-Type", "application/json")
			code, h, body := do(t, req)
			if code != c.code || body != c.body {
				t.Errorf("got %d %q, want %d %q", code, body, c.code, c.body)
			}
			if c.header[0] != "" && h.Get(c.header[0]) != c.header[1] {
				t.Errorf("header %s = %q, want %q", c.header[0], h.Get(c.header[0]), c.header[1])
			}
		})
	}
	// Items that include the whole request: check shapes, not values.
	for _, p := range []string{"rall", "rfirst", "first", "all"} {
		req, _ := http.NewRequest("POST", ts.URL+"/webhook/"+p, strings.NewReader(`{"a":1}`))
		req.Header.Set("Content-Type", "application/json")
		code, _, body := do(t, req)
		// n8n's item order: headers, params, query, body, webhookUrl, executionMode.
		want := map[string]string{"rall": `[{"headers":{`, "rfirst": `{"data":{"item":{"headers":{`, "first": `{"headers":{`, "all": `[{"headers":{`}[p]
		if code != 200 || !strings.HasPrefix(body, want) || !strings.Contains(body, `"params":{},"query":{},"body":{"a":1},"webhookUrl":`) {
			t.Errorf("%s: %d %s", p, code, body)
		}
	}
}

func TestPathParametersBodyLimitAndCORS(t *testing.T) {
	s, st := newTestServer(t, nil, Options{MaxBodyBytes: 64},
		wf("params", `{"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"wid","parameters":{"path":"user/:id/:action","httpMethod":"PUT","responseMode":"lastNode","options":{"responsePropertyName":"params"}}}`),
		wf("cors", strings.Replace(webhookNode(`{"path":"cors","httpMethod":"POST","options":{"allowedOrigins":"https://a.example,https://b.example"}}`), "43028c1f", "cc", 1)),
	)
	_ = st
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()

	req, _ := http.NewRequest("PUT", ts.URL+"/webhook/wid/user/42/edit", nil)
	code, _, body := do(t, req)
	if code != 200 || body != `{"action":"edit","id":"42"}` {
		t.Errorf("path params: %d %s", code, body)
	}
	req, _ = http.NewRequest("PUT", ts.URL+"/webhook/wid/user/42", nil)
	if code, _, _ := do(t, req); code != 404 {
		t.Errorf("short path: %d", code)
	}

	req, _ = http.NewRequest("POST", ts.URL+"/webhook/cors", strings.NewReader(strings.Repeat("x", 65)))
	req.Header.Set("Content-Type", "text/plain")
	code, _, body = do(t, req)
	if code != 413 || body != `{"code":413,"message":"request entity too large"}` {
		t.Errorf("oversized: %d %s", code, body)
	}

	req, _ = http.NewRequest("OPTIONS", ts.URL+"/webhook/cors", nil)
	req.Header.Set("Origin", "https://b.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	code, h, _ := do(t, req)
	if code != 204 || h.Get("Access-Control-Allow-Origin") != "https://b.example" || h.Get("Access-Control-Allow-Methods") != "OPTIONS, POST" ||
		h.Get("Access-Control-Max-Age") != "300" || h.Get("Access-Control-Allow-Headers") != "content-type" {
		t.Errorf("preflight: %d %v", code, h)
	}
	req, _ = http.NewRequest("POST", ts.URL+"/webhook/cors", strings.NewReader(`{}`))
	req.Header.Set("Origin", "https://evil.example")
	_, h, _ = do(t, req)
	if h.Get("Access-Control-Allow-Origin") != "https://a.example" {
		t.Errorf("foreign origin got %q", h.Get("Access-Control-Allow-Origin"))
	}
}

func TestHealthz(t *testing.T) {
	s, _ := newTestServer(t, nil, Options{})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	req, _ := http.NewRequest("GET", ts.URL+"/healthz", nil)
	if code, _, body := do(t, req); code != 200 || body != `{"status":"ok"}` {
		t.Errorf("healthz %d %s", code, body)
	}
}
