package clockify_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/clockify"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// goldenDir holds workflows run by real n8n 1.123.81 against the fake
// (record.sh there): NAME.n8n.json is the run, NAME.requests.json what n8n
// sent, NAME.state.json the fake's state afterwards.
const goldenDir = "../../testdata/clockify"

// evaluator adapts the expression engine to engine.Evaluator whether or
// not it has grown its Check method yet.
func evaluator() engine.Evaluator {
	var ev any = expression.New(expression.Options{})
	if e, ok := ev.(engine.Evaluator); ok {
		return e
	}
	return noCheck{expression.New(expression.Options{})}
}

type noCheck struct{ *expression.Engine }

func (noCheck) Check(string) error { return nil }

// runOutcome is one n8n-go run of a golden workflow against a fresh fake.
type runOutcome struct {
	run      []byte
	requests []fakeclockify.Request
	state    []byte
}

func runGolden(t *testing.T, name string) runOutcome {
	t.Helper()
	seed, err := os.ReadFile(filepath.Join(goldenDir, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	fake := fakeclockify.New(fakeclockify.Options{APIKeys: []string{"test-clockify-key"}})
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	store, err := credentials.Load(filepath.Join(goldenDir, "creds.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	wfJSON, err := os.ReadFile(filepath.Join(goldenDir, name+".workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), clockify.New(), httprequest.New()},
		Expressions: evaluator(),
		Credentials: store,
		Endpoints:   map[string]string{"api.clockify.me": srv.URL},
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatalf("marshal result: %v", err)
	}
	return runOutcome{run: got, requests: fake.Requests(), state: fake.Dump()}
}

// requestKey is what must match between n8n's and n8n-go's requests.
func requestKey(r fakeclockify.Request) string {
	body, _ := json.Marshal(r.Body)
	return strings.Join([]string{r.Method, r.Path, r.RawQuery, string(body), r.ContentType, r.Accept,
		map[bool]string{true: "key", false: "nokey"}[r.HasAPIKey], http(r.Status)}, " ")
}

func http(code int) string { b, _ := json.Marshal(code); return string(b) }

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

// TestGoldensFromN8n runs every recorded workflow through n8n-go against a
// fresh fake and compares the run, the requests sent (as a multiset: the
// HTTP Request node sends concurrently) and the fake's final state with
// what real n8n did.
func TestGoldensFromN8n(t *testing.T) {
	for _, name := range goldenNames(t) {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(goldenDir, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/clockify/record.sh %s", name)
			}
			got := runGolden(t, name)
			diffs := golden.CompareRuns(golden.DropErrorTimestamps(want), golden.DropErrorTimestamps(got.run), golden.Options{})
			if len(diffs) > 0 {
				t.Errorf("run differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
			var wantReqs []fakeclockify.Request
			b, err := os.ReadFile(filepath.Join(goldenDir, name+".requests.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &wantReqs); err != nil {
				t.Fatal(err)
			}
			wk, gk := keys(wantReqs), keys(got.requests)
			if strings.Join(wk, "\n") != strings.Join(gk, "\n") {
				t.Errorf("requests differ from n8n's:\nwant:\n  %s\ngot:\n  %s", strings.Join(wk, "\n  "), strings.Join(gk, "\n  "))
			}
			wantState, err := os.ReadFile(filepath.Join(goldenDir, name+".state.json"))
			if err != nil {
				t.Fatal(err)
			}
			if diffs := golden.Compare(wantState, got.state, golden.Options{NoDefaultDrop: true}); len(diffs) > 0 {
				t.Errorf("fake state after the run differs from n8n's run:\n  %s", strings.Join(diffs, "\n  "))
			}
		})
	}
}

func keys(rs []fakeclockify.Request) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = requestKey(r)
	}
	sort.Strings(out)
	return out
}
