package notion_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakenotion "github.com/n8n-go/n8n-go/internal/fakes/notion"
	"github.com/n8n-go/n8n-go/internal/golden"
)

// TestGoldensFromN8n runs every workflow of testdata/notion through n8n-go
// against a fresh fake and compares the run, the requests sent (in order,
// bodies as parsed JSON) and the fake's final state with what real n8n
// 1.123.81 did against the same fake (record.sh).
func TestGoldensFromN8n(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdata, "*.workflow.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows in %s", testdata)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".workflow.json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(testdata, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/notion/record.sh %s", name)
			}
			f := newFixture(t, fakenotion.Options{Tokens: []string{}})
			wfJSON, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			w, err := workflow.Parse(wfJSON, "")
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			eng := enginetest.Engine(t, f.engineOptions(t))
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			got, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			if diffs := golden.CompareRuns(want, got, golden.Options{}); len(diffs) > 0 {
				t.Errorf("run differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
			var wantReqs []fakenotion.Request
			b, err := os.ReadFile(filepath.Join(testdata, name+".requests.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &wantReqs); err != nil {
				t.Fatal(err)
			}
			wk, gk := requestKeys(wantReqs), requestKeys(f.fake.Requests())
			if strings.Join(wk, "\n") != strings.Join(gk, "\n") {
				t.Errorf("requests differ from n8n's:\nwant:\n  %s\ngot:\n  %s", strings.Join(wk, "\n  "), strings.Join(gk, "\n  "))
			}
			wantState, err := os.ReadFile(filepath.Join(testdata, name+".state.json"))
			if err != nil {
				t.Fatal(err)
			}
			if diffs := golden.Compare(wantState, f.fake.Dump(), golden.Options{NoDefaultDrop: true}); len(diffs) > 0 {
				t.Errorf("fake state after the run differs from n8n's run:\n  %s", strings.Join(diffs, "\n  "))
			}
		})
	}
}

// requestKeys is what must match between n8n's and n8n-go's requests:
// method, path, query, body (key order ignored), version, status.
func requestKeys(rs []fakenotion.Request) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		body := canonical(r.Body)
		out[i] = strings.Join([]string{r.Method, r.Path, r.RawQuery, body, r.NotionVersion, itoa(r.Status)}, " ")
	}
	return out
}

// canonical re-encodes a parsed JSON value (encoding/json sorts keys).
func canonical(v any) string {
	if v == nil {
		return "-"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
