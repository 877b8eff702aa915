package googlesheets_test

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
	fakegooglesheets "github.com/n8n-go/n8n-go/internal/fakes/googlesheets"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/googlesheets"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// goldenDir holds workflows run by real n8n 1.123.81 against the fakes
// (record.sh there): NAME.n8n.json is the run, NAME.requests.json what n8n
// sent to each fake, NAME.state.json both fakes' state afterwards.
const goldenDir = "../../testdata/googlesheets"

type outcome struct {
	run      []byte
	requests fakegooglesheets.PairRequests
	state    []byte
}

func seedFor(t testing.TB, name string) []byte {
	seed, err := os.ReadFile(filepath.Join(goldenDir, name+".seed.json"))
	if err != nil {
		if seed, err = os.ReadFile(filepath.Join(goldenDir, "seed.json")); err != nil {
			t.Fatal(err)
		}
	}
	return seed
}

// newEngine serves a seeded fake pair and returns an engine whose Google
// hosts reach it, with the credentials copied to a temporary file (a
// refreshed token is written back there).
func newEngine(t testing.TB, seed []byte) (*engine.Engine, *fakegooglesheets.Pair) {
	t.Helper()
	fake := fakegooglesheets.NewPair(fakegooglesheets.Options{})
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
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
	endpoints := map[string]string{}
	for _, h := range fakegooglesheets.Hosts {
		endpoints[h] = srv.URL
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), code.New(), googlesheets.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
		Endpoints:   endpoints,
	})
	return eng, fake
}

func runGolden(t *testing.T, name string) outcome {
	t.Helper()
	eng, fake := newEngine(t, seedFor(t, name))
	wfJSON, err := os.ReadFile(filepath.Join(goldenDir, name+".workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return outcome{run: got, requests: fake.Requests(), state: fake.Dump()}
}

// serviceAccount reports a workflow signed with the googleApi credential:
// n8n asks for a token before every request, n8n-go reuses one, so the
// token requests and the token endpoint's state are compared as sets.
func serviceAccount(name string) bool { return strings.HasPrefix(name, "service-account") }

func sheetsKeys(rs []fakegooglesheets.Request, withToken bool) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		body, _ := json.Marshal(r.Body)
		tok := ""
		if withToken {
			tok = r.Token
		}
		out[i] = strings.Join([]string{r.Method, r.Path, r.RawQuery, string(body), r.RawBody, r.ContentType, tok, jsonOf(r.Status)}, " ")
	}
	return out
}

func oauthKeys(rs []fakegoogleoauth.Request, distinct bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rs {
		k := jsonOf(struct {
			M, P, G, C, A string
			F             []string
			Cl            *fakegoogleoauth.Claims
			S             int
			E             string
		}{r.Method, r.Path, r.GrantType, r.ClientID, r.ClientAuth, r.Fields, r.Claims, r.Status, r.Error})
		if distinct && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

func jsonOf(v any) string { b, _ := json.Marshal(v); return string(b) }

func goldenNames(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.workflow.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows in %s", goldenDir)
	}
	var out []string
	for _, f := range files {
		out = append(out, strings.TrimSuffix(filepath.Base(f), ".workflow.json"))
	}
	return out
}

// TestGoldensFromN8n runs every recorded workflow through n8n-go against
// fresh fakes and compares the run, the ordered requests and the fakes'
// final state (key order included) with what real n8n did.
func TestGoldensFromN8n(t *testing.T) {
	for _, name := range goldenNames(t) {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(goldenDir, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/googlesheets/record.sh %s", name)
			}
			got := runGolden(t, name)
			if diffs := golden.CompareRuns(golden.DropErrorTimestamps(want), golden.DropErrorTimestamps(got.run), golden.Options{}); len(diffs) > 0 {
				t.Errorf("run differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
			var wantReqs fakegooglesheets.PairRequests
			b, err := os.ReadFile(filepath.Join(goldenDir, name+".requests.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &wantReqs); err != nil {
				t.Fatal(err)
			}
			sa := serviceAccount(name)
			wk, gk := sheetsKeys(wantReqs.Sheets, !sa), sheetsKeys(got.requests.Sheets, !sa)
			if strings.Join(wk, "\n") != strings.Join(gk, "\n") {
				t.Errorf("Sheets requests differ from n8n's:\nwant:\n  %s\ngot:\n  %s", strings.Join(wk, "\n  "), strings.Join(gk, "\n  "))
			}
			wo, gotO := oauthKeys(wantReqs.OAuth, sa), oauthKeys(got.requests.OAuth, sa)
			if strings.Join(wo, "\n") != strings.Join(gotO, "\n") {
				t.Errorf("token requests differ from n8n's:\nwant:\n  %s\ngot:\n  %s", strings.Join(wo, "\n  "), strings.Join(gotO, "\n  "))
			}
			wantState, err := os.ReadFile(filepath.Join(goldenDir, name+".state.json"))
			if err != nil {
				t.Fatal(err)
			}
			compareState(t, wantState, got.state, sa)
		})
	}
}

func compareState(t *testing.T, want, got []byte, sa bool) {
	t.Helper()
	var w, g struct{ OAuth, Sheets json.RawMessage }
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if diffs := golden.Compare(w.Sheets, g.Sheets, golden.Options{NoDefaultDrop: true}); len(diffs) > 0 {
		t.Errorf("Sheets state after the run differs from n8n's run:\n  %s", strings.Join(diffs, "\n  "))
	}
	if sa {
		return
	}
	if diffs := golden.Compare(w.OAuth, g.OAuth, golden.Options{NoDefaultDrop: true}); len(diffs) > 0 {
		t.Errorf("token endpoint state after the run differs from n8n's run:\n  %s", strings.Join(diffs, "\n  "))
	}
}
