package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/sandbox"
	"github.com/n8n-go/n8n-go/nodes"
)

const (
	templatePath = "../workflows/notion-clockify-sync.json"
	scenarioDir  = "../testdata/scenarios"
	// startNode is where `n8n execute` starts the template when an
	// unconnected Manual Trigger is added (verified in every recording).
	startNode = "Schedule Trigger"
)

// scenarios lists the scenario folders (those with a scenario.json).
func scenarios(t *testing.T) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(scenarioDir, "*", "scenario.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m) == 0 {
		t.Fatalf("no scenarios in %s", scenarioDir)
	}
	out := make([]string, len(m))
	for i, p := range m {
		out[i] = filepath.Base(filepath.Dir(p))
	}
	sort.Strings(out)
	return out
}

// missingNodes lists the template's node types nodes.All() lacks.
func missingNodes(w *workflow.Workflow) []string {
	reg, err := nodes.Registry()
	if err != nil {
		return []string{"registry: " + err.Error()}
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range w.Nodes {
		if _, _, err := reg.Lookup(n.Type, n.TypeVersion); err != nil && !seen[n.Type] {
			seen[n.Type] = true
			out = append(out, n.Type)
		}
	}
	sort.Strings(out)
	return out
}

// evaluator returns the expression engine, or "" and a reason to skip.
func evaluator() (engine.Evaluator, string) {
	var ev any = expression.New(expression.Options{})
	e, ok := ev.(engine.Evaluator)
	if !ok {
		return nil, "engine/expression does not implement engine.Evaluator yet"
	}
	return e, ""
}

func loadTemplate(t testing.TB) *workflow.Workflow {
	t.Helper()
	w, err := workflow.LoadFile(templatePath, "")
	if err != nil {
		t.Fatalf("load template: %v", err)
	}
	return w
}

// runResult is what one run of the template against a scenario produced.
type runResult struct {
	res      *engine.Result
	runDoc   []byte
	requests []byte
	clockify []byte
	notion   []byte
}

// runScenario runs the template with n8n-go against fresh fakes seeded
// from the scenario. It skips the test when a node type or the expression
// engine is not there yet.
func runScenario(t testing.TB, w *workflow.Workflow, sc *sandbox.Scenario) runResult {
	t.Helper()
	if miss := missingNodes(w); len(miss) > 0 {
		t.Skipf("node types not registered in nodes.All() yet: %s", strings.Join(miss, ", "))
	}
	ev, why := evaluator()
	if why != "" {
		t.Skip(why)
	}
	f, err := sandbox.Build(sc)
	if err != nil {
		t.Fatalf("build fakes: %v", err)
	}
	endpoints := map[string]string{}
	for host, h := range f.Handlers {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		endpoints[host] = srv.URL
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes: nodes.All(), Expressions: ev, Credentials: sandbox.Credentials{}, Endpoints: endpoints,
		// n8n fires a node's requests at once but in item order, and the
		// recordings show them arriving in that order; one at a time keeps
		// the fakes' id assignment deterministic.
		RequestConcurrency: 1,
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: startNode})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	doc, err := json.Marshal(res)
	if err != nil {
		t.Fatalf("marshal result: %v", err)
	}
	reqs, err := json.Marshal(f.Log.Entries())
	if err != nil {
		t.Fatal(err)
	}
	return runResult{res: res, runDoc: doc, requests: reqs, clockify: f.Clockify.Dump(), notion: f.Notion.Dump()}
}

// TestTemplateScenarios compares n8n-go with the n8n recording of every
// scenario: run data, ordered request log, final states.
func TestTemplateScenarios(t *testing.T) {
	w := loadTemplate(t)
	for _, name := range scenarios(t) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(scenarioDir, name)
			want := func(file string) []byte {
				b, err := os.ReadFile(filepath.Join(dir, file))
				if errors.Is(err, fs.ErrNotExist) {
					t.Skipf("no recording yet: run testdata/scenarios/record.sh %s", name)
				}
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			wantRun, wantReqs := want("n8n.json"), want("requests.json")
			wantClockify, wantNotion := want("clockify.final.json"), want("notion.final.json")
			sc, err := sandbox.LoadScenario(filepath.Join(dir, "scenario.json"))
			if err != nil {
				t.Fatal(err)
			}
			got := runScenario(t, w, sc)
			t.Run("run", func(t *testing.T) {
				if diffs := golden.CompareRuns(wantRun, got.runDoc, golden.Options{}); len(diffs) > 0 {
					t.Errorf("run data differs from n8n (want = n8n):\n  %s\n%s", strings.Join(limit(diffs, 60), "\n  "), orderDiff(wantRun, got.runDoc))
				}
			})
			t.Run("requests", func(t *testing.T) {
				if diffs := golden.Compare(wantReqs, got.requests, golden.Options{}); len(diffs) > 0 {
					t.Errorf("API requests differ from n8n's (want = n8n):\n  %s", strings.Join(limit(diffs, 60), "\n  "))
				}
			})
			t.Run("clockify-state", func(t *testing.T) {
				if diffs := golden.Compare(wantClockify, got.clockify, golden.Options{}); len(diffs) > 0 {
					t.Errorf("final Clockify state differs (want = after n8n):\n  %s", strings.Join(limit(diffs, 40), "\n  "))
				}
			})
			t.Run("notion-state", func(t *testing.T) {
				if diffs := golden.Compare(wantNotion, got.notion, golden.Options{}); len(diffs) > 0 {
					t.Errorf("final Notion state differs (want = after n8n):\n  %s", strings.Join(limit(diffs, 40), "\n  "))
				}
			})
		})
	}
}

func limit(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	return append(lines[:n:n], "…")
}

// orderDiff shows both execution orders when they differ.
func orderDiff(want, got []byte) string {
	w, err1 := golden.NodeOrder(want)
	g, err2 := golden.NodeOrder(got)
	if err1 != nil || err2 != nil || strings.Join(w, ",") == strings.Join(g, ",") {
		return ""
	}
	return "execution order:\n  n8n:    " + strings.Join(w, " → ") + "\n  n8n-go: " + strings.Join(g, " → ")
}
