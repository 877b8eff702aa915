package httprequest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// oauthFake is a token endpoint and an API that accepts only the token it
// last handed out.
type oauthFake struct {
	mu      sync.Mutex
	current string
	issued  int
	tokens  []string // "Authorization header | form body" of each token request
}

func (f *oauthFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/token" {
		b, _ := io.ReadAll(r.Body)
		f.tokens = append(f.tokens, r.Header.Get("Authorization")+" | "+string(b))
		f.issued++
		f.current = "tok-" + string(rune('0'+f.issued))
		json.NewEncoder(w).Encode(map[string]any{"access_token": f.current, "token_type": "Bearer", "expires_in": 3600})
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+f.current {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"invalid_token"}`))
		return
	}
	w.Write([]byte(`{"ok":true}`))
}

func runOAuth(t *testing.T, data map[string]any, items int) (*oauthFake, map[string]any, []string) {
	t.Helper()
	fake := &oauthFake{current: "valid-before"}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	data["accessTokenUrl"] = srv.URL + "/token"
	path := filepath.Join(t.TempDir(), "creds.json")
	doc, _ := json.Marshal([]map[string]any{{"id": "o1", "name": "oauth", "type": "oAuth2Api", "data": data}})
	os.WriteFile(path, doc, 0o600)
	store, err := credentials.Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var pinned []any
	for range items {
		pinned = append(pinned, map[string]any{"json": map[string]any{}})
	}
	wf := map[string]any{"name": "t", "settings": map[string]any{"executionOrder": "v1"},
		"nodes": []any{
			map[string]any{"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": []any{0, 0}, "parameters": map[string]any{}},
			map[string]any{"name": "HTTP", "type": httprequest.Type, "typeVersion": 4.2, "position": []any{200, 0},
				"parameters":  map[string]any{"url": srv.URL + "/api", "authentication": "genericCredentialType", "genericAuthType": "oAuth2Api"},
				"credentials": map[string]any{"oAuth2Api": map[string]any{"id": "o1", "name": "oauth"}}},
		},
		"connections": map[string]any{"Start": map[string]any{"main": []any{[]any{map[string]any{"node": "HTTP", "type": "main", "index": 0}}}}},
		"pinData":     map[string]any{"Start": pinned},
	}
	b, _ := json.Marshal(wf)
	w, err := workflow.Parse(b, "")
	if err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Engine(t, enginetest.Options{Nodes: []engine.Node{manualtrigger.New(), httprequest.New()}, Expressions: evaluator(), Credentials: store})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Data.ResultData.RunData["HTTP"][0]; r.Error != nil {
		t.Fatalf("node failed: %s", r.Error.Message)
	}
	var out []string
	for _, js := range enginetest.JSONs(enginetest.Output(res, "HTTP", 0, 0)) {
		b, _ := json.Marshal(js)
		out = append(out, string(b))
	}
	saved, err := credentials.Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := saved.Resolve("oAuth2Api", nil)
	return fake, got, out
}

func TestOAuth2RefreshOn401(t *testing.T) {
	fake, saved, out := runOAuth(t, map[string]any{"grantType": "authorizationCode", "clientId": "cid", "clientSecret": "csec",
		"authentication": "header", "oauthTokenData": map[string]any{"access_token": "expired", "refresh_token": "R1", "scope": "s"}}, 3)
	if len(out) != 3 || out[0] != `{"ok":true}` {
		t.Errorf("output %v", out)
	}
	// One refresh for the three items, in n8n's form and client auth.
	if len(fake.tokens) != 1 || fake.tokens[0] != "Basic Y2lkOmNzZWM= | refresh_token=R1&grant_type=refresh_token" {
		t.Errorf("token requests %q", fake.tokens)
	}
	td, _ := saved["oauthTokenData"].(map[string]any)
	if td["access_token"] != "tok-1" || td["refresh_token"] != "R1" || td["scope"] != "s" {
		t.Errorf("written back %v", td)
	}
}

func TestOAuth2ClientCredentialsFetchesFirst(t *testing.T) {
	fake, saved, out := runOAuth(t, map[string]any{"grantType": "clientCredentials", "clientId": "cid", "clientSecret": "csec",
		"authentication": "body", "scope": "read write"}, 1)
	if len(out) != 1 || out[0] != `{"ok":true}` {
		t.Errorf("output %v", out)
	}
	if len(fake.tokens) != 1 || fake.tokens[0] != " | grant_type=client_credentials&scope=read%20write&client_id=cid&client_secret=csec" {
		t.Errorf("token requests %q", fake.tokens)
	}
	if td, _ := saved["oauthTokenData"].(map[string]any); td["access_token"] != "tok-1" {
		t.Errorf("written back %v", saved)
	}
}
