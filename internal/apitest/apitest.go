// Package apitest runs an API node's goldens: workflows recorded from real
// n8n 1.123.81 against an in-process fake API (testdata/<api>/record.sh
// writes NAME.n8n.json, NAME.requests.json and NAME.state.json), run again
// through n8n-go against a fresh fake seeded the same way, comparing the
// run, the requests sent and the fake's final state.
package apitest

import (
	"context"
	"encoding/json"
	"net/http"
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
	"github.com/n8n-go/n8n-go/internal/golden"
)

// RecordingKey is the N8N_ENCRYPTION_KEY of the recordings: n8n derives
// the instance id in the attribution links from it.
const RecordingKey = "oracle-recording-key"

// Fake is what a fake API offers the runner; R is its request log entry.
type Fake[R any] interface {
	http.Handler
	Seed(doc []byte) error
	Dump() []byte
	Requests() []R
}

// Suite describes one API's goldens.
type Suite[F Fake[R], R any] struct {
	// Dir is the testdata folder (seed.json, creds.json, NAME.*.json).
	Dir string
	// NewFake returns an empty fake (accepting the recordings' tokens).
	NewFake func() F
	// Nodes are the node types the workflows use.
	Nodes []engine.Node
	// Hosts are redirected to the fake.
	Hosts []string
	// Key is what of a request must match n8n's, in order.
	Key func(R) string
}

// Start returns a fake seeded with Dir/seed.json, served until the test
// ends.
func (s Suite[F, R]) Start(t testing.TB) (F, *httptest.Server) {
	t.Helper()
	seed, err := os.ReadFile(filepath.Join(s.Dir, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	fake := s.NewFake()
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, srv
}

// Engine returns an engine with Dir/creds.json whose Hosts go to srvURL.
func (s Suite[F, R]) Engine(t testing.TB, srvURL string) *engine.Engine {
	t.Helper()
	store, err := credentials.Load(filepath.Join(s.Dir, "creds.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	endpoints := make(map[string]string, len(s.Hosts))
	for _, h := range s.Hosts {
		endpoints[h] = srvURL
	}
	return enginetest.Engine(t, enginetest.Options{
		Nodes:              s.Nodes,
		Expressions:        expression.New(expression.Options{}),
		Credentials:        store,
		Endpoints:          endpoints,
		RequestConcurrency: 1,
		InstanceID:         engine.InstanceIDFromKey(RecordingKey),
	})
}

// Outcome is what one n8n-go run of a golden workflow produced.
type Outcome[R any] struct {
	Run      []byte
	Requests []R
	State    []byte
}

// Run runs NAME.workflow.json against a fresh fake.
func (s Suite[F, R]) Run(t *testing.T, name string) Outcome[R] {
	t.Helper()
	fake, srv := s.Start(t)
	wfJSON, err := os.ReadFile(filepath.Join(s.Dir, name+".workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	res, err := s.Engine(t, srv.URL).Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatalf("marshal result: %v", err)
	}
	return Outcome[R]{Run: got, Requests: fake.Requests(), State: fake.Dump()}
}

// Names are the workflows of Dir.
func (s Suite[F, R]) Names(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(s.Dir, "*.workflow.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows in %s", s.Dir)
	}
	out := make([]string, 0, len(files))
	for _, f := range files {
		out = append(out, strings.TrimSuffix(filepath.Base(f), ".workflow.json"))
	}
	return out
}

// Test runs every recorded workflow and compares the run, the requests
// sent (in order, bodies byte for byte: key order included) and the fake's
// final state with what real n8n did. A workflow without a recording is
// skipped, naming the script that records it.
func (s Suite[F, R]) Test(t *testing.T) {
	for _, name := range s.Names(t) {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(s.Dir, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run %s %s", filepath.Join(s.Dir, "record.sh"), name)
			}
			got := s.Run(t, name)
			if diffs := golden.CompareRuns(golden.DropErrorTimestamps(want), golden.DropErrorTimestamps(got.Run), golden.Options{}); len(diffs) > 0 {
				t.Errorf("run differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
			CompareRequestsAndState(t, s.Dir, name, got.Requests, s.Key, got.State)
		})
	}
}

// CompareRequestsAndState checks what a fake saw while n8n-go replayed a
// recording against what it saw from n8n: the requests in order (compared
// by key) and the fake's final state, from NAME.requests.json and
// NAME.state.json in dir.
func CompareRequestsAndState[R any](t *testing.T, dir, name string, got []R, key func(R) string, state []byte) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name+".requests.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want []R
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	wk, gk := keys(want, key), keys(got, key)
	if strings.Join(wk, "\n") != strings.Join(gk, "\n") {
		t.Errorf("requests differ from n8n's:\nwant:\n  %s\ngot:\n  %s", strings.Join(wk, "\n  "), strings.Join(gk, "\n  "))
	}
	wantState, err := os.ReadFile(filepath.Join(dir, name+".state.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diffs := golden.Compare(wantState, state, golden.Options{NoDefaultDrop: true}); len(diffs) > 0 {
		t.Errorf("fake state after the run differs from n8n's run:\n  %s", strings.Join(diffs, "\n  "))
	}
}

func keys[R any](rs []R, key func(R) string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = key(r)
	}
	return out
}

// Status is a status code as the request keys write it.
func Status(code int) string {
	b, _ := json.Marshal(code)
	return string(b)
}
