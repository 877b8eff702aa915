package slack_test

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
	fakeslack "github.com/n8n-go/n8n-go/internal/fakes/slack"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/slack"
)

// goldenDir holds workflows run by real n8n 1.123.81 against the fake
// (record.sh there): NAME.n8n.json is the run, NAME.requests.json what n8n
// sent, NAME.state.json the fake's state afterwards.
const goldenDir = "../../testdata/slack"

// recordingKey is the N8N_ENCRYPTION_KEY of the recordings: n8n derives
// the instance id in the attribution links from it.
const recordingKey = "oracle-recording-key"

type runOutcome struct {
	run      []byte
	requests []fakeslack.Request
	state    []byte
}

func newFake(t testing.TB) (*fakeslack.Server, *httptest.Server) {
	t.Helper()
	seed, err := os.ReadFile(filepath.Join(goldenDir, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	fake := fakeslack.New(fakeslack.Options{Tokens: []string{"xoxb-test-slack-token"}})
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, srv
}

func newEngine(t testing.TB, srvURL string) *engine.Engine {
	t.Helper()
	store, err := credentials.Load(filepath.Join(goldenDir, "creds.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return enginetest.Engine(t, enginetest.Options{
		Nodes:              []engine.Node{manualtrigger.New(), code.New(), slack.New()},
		Expressions:        expression.New(expression.Options{}),
		Credentials:        store,
		Endpoints:          map[string]string{"slack.com": srvURL, "files.slack.com": srvURL},
		RequestConcurrency: 1,
		InstanceID:         engine.InstanceIDFromKey(recordingKey),
	})
}

func runGolden(t *testing.T, name string) runOutcome {
	t.Helper()
	fake, srv := newFake(t)
	wfJSON, err := os.ReadFile(filepath.Join(goldenDir, name+".workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	res, err := newEngine(t, srv.URL).Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatalf("marshal result: %v", err)
	}
	return runOutcome{run: got, requests: fake.Requests(), state: fake.Dump()}
}

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
// fresh fake and compares the run, the requests sent (in order, bodies
// byte for byte: key order included) and the fake's final state with what
// real n8n did.
func TestGoldensFromN8n(t *testing.T) {
	for _, name := range goldenNames(t) {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(goldenDir, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/slack/record.sh %s", name)
			}
			got := runGolden(t, name)
			if diffs := golden.CompareRuns(golden.DropErrorTimestamps(want), golden.DropErrorTimestamps(got.run), golden.Options{}); len(diffs) > 0 {
				t.Errorf("run differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
			b, err := os.ReadFile(filepath.Join(goldenDir, name+".requests.json"))
			if err != nil {
				t.Fatal(err)
			}
			var wantReqs []fakeslack.Request
			if err := json.Unmarshal(b, &wantReqs); err != nil {
				t.Fatal(err)
			}
			wk, gk := requestKeys(wantReqs), requestKeys(got.requests)
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

// requestKeys are what must match, in order: method, path, query, content
// type, authorization, status and the body as sent.
func requestKeys(rs []fakeslack.Request) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = strings.Join([]string{r.Method, r.Path, r.RawQuery, r.ContentType, r.Auth,
			string(mustJSON(r.Status)), golden.CanonicalJSON(r.Body)}, " ")
	}
	return out
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }
