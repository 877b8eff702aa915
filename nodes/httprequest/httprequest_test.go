package httprequest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

// echo answers with what it received, or as the path asks.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	switch {
	case strings.HasPrefix(r.URL.Path, "/status/"):
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/status/"))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"message":"failed with %d","code":501}`, code)
		return
	case r.URL.Path == "/text":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("hello"))
		return
	case r.URL.Path == "/empty-array":
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
		return
	case r.URL.Path == "/array":
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"a":1},null,{"a":3}]`))
		return
	case r.URL.Path == "/badjson":
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"a":`))
		return
	case r.URL.Path == "/redirect":
		http.Redirect(w, r, "/text", http.StatusFound)
		return
	case r.URL.Path == "/digest" && !strings.HasPrefix(r.Header.Get("Authorization"), "Digest "):
		w.Header().Set("WWW-Authenticate", `Digest realm="r", nonce="n1", qop="auth", opaque="o"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	case r.URL.Path == "/slow":
		ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-r.Context().Done():
			return
		}
	}
	hdr := map[string]string{}
	for k := range r.Header {
		hdr[strings.ToLower(k)] = r.Header.Get(k)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "path": r.URL.Path, "query": r.URL.RawQuery, "headers": hdr, "body": string(body)})
}

type evaluatorWithCheck struct{ *expression.Engine }

func (evaluatorWithCheck) Check(string) error { return nil }

func evaluator() engine.Evaluator {
	var ev any = expression.New(expression.Options{})
	if e, ok := ev.(engine.Evaluator); ok {
		return e
	}
	return evaluatorWithCheck{expression.New(expression.Options{})}
}

var testCreds = []credentials.Credential{
	{ID: "h", Name: "hdr", Type: "httpHeaderAuth", Data: map[string]any{"name": "X-Token", "value": "SECRET-HEADER"}},
	{ID: "b", Name: "basic", Type: "httpBasicAuth", Data: map[string]any{"user": "u", "password": "SECRET-PASS"}},
	{ID: "q", Name: "query", Type: "httpQueryAuth", Data: map[string]any{"name": "key", "value": "SECRET-QUERY"}},
	{ID: "n", Name: "notion", Type: "notionApi", Data: map[string]any{"apiKey": "SECRET-NOTION"}},
	{ID: "c", Name: "clockify", Type: "clockifyApi", Data: map[string]any{"apiKey": "SECRET-CLOCKIFY"}},
	{ID: "ca", Name: "custom", Type: "httpCustomAuth", Data: map[string]any{"json": `{"headers":{"X-Custom":"SECRET-CUSTOM"},"qs":{"ck":"1"},"body":{"token":"SECRET-BODY"}}`}},
	{ID: "d", Name: "digest", Type: "httpDigestAuth", Data: map[string]any{"user": "du", "password": "SECRET-DIGEST"}},
	{ID: "be", Name: "bearer", Type: "httpBearerAuth", Data: map[string]any{"token": "SECRET-BEARER"}},
	{ID: "o", Name: "openai", Type: "openAiApi", Data: map[string]any{"apiKey": "SECRET-OPENAI", "organizationId": "org-1", "url": "https://api.openai.com/v1"}},
	{ID: "w", Name: "wp", Type: "wordpressApi", Data: map[string]any{"username": "wu", "password": "SECRET-WP", "url": "https://wp.example"}},
	{ID: "s", Name: "serp", Type: "serpApi", Data: map[string]any{"apiKey": "SECRET-SERP", "allowedHttpRequestDomains": "domains", "allowedDomains": "127.0.0.2, *.example.com"}},
}

// runHTTP runs Start → Input (pinned items) → HTTP Request with params and
// returns the node's run.
func runHTTP(t testing.TB, params map[string]any, settings map[string]any, items []map[string]any) ([]data.Item, *engine.NodeError, *engine.Result) {
	t.Helper()
	node := map[string]any{"name": "HTTP", "type": httprequest.Type, "typeVersion": 4.2, "parameters": params, "position": []any{400, 0}}
	for k, v := range settings {
		node[k] = v
	}
	if items == nil {
		items = []map[string]any{{}}
	}
	var pinned []any
	for i, js := range items {
		pinned = append(pinned, map[string]any{"json": js, "pairedItem": map[string]any{"item": min(i, 0)}})
	}
	wf := map[string]any{"name": "t", "settings": map[string]any{"executionOrder": "v1"},
		"nodes": []any{
			map[string]any{"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": []any{0, 0}, "parameters": map[string]any{}},
			map[string]any{"name": "Input", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": []any{200, 0}, "parameters": map[string]any{}},
			node,
		},
		"connections": map[string]any{
			"Start": map[string]any{"main": []any{[]any{map[string]any{"node": "Input", "type": "main", "index": 0}}}},
			"Input": map[string]any{"main": []any{[]any{map[string]any{"node": "HTTP", "type": "main", "index": 0}}}},
		},
		"pinData": map[string]any{"Input": pinned},
	}
	b, _ := json.Marshal(wf)
	w, err := workflow.Parse(b, "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), noop.New(), httprequest.New()},
		Expressions: evaluator(), Credentials: credentials.New(testCreds, nil),
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "manual"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	runs := res.Data.ResultData.RunData["HTTP"]
	if len(runs) != 1 {
		t.Fatalf("HTTP ran %d times", len(runs))
	}
	var ne *engine.NodeError
	if runs[0].Error != nil {
		ne = &engine.NodeError{Name: runs[0].Error.Name, Message: runs[0].Error.Message, Description: runs[0].Error.Description}
	}
	return enginetest.Output(res, "HTTP", 0, 0), ne, res
}

func one(t *testing.T, items []data.Item) *data.Object {
	t.Helper()
	if len(items) != 1 {
		t.Fatalf("%d items, want 1: %v", len(items), enginetest.JSONs(items))
	}
	return items[0].JSON
}

func TestRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	u := srv.URL
	cases := []struct {
		name   string
		params map[string]any
		check  func(t *testing.T, got *data.Object)
	}{
		{"keypair JSON body nests dotted names", map[string]any{"method": "POST", "url": u + "/e", "sendBody": true,
			"bodyParameters": map[string]any{"parameters": []any{map[string]any{"name": "a.b", "value": "1"}, map[string]any{"name": "c[1]", "value": "x"}, map[string]any{"name": "d", "value": "={{ 5 }}"}}}},
			func(t *testing.T, got *data.Object) {
				expect(t, got.Value("body"), `{"a":{"b":"1"},"c":[null,"x"],"d":5}`)
				expect(t, header(got, "content-type"), "application/json")
			}},
		{"json body object from an expression", map[string]any{"method": "PUT", "url": u + "/e", "sendBody": true, "specifyBody": "json", "jsonBody": "={{ { a: [1, 2] } }}"},
			func(t *testing.T, got *data.Object) { expect(t, got.Value("body"), `{"a":[1,2]}`) }},
		{"form-urlencoded", map[string]any{"method": "POST", "url": u + "/e", "sendBody": true, "contentType": "form-urlencoded",
			"bodyParameters": map[string]any{"parameters": []any{map[string]any{"name": "a", "value": "x y"}, map[string]any{"name": "b", "value": "&"}}}},
			func(t *testing.T, got *data.Object) {
				expect(t, got.Value("body"), "a=x%20y&b=%26")
				expect(t, header(got, "content-type"), "application/x-www-form-urlencoded")
			}},
		{"multipart", map[string]any{"method": "POST", "url": u + "/e", "sendBody": true, "contentType": "multipart-form-data",
			"bodyParameters": map[string]any{"parameters": []any{map[string]any{"name": "f", "value": "v"}}}},
			func(t *testing.T, got *data.Object) {
				if !strings.Contains(got.Value("body").(string), `name="f"`) || !strings.HasPrefix(header(got, "content-type"), "multipart/form-data; boundary=") {
					t.Errorf("multipart body %v", got)
				}
			}},
		{"raw", map[string]any{"method": "POST", "url": u + "/e", "sendBody": true, "contentType": "raw", "rawContentType": "text/csv", "body": "a,b"},
			func(t *testing.T, got *data.Object) {
				expect(t, got.Value("body"), "a,b")
				expect(t, header(got, "content-type"), "text/csv")
			}},
		{"query keypair and json, headers lower-cased", map[string]any{"url": u + "/e?z=0", "sendQuery": true,
			"queryParameters": map[string]any{"parameters": []any{map[string]any{"name": "a", "value": "1 2"}, map[string]any{"name": "a", "value": "3"}}},
			"sendHeaders":     true, "headerParameters": map[string]any{"parameters": []any{map[string]any{"name": "X-Mixed", "value": "v"}, map[string]any{"name": "", "value": "skipped"}}}},
			func(t *testing.T, got *data.Object) {
				expect(t, got.Value("query"), "z=0&a=3")
				expect(t, header(got, "x-mixed"), "v")
				expect(t, header(got, "accept"), "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7")
			}},
		{"json query", map[string]any{"url": u + "/e", "sendQuery": true, "specifyQuery": "json", "jsonQuery": `{"b":[1,2],"a":"x"}`},
			// JSON.parse keeps the written order, and qs follows it, arrays
			// with indices by default.
			func(t *testing.T, got *data.Object) { expect(t, got.Value("query"), "b%5B0%5D=1&b%5B1%5D=2&a=x") }},
		{"generic header auth", map[string]any{"url": u + "/e", "authentication": "genericCredentialType", "genericAuthType": "httpHeaderAuth"},
			func(t *testing.T, got *data.Object) { expect(t, header(got, "x-token"), "SECRET-HEADER") }},
		{"generic basic auth", map[string]any{"url": u + "/e", "authentication": "genericCredentialType", "genericAuthType": "httpBasicAuth"},
			func(t *testing.T, got *data.Object) {
				expect(t, header(got, "authorization"), "Basic dTpTRUNSRVQtUEFTUw==")
			}},
		{"generic query auth", map[string]any{"url": u + "/e", "authentication": "genericCredentialType", "genericAuthType": "httpQueryAuth"},
			func(t *testing.T, got *data.Object) { expect(t, got.Value("query"), "key=SECRET-QUERY") }},
		{"predefined notionApi", map[string]any{"url": u + "/e", "authentication": "predefinedCredentialType", "nodeCredentialType": "notionApi"},
			func(t *testing.T, got *data.Object) {
				expect(t, header(got, "authorization"), "Bearer SECRET-NOTION")
				expect(t, header(got, "notion-version"), "2022-02-22")
			}},
		{"generic custom auth: headers, qs and body spread over the request's", map[string]any{"method": "POST", "url": u + "/e?z=0", "authentication": "genericCredentialType", "genericAuthType": "httpCustomAuth",
			"sendBody": true, "specifyBody": "json", "jsonBody": `{"a":1}`},
			func(t *testing.T, got *data.Object) {
				expect(t, header(got, "x-custom"), "SECRET-CUSTOM")
				expect(t, got.Value("query"), "z=0&ck=1")
				expect(t, got.Value("body"), `{"a":1,"token":"SECRET-BODY"}`)
			}},
		{"generic digest auth answers the challenge", map[string]any{"url": u + "/digest", "authentication": "genericCredentialType", "genericAuthType": "httpDigestAuth"},
			func(t *testing.T, got *data.Object) {
				a := header(got, "authorization")
				if !strings.HasPrefix(a, `Digest username="du",realm="r",nonce="n1",uri="/digest",qop="auth",algorithm="MD5",response="`) || !strings.HasSuffix(a, `,opaque="o"`) {
					t.Errorf("authorization %q", a)
				}
			}},
		{"generic bearer auth", map[string]any{"url": u + "/e", "authentication": "genericCredentialType", "genericAuthType": "httpBearerAuth"},
			func(t *testing.T, got *data.Object) { expect(t, header(got, "authorization"), "Bearer SECRET-BEARER") }},
		{"predefined openAiApi", map[string]any{"url": u + "/e", "authentication": "predefinedCredentialType", "nodeCredentialType": "openAiApi"},
			func(t *testing.T, got *data.Object) {
				expect(t, header(got, "authorization"), "Bearer SECRET-OPENAI")
				expect(t, header(got, "openai-organization"), "org-1")
			}},
		{"predefined wordpressApi", map[string]any{"url": u + "/e", "authentication": "predefinedCredentialType", "nodeCredentialType": "wordpressApi"},
			func(t *testing.T, got *data.Object) {
				expect(t, header(got, "authorization"), "Basic d3U6U0VDUkVULVdQ")
			}},
		{"predefined clockifyApi", map[string]any{"url": u + "/e", "authentication": "predefinedCredentialType", "nodeCredentialType": "clockifyApi"},
			func(t *testing.T, got *data.Object) { expect(t, header(got, "x-api-key"), "SECRET-CLOCKIFY") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, ne, _ := runHTTP(t, c.params, nil, nil)
			if ne != nil {
				t.Fatalf("node failed: %+v", ne)
			}
			c.check(t, one(t, items))
		})
	}
}

