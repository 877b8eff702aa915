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
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/converttofile"
	"github.com/n8n-go/n8n-go/nodes/googledrive"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// goldenDir holds workflows run by real n8n 1.123.81 against the fake
// (record.sh there): NAME.n8n.json is the run, NAME.requests.json what n8n
// sent, NAME.state.json the fake's state afterwards.
const goldenDir = "../../testdata/googledrive"

type runOutcome struct {
	run      []byte
	requests []fakegoogledrive.Request
	state    []byte
}

func runGolden(t testing.TB, name string, fake *fakegoogledrive.Server) runOutcome {
	t.Helper()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	store := goldenStore(t)
	wfJSON, err := os.ReadFile(filepath.Join(goldenDir, name+".workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:              []engine.Node{manualtrigger.New(), googledrive.New(), code.New(), converttofile.New()},
		Expressions:        expression.New(expression.Options{}),
		Credentials:        store,
		Endpoints:          map[string]string{"www.googleapis.com": srv.URL, fakegoogledrive.DocsHost: srv.URL},
		RequestConcurrency: 1,
		// n8n fails on a 429 (n8n-go's transport retries it, a documented
		// difference): the goldens compare with retries off.
		MaxRetries: -1,
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

func seededFake(t testing.TB, name string) *fakegoogledrive.Server {
	t.Helper()
	seed, err := os.ReadFile(filepath.Join(goldenDir, name+".seed.json"))
	if os.IsNotExist(err) {
		seed, err = os.ReadFile(filepath.Join(goldenDir, "seed.json"))
	}
	if err != nil {
		t.Fatal(err)
	}
	fake := fakegoogledrive.New(fakegoogledrive.Options{Tokens: []string{"test-drive-token"}})
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	// NAME.faults.json: the faults record.sh queued on the fake.
	if b, err := os.ReadFile(filepath.Join(goldenDir, name+".faults.json")); err == nil {
		var faults []fakegoogledrive.Fault
		if err := json.Unmarshal(b, &faults); err != nil {
			t.Fatal(err)
		}
		for _, f := range faults {
			fake.AddFault(f)
		}
	}
	return fake
}

// requestKey is what must match between n8n's and n8n-go's requests, in
// order (the node sends one request at a time).
func requestKey(r fakegoogledrive.Request) string {
	body, _ := json.Marshal(r.Body)
	st, _ := json.Marshal(r.Status)
	parts, _ := json.Marshal(r.Parts)
	return strings.Join([]string{r.Method, r.Path, r.RawQuery, string(body), r.ContentType, r.ContentRange, r.Accept,
		map[bool]string{true: "token", false: "notoken"}[r.HasToken], string(st), string(parts)}, " ") + "\n" + r.RawBody
}

func goldenNames(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.workflow.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows in %s", goldenDir)
	}
	var out []string
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".workflow.json")
		if strings.HasPrefix(name, "token-refresh") {
			continue // TestTokenRefreshGolden: a seed for the fake pair
		}
		out = append(out, name)
	}
	return out
}

// TestGoldensFromN8n runs every recorded workflow through n8n-go against
// a fresh fake and compares the run, the requests sent (in order,
// multipart bodies included) and the fake's final state with real n8n's.
func TestGoldensFromN8n(t *testing.T) {
	for _, name := range goldenNames(t) {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(goldenDir, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/googledrive/record.sh %s", name)
			}
			got := runGolden(t, name, seededFake(t, name))
			diffs := golden.CompareRuns(golden.DropErrorTimestamps(want), golden.DropErrorTimestamps(got.run), golden.Options{})
			if len(diffs) > 0 {
				t.Errorf("run differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
			var wantReqs []fakegoogledrive.Request
			b, err := os.ReadFile(filepath.Join(goldenDir, name+".requests.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &wantReqs); err != nil {
				t.Fatal(err)
			}
			if len(wantReqs) != len(got.requests) {
				t.Errorf("%d requests, n8n sent %d", len(got.requests), len(wantReqs))
			}
			for i := range min(len(wantReqs), len(got.requests)) {
				if w, g := requestKey(wantReqs[i]), requestKey(got.requests[i]); w != g {
					t.Errorf("request %d differs:\nwant: %q\ngot:  %q", i, w, g)
				}
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

func goldenStore(t testing.TB) *credentials.Store {
	t.Helper()
	store, err := credentials.Load(filepath.Join(goldenDir, "creds.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return store
}
