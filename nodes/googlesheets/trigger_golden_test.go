package googlesheets_test

import (
	"bytes"
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
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegooglesheets "github.com/n8n-go/n8n-go/internal/fakes/googlesheets"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/googlesheets"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

// triggerGoldenDir holds real n8n serving Google Sheets Trigger workflows
// (testdata/googlesheetstrigger/record.sh: `n8n start`, an activation
// poll, NAME.edits.json sent to the Sheets API, the poll that starts an
// execution, one more poll).
const triggerGoldenDir = "../../testdata/googlesheetstrigger"

// sheetEdit is one write of NAME.edits.json.
type sheetEdit struct {
	Method string          `json:"method"`
	Path   string          `json:"path"`
	Body   json.RawMessage `json:"body"`
}

func triggerGoldenEngine(t *testing.T) (*engine.Engine, *fakegooglesheets.Pair, string) {
	t.Helper()
	fake := fakegooglesheets.NewPair(fakegooglesheets.Options{})
	seed, err := os.ReadFile(filepath.Join(triggerGoldenDir, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	credsPath := filepath.Join(t.TempDir(), "creds.json")
	b, err := os.ReadFile(filepath.Join(triggerGoldenDir, "creds.json"))
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
		Nodes:       []engine.Node{googlesheets.NewTrigger(), noop.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
		Endpoints:   endpoints,
	})
	return eng, fake, srv.URL
}

// TestTriggerServeGoldensFromN8n replays each recording: the activation
// poll (nothing), the edits, the poll whose items start the execution,
// and a last poll (nothing); the execution, every request and the fakes'
// final state must be n8n's.
func TestTriggerServeGoldensFromN8n(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(triggerGoldenDir, "*.workflow.json"))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".workflow.json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(triggerGoldenDir, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/googlesheetstrigger/record.sh %s", name)
			}
			eng, fake, apiURL := triggerGoldenEngine(t)
			wfJSON, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			w, err := workflow.Parse(wfJSON, "")
			if err != nil {
				t.Fatal(err)
			}
			static := data.NewObject(0)
			poll := func() []data.Item {
				t.Helper()
				items, err := eng.Poll(context.Background(), w, "Google Sheets Trigger", static)
				if err != nil {
					t.Fatal(err)
				}
				return items
			}
			var wantReqs fakegooglesheets.PairRequests
			b, err := os.ReadFile(filepath.Join(triggerGoldenDir, name+".requests.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &wantReqs); err != nil {
				t.Fatal(err)
			}
			// n8n polled before the edits (at activation, maybe at a minute
			// boundary too) and after them (the poll that ran, maybe one
			// more): the replay polls as often.
			before, after, edited := 0, 0, false
			for _, r := range wantReqs.Sheets {
				switch {
				case r.Method != http.MethodGet:
					edited = true
				case r.RawQuery == "fields=sheets.properties" && edited:
					after++
				case r.RawQuery == "fields=sheets.properties":
					before++
				}
			}
			if before < 1 || after < 1 {
				t.Fatalf("recording has %d polls before the edits and %d after", before, after)
			}
			for range before {
				if items := poll(); items != nil {
					t.Fatalf("a poll before the edits emitted %d items", len(items))
				}
			}
			var edits []sheetEdit
			if b, err = os.ReadFile(filepath.Join(triggerGoldenDir, name+".edits.json")); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &edits); err != nil {
				t.Fatal(err)
			}
			for _, e := range edits {
				req, _ := http.NewRequest(e.Method, apiURL+e.Path, bytes.NewReader(e.Body))
				req.Host = "sheets.googleapis.com"
				req.Header.Set("Authorization", "Bearer ya29.seeded-token")
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			items := poll()
			if items == nil {
				t.Fatal("the poll after the edits emitted nothing")
			}
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "trigger", Start: "Google Sheets Trigger", StartItems: items})
			if err != nil {
				t.Fatal(err)
			}
			for range after - 1 {
				if items := poll(); items != nil {
					t.Fatalf("a later poll emitted %d items again", len(items))
				}
			}
			got, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			if diffs := golden.CompareRuns(want, got, golden.Options{}); len(diffs) > 0 {
				t.Errorf("execution differs from n8n's (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
			wk, gk := sheetsKeys(wantReqs.Sheets, true), sheetsKeys(fake.Requests().Sheets, true)
			if strings.Join(wk, "\n") != strings.Join(gk, "\n") {
				t.Errorf("Sheets requests differ from n8n's:\nwant:\n  %s\ngot:\n  %s", strings.Join(wk, "\n  "), strings.Join(gk, "\n  "))
			}
			wo, gotO := oauthKeys(wantReqs.OAuth, false), oauthKeys(fake.Requests().OAuth, false)
			if strings.Join(wo, "\n") != strings.Join(gotO, "\n") {
				t.Errorf("token requests differ from n8n's:\nwant:\n  %s\ngot:\n  %s", strings.Join(wo, "\n  "), strings.Join(gotO, "\n  "))
			}
			wantState, err := os.ReadFile(filepath.Join(triggerGoldenDir, name+".state.json"))
			if err != nil {
				t.Fatal(err)
			}
			compareState(t, wantState, fake.Dump(), false)
		})
	}
}