func header(got *data.Object, k string) string {
	h, _ := got.Value("headers").(*data.Object)
	s, _ := h.Value(k).(string)
	return strings.TrimSpace(s)
}

func expect(t *testing.T, got any, want string) {
	t.Helper()
	if fmt.Sprint(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestResponses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	u := srv.URL
	full := map[string]any{"response": map[string]any{"response": map[string]any{"fullResponse": true}}}
	cases := []struct {
		name     string
		params   map[string]any
		settings map[string]any
		want     string // JSON of the output items' json
		err      string // or the node error "message | description"
	}{
		{"text", map[string]any{"url": u + "/text"}, nil, `[{"data":"hello"}]`, ""},
		{"array gives one item per element, null becomes {}", map[string]any{"url": u + "/array"}, nil, `[{"a":1},{},{"a":3}]`, ""},
		{"empty array gives no items", map[string]any{"url": u + "/empty-array"}, nil, `[]`, ""},
		{"full response", map[string]any{"url": u + "/text", "options": full}, nil, "", ""},
		{"redirect followed by default (v4)", map[string]any{"url": u + "/redirect"}, nil, `[{"data":"hello"}]`, ""},
		{"redirect not followed", map[string]any{"url": u + "/redirect", "options": map[string]any{"redirect": map[string]any{"redirect": map[string]any{"followRedirects": false}}}}, nil,
			`[{"data":"\u003ca href=\"/text\"\u003eFound\u003c/a\u003e.\n\n"}]`, ""},
		{"400", map[string]any{"url": u + "/status/400"}, nil, "", "Bad request - please check your parameters | failed with 400"},
		{"404", map[string]any{"url": u + "/status/404"}, nil, "", "The resource you are requesting could not be found | failed with 404"},
		{"418", map[string]any{"url": u + "/status/418"}, nil, "", "Your request is invalid or could not be processed by the service | failed with 418"},
		{"503", map[string]any{"url": u + "/status/503"}, nil, "", "Service unavailable - try again later or consider setting this node to retry automatically (in the node settings) | failed with 503"},
		{"never error", map[string]any{"url": u + "/status/500", "options": map[string]any{"response": map[string]any{"response": map[string]any{"neverError": true}}}}, nil,
			`[{"message":"failed with 500","code":501}]`, ""},
		{"invalid JSON response", map[string]any{"url": u + "/badjson"}, nil, "", "Invalid JSON in response body"},
		{"response format text keeps JSON as text", map[string]any{"url": u + "/array", "options": map[string]any{"response": map[string]any{"response": map[string]any{"responseFormat": "text"}}}}, nil,
			`[{"data":"[{\"a\":1},null,{\"a\":3}]"}]`, ""},
		{"bad URL", map[string]any{"url": "ftp://x"}, nil, "", `Invalid URL: ftp://x. URL must start with "http" or "https".`},
		{"invalid JSON body", map[string]any{"method": "POST", "url": u + "/e", "sendBody": true, "specifyBody": "json", "jsonBody": `={ "name": "{{ 'say "hi"' }}" }`}, nil,
			"", "JSON parameter needs to be valid JSON"},
		{"continueOnFail: pre-request error as message", map[string]any{"url": "nope"}, map[string]any{"onError": "continueRegularOutput"},
			`[{"error":"Invalid URL: nope. URL must start with \"http\" or \"https\"."}]`, ""},
		{"timeout", map[string]any{"url": u + "/slow?ms=2000", "options": map[string]any{"timeout": 50}}, nil, "", "timeout of 50ms exceeded"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, ne, _ := runHTTP(t, c.params, c.settings, nil)
			if c.err != "" {
				if ne == nil {
					t.Fatalf("no error; items %v", enginetest.JSONs(items))
				}
				got := ne.Message
				if ne.Description != "" {
					got += " | " + ne.Description
				}
				if got != c.err {
					t.Errorf("error %q, want %q", got, c.err)
				}
				return
			}
			if ne != nil {
				t.Fatalf("node failed: %+v", ne)
			}
			if c.name == "full response" {
				j := one(t, items)
				if j.Value("statusCode") != 200.0 || j.Value("statusMessage") != "OK" || j.Value("data") != "hello" {
					t.Errorf("full response %v", j)
				}
				// n8n's order: the body (under the output name), headers,
				// statusCode, statusMessage.
				if got := strings.Join(j.Keys(), ","); got != "data,headers,statusCode,statusMessage" {
					t.Errorf("full response keys %s", got)
				}
				if h, _ := j.Value("headers").(*data.Object); h.Value("content-type") != "text/plain; charset=utf-8" {
					t.Errorf("headers %v", j.Value("headers"))
				}
				return
			}
			b, _ := json.Marshal(enginetest.JSONs(items))
			if string(b) != c.want {
				t.Errorf("output %s, want %s", b, c.want)
			}
		})
	}
}

