package googledrive_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/apitest"
	fakegoogledrive "github.com/n8n-go/n8n-go/internal/fakes/googledrive"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/googledrive"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

// triggerGoldenDir holds real n8n serving the Drive Trigger
// (testdata/googledrivetrigger/record.sh: `n8n start`).
const triggerGoldenDir = "../../testdata/googledrivetrigger"

// sinceRe finds a poll's time in its files.list query.
var sinceRe = regexp.MustCompile(`createdTime > '([^']+)'`)

// TestTriggerServeGoldenFromN8n replays what n8n did while serving the
// workflow: the activation poll (nothing), the file created in the
// folder, the poll that started the execution and the poll after it
// (nothing). The polls run at n8n's times, read from its queries, so the
// requests must match n8n's exactly.
func TestTriggerServeGoldenFromN8n(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(triggerGoldenDir, "serve.n8n.json"))
	if err != nil {
		t.Skip("no recording: run testdata/googledrivetrigger/record.sh")
	}
	var wantReqs []fakegoogledrive.Request
	b, err := os.ReadFile(filepath.Join(triggerGoldenDir, "serve.requests.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &wantReqs); err != nil {
		t.Fatal(err)
	}
	var times []time.Time
	for _, r := range wantReqs {
		if r.Method != http.MethodGet || r.Path != "/drive/v3/files" {
			continue
		}
		m := sinceRe.FindStringSubmatch(r.Query.Get("q"))
		if m == nil {
			t.Fatalf("no time in %q", r.Query.Get("q"))
		}
		tm, err := time.Parse(time.RFC3339, m[1])
		if err != nil {
			t.Fatal(err)
		}
		times = append(times, tm)
	}
	if len(times) != 3 {
		t.Fatalf("%d polls recorded, want 3", len(times))
	}
	seed, err := os.ReadFile(filepath.Join(triggerGoldenDir, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	fake := fakegoogledrive.New(fakegoogledrive.Options{})
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	now := times[0]
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{googledrive.NewTrigger(), noop.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: goldenStore(t),
		Endpoints:   map[string]string{"www.googleapis.com": srv.URL},
		MaxRetries:  -1,
		Now:         func() time.Time { return now },
	})
	wfJSON, err := os.ReadFile(filepath.Join(triggerGoldenDir, "serve.workflow.json"))
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
		items, err := eng.Poll(context.Background(), w, "Google Drive Trigger", static)
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	if items := poll(); items != nil {
		t.Fatalf("activation poll emitted %d items", len(items))
	}
	var edits []struct {
		Method string          `json:"method"`
		Path   string          `json:"path"`
		Body   json.RawMessage `json:"body"`
	}
	if b, err = os.ReadFile(filepath.Join(triggerGoldenDir, "serve.edits.json")); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &edits); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		req, _ := http.NewRequest(e.Method, srv.URL+e.Path, bytes.NewReader(e.Body))
		req.Header.Set("Authorization", "Bearer test-drive-token")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "*/*") // as curl sent it in record.sh
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	now = times[2]
	items := poll()
	if items == nil {
		t.Fatal("the poll after the new file emitted nothing")
	}
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "trigger", Start: "Google Drive Trigger", StartItems: items})
	if err != nil {
		t.Fatal(err)
	}
	now = times[2].Add(time.Minute)
	if items := poll(); items != nil {
		t.Fatalf("the next poll emitted %d items again", len(items))
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := golden.CompareRuns(want, got, golden.Options{}); len(diffs) > 0 {
		t.Errorf("execution differs from n8n's (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
	}
	apitest.CompareRequestsAndState(t, triggerGoldenDir, "serve", fake.Requests(), requestKey, fake.Dump())
}
