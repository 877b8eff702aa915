package apitest

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegoogleoauth "github.com/n8n-go/n8n-go/internal/fakes/googleoauth"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// GoogleRefresh is a recording of a Google token that lapses in the
// middle of a run (testdata/<api>/record.sh starts the API fake with
// Google's token endpoint for token-refresh*): the seeded access token is
// good for a few requests, the next gets a 401, the node renews the token
// with the refresh grant and sends the request again. R is the API fake's
// request log entry.
type GoogleRefresh[R any] struct {
	Dir  string // testdata folder with NAME.{workflow,seed,n8n,requests,state}.json and creds.json
	Name string // recording name (token-refresh)
	// API is the fake's name in seeds, dumps and requests.json.
	API string
	// NewAPI returns a fresh API fake checking tokens with oauth.
	NewAPI func(oauth *fakegoogleoauth.Server) fakegoogleoauth.API
	// Requests reads the API fake's log; Key is what is compared of an entry.
	Requests func(api fakegoogleoauth.API) []R
	Key      func(R) string
	Node     engine.Node
}

// Test runs the recording through n8n-go against a fresh pair of fakes and
// compares the run, both ordered request logs and both final states with
// real n8n's; the renewed token is written to a copy of the credentials.
func (g GoogleRefresh[R]) Test(t *testing.T) {
	t.Helper()
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(g.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	want, err := os.ReadFile(filepath.Join(g.Dir, g.Name+".n8n.json"))
	if err != nil {
		t.Skipf("no recording: run %s/record.sh %s", g.Dir, g.Name)
	}
	oauth := fakegoogleoauth.New(fakegoogleoauth.Options{})
	api := g.NewAPI(oauth)
	pair := fakegoogleoauth.NewPair(g.API, api, oauth)
	if err := pair.Seed(read(g.Name + ".seed.json")); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(pair)
	defer srv.Close()
	credsPath := filepath.Join(t.TempDir(), "creds.json")
	if err := os.WriteFile(credsPath, read("creds.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	store, err := credentials.Load(credsPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(read(g.Name+".workflow.json"), "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:              []engine.Node{manualtrigger.New(), g.Node},
		Expressions:        expression.New(expression.Options{}),
		Credentials:        store,
		Endpoints:          map[string]string{"www.googleapis.com": srv.URL, "oauth2.googleapis.com": srv.URL},
		RequestConcurrency: 1,
		MaxRetries:         -1,
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := golden.CompareRuns(golden.DropErrorTimestamps(want), golden.DropErrorTimestamps(got), golden.Options{}); len(diffs) > 0 {
		t.Errorf("run differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
	}
	var wantReqs map[string]json.RawMessage
	if err := json.Unmarshal(read(g.Name+".requests.json"), &wantReqs); err != nil {
		t.Fatal(err)
	}
	var wantAPI []R
	var wantOAuth []fakegoogleoauth.Request
	if err := json.Unmarshal(wantReqs[g.API], &wantAPI); err != nil {
		t.Fatalf("requests.json %q: %v", g.API, err)
	}
	if err := json.Unmarshal(wantReqs["oauth"], &wantOAuth); err != nil {
		t.Fatalf("requests.json oauth: %v", err)
	}
	gotAPI := g.Requests(api)
	if len(wantAPI) != len(gotAPI) {
		t.Errorf("%d API requests, n8n sent %d", len(gotAPI), len(wantAPI))
	}
	for i := range min(len(wantAPI), len(gotAPI)) {
		if w, g := g.Key(wantAPI[i]), g.Key(gotAPI[i]); w != g {
			t.Errorf("API request %d differs:\nwant: %q\ngot:  %q", i, w, g)
		}
	}
	if w, g := oauthKey(wantOAuth), oauthKey(oauth.Requests()); w != g {
		t.Errorf("token requests differ from n8n's:\nwant:\n%s\ngot:\n%s", w, g)
	}
	if diffs := golden.Compare(read(g.Name+".state.json"), pair.Dump(), golden.Options{NoDefaultDrop: true}); len(diffs) > 0 {
		t.Errorf("fakes' state after the run differs from n8n's run:\n  %s", strings.Join(diffs, "\n  "))
	}
	if s := string(got); strings.Contains(s, "test-client-secret") || strings.Contains(s, "-refresh") {
		t.Fatal("a secret reached the run data")
	}
}

// oauthKey is what is compared of the token endpoint's log.
func oauthKey(rs []fakegoogleoauth.Request) string {
	var out []string
	for _, r := range rs {
		k, _ := json.Marshal([]any{r.Method, r.Path, r.GrantType, r.ClientID, r.ClientAuth, r.Fields, r.Status, r.Error})
		out = append(out, string(k))
	}
	return strings.Join(out, "\n")
}