// TestConcurrentInItemOrder sends slow-first requests: answers come back in
// reverse but items stay in input order, each paired with its item.
func TestConcurrentInItemOrder(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	var items []map[string]any
	for i := 0; i < 5; i++ {
		items = append(items, map[string]any{"ms": 100 - 20*i})
	}
	out, ne, _ := runHTTP(t, map[string]any{"url": "=" + srv.URL + "/slow?ms={{ $json.ms }}"}, nil, items)
	if ne != nil {
		t.Fatal(ne)
	}
	if len(out) != 5 {
		t.Fatalf("%d items", len(out))
	}
	for i, it := range out {
		if it.JSON.Value("query") != fmt.Sprintf("ms=%d", 100-20*i) || it.Paired.List()[0].Item != i {
			t.Errorf("item %d: %v paired %v", i, it.JSON.Value("query"), it.Paired)
		}
	}
}

// TestContinueOnFailAPIError checks the error object n8n stores in json.
func TestContinueOnFailAPIError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	out, ne, _ := runHTTP(t, map[string]any{"url": srv.URL + "/status/400"}, map[string]any{"onError": "continueRegularOutput"}, nil)
	if ne != nil {
		t.Fatal(ne)
	}
	e, _ := one(t, out).Value("error").(*data.Object)
	if e.Value("message") != "Bad request - please check your parameters" || e.Value("description") != "failed with 400" || e.Value("name") != "NodeApiError" {
		t.Errorf("error object %v", e)
	}
	// NodeApiError's own fields, in the order n8n serialises them.
	if got := strings.Join(e.Keys(), ","); got != "message,timestamp,name,description,context" {
		t.Errorf("error object keys %s", got)
	}
}

