package googledrive_test

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
	fakegoogledrive "github.com/n8n-go/n8n-go/internal/fakes/googledrive"
	fakegoogleoauth "github.com/n8n-go/n8n-go/internal/fakes/googleoauth"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/googledrive"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// refreshGolden is the recording of a token that lapses in the middle of
// a run (record.sh starts the fake with Google's token endpoint for
// token-refresh*): its seeded access token is good for two requests, the
// third gets a 401, the node renews the token with the refresh grant and
// sends the request again.
const refreshGolden = "token-refresh"

// TestTokenRefreshGolden runs the token-refresh recording through n8n-go
// against a fresh pair (the API fake checking tokens with the token
// endpoint fake) and compares the run, both ordered request logs and both
// final states with real n8n's.
func TestTokenRefreshGolden(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(goldenDir, refreshGolden+".n8n.json"))
	if err != nil {
		t.Skipf("no recording: run testdata/googledrive/record.sh %s", refreshGolden)
	}
	oauth := fakegoogleoauth.New(fakegoogleoauth.Options{})
	api := fakegoogledrive.New(fakegoogledrive.Options{Checker: oauth})
	pair := fakegoogleoauth.NewPair("drive", api, oauth)
	seed, err := os.ReadFile(filepath.Join(goldenDir, refreshGolden+".seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pair.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(pair)
	defer srv.Close()
	// A copy of the credentials: the renewed token is written back.
	credsPath := filepath.Join(t.TempDir(), "creds.json")
	b, err := os.ReadFile(filepath.Join(goldenDir, "creds.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(credsPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	store, err := credentials.Load(credsPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	wfJSON, err := os.ReadFile(filepath.Join(goldenDir, refreshGolden+".workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:              []engine.Node{manualtrigger.New(), googledrive.New()},
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
	var wantReqs struct {
		OAuth []fakegoogleoauth.Request `json:"oauth"`
		API   []fakegoogledrive.Request `json:"drive"`
	}
	if b, err = os.ReadFile(filepath.Join(goldenDir, refreshGolden+".requests.json")); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &wantReqs); err != nil {
		t.Fatal(err)
	}
	gotReqs := api.Requests()
	if len(wantReqs.API) != len(gotReqs) {
		t.Errorf("%d API requests, n8n sent %d", len(gotReqs), len(wantReqs.API))
	}
	for i := range min(len(wantReqs.API), len(gotReqs)) {
		if w, g := requestKey(wantReqs.API[i]), requestKey(gotReqs[i]); w != g {
			t.Errorf("API request %d differs:\nwant: %q\ngot:  %q", i, w, g)
		}
	}
	oauthKey := func(rs []fakegoogleoauth.Request) string {
		var out []string
		for _, r := range rs {
			k, _ := json.Marshal([]any{r.Method, r.Path, r.GrantType, r.ClientID, r.ClientAuth, r.Fields, r.Status, r.Error})
			out = append(out, string(k))
		}
		return strings.Join(out, "\n")
	}
	if w, g := oauthKey(wantReqs.OAuth), oauthKey(oauth.Requests()); w != g {
		t.Errorf("token requests differ from n8n's:\nwant:\n%s\ngot:\n%s", w, g)
	}
	wantState, err := os.ReadFile(filepath.Join(goldenDir, refreshGolden+".state.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diffs := golden.Compare(wantState, pair.Dump(), golden.Options{NoDefaultDrop: true}); len(diffs) > 0 {
		t.Errorf("fakes' state after the run differs from n8n's run:\n  %s", strings.Join(diffs, "\n  "))
	}
	if s := string(got); strings.Contains(s, "test-client-secret") || strings.Contains(s, "-refresh") {
		t.Fatal("a secret reached the run data")
	}
}
