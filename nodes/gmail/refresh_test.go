package gmail_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegmail "github.com/n8n-go/n8n-go/internal/fakes/gmail"
	"github.com/n8n-go/n8n-go/nodes/gmail"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// TestTokenRefreshOn401: an expired access token gets a 401 from Gmail;
// the node renews it with the refresh token at Google's token URL (a
// stand-in handler here; the token endpoint fake replaces it when it
// lands) and sends the request again, and the credential keeps the new
// token for the next requests.
func TestTokenRefreshOn401(t *testing.T) {
	fake := fakegmail.New(fakegmail.Options{Tokens: []string{"fresh-token"}})
	api := httptest.NewServer(fake)
	defer api.Close()
	var grants atomic.Int32
	token := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(b), "grant_type=refresh_token") || !strings.Contains(string(b), "refresh_token=the-refresh") {
			http.Error(w, `{"error":"invalid_grant"}`, 400)
			return
		}
		grants.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"fresh-token","expires_in":3599,"token_type":"Bearer"}`)
	}))
	defer token.Close()
	store := credentials.New([]credentials.Credential{{ID: "g", Name: "Gmail test", Type: "gmailOAuth2", Data: map[string]any{
		"clientId": "cid", "clientSecret": "secret",
		"oauthTokenData": map[string]any{"access_token": "stale-token", "refresh_token": "the-refresh"},
	}}}, nil)
	wf := `{"nodes":[{"id":"t","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	{"id":"g","name":"Gmail","type":"n8n-nodes-base.gmail","typeVersion":2.1,"position":[200,0],
	 "parameters":{"resource":"label","returnAll":true},"credentials":{"gmailOAuth2":{"id":"g","name":"Gmail test"}}},
	{"id":"h","name":"Gmail2","type":"n8n-nodes-base.gmail","typeVersion":2.1,"position":[400,0],
	 "parameters":{"resource":"label","operation":"get","labelId":"INBOX"},"credentials":{"gmailOAuth2":{"id":"g","name":"Gmail test"}},"executeOnce":true}],
	"connections":{"Start":{"main":[[{"node":"Gmail","type":"main","index":0}]]},"Gmail":{"main":[[{"node":"Gmail2","type":"main","index":0}]]}}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), gmail.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
		Endpoints:   map[string]string{"www.googleapis.com": api.URL, "oauth2.googleapis.com": token.URL},
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Data.ResultData.Error != nil {
		t.Fatalf("run failed: %v", res.Data.ResultData.Error)
	}
	var statuses []int
	for _, r := range fake.Requests() {
		statuses = append(statuses, r.Status)
	}
	if grants.Load() != 1 || len(statuses) != 3 || statuses[0] != 401 || statuses[1] != 200 || statuses[2] != 200 {
		t.Fatalf("refresh grants %d, Gmail answers %v; want one grant and 401, 200, 200", grants.Load(), statuses)
	}
	c, err := store.Resolve("gmailOAuth2", &workflow.CredentialRef{ID: "g", Name: "Gmail test"})
	if err != nil {
		t.Fatal(err)
	}
	if td, _ := c["oauthTokenData"].(map[string]any); td["access_token"] != "fresh-token" || td["refresh_token"] != "the-refresh" {
		t.Fatalf("stored token data: %v", c["oauthTokenData"])
	}
}