// TestSecretsStayOut makes a request fail after auth and checks that no
// credential value shows in the error.
func TestSecretsStayOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		fmt.Fprintf(w, `{"message":"bad key %s"}`, r.URL.Query().Get("key"))
	}))
	defer srv.Close()
	_, ne, res := runHTTP(t, map[string]any{"url": srv.URL, "authentication": "genericCredentialType", "genericAuthType": "httpQueryAuth"}, nil, nil)
	if ne == nil || ne.Message != "Authorization failed - please check your credentials" {
		t.Fatalf("error %+v", ne)
	}
	b, _ := json.Marshal(res)
	if strings.Contains(string(b), "SECRET-QUERY") {
		t.Errorf("secret in run data: %s", b)
	}
}

// TestAllowedDomainsOnRedirect: n8n 1.123.81 checks a credential's allowed
// domains when a redirect is followed (its request helper's beforeRedirect).
func TestAllowedDomainsOnRedirect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	p := map[string]any{"url": srv.URL + "/redirect", "authentication": "predefinedCredentialType", "nodeCredentialType": "serpApi"}
	_, ne, _ := runHTTP(t, p, nil, nil)
	if ne == nil || !strings.Contains(ne.Message+ne.Description, "Domain not allowed: This credential is restricted from accessing http://127.0.0.1") {
		t.Fatalf("redirect to a host off the list: %+v", ne)
	}
}
