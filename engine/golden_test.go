package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
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
	"github.com/n8n-go/n8n-go/nodes"
)

// oracleDir holds workflows and what real n8n 1.123.81 did with them
// (foo.workflow.json → foo.n8n.json, recorded by record.sh there).
const oracleDir = "../testdata/oracle"

// goldenEvaluator is the expression evaluator the golden runs use. nil
// means expressions are not wired in yet: workflows that use them are
// skipped, not failed.
func goldenEvaluator() engine.Evaluator { return expression.New(expression.Options{}) }

// TestOracleGoldens runs every recorded workflow through n8n-go and compares
// the run with n8n's: per node and run the execution index (the order),
// source, status, output items with pairedItem, and error message, name and
// description; plus the run's status, last node and error.
func TestOracleGoldens(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(oracleDir, "*.workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no workflows in %s", oracleDir)
	}
	ev := goldenEvaluator()
	// Sub-workflows and error workflows are called by id: the recordings
	// imported them into n8n's database before the workflows calling them
	// (record.sh foo.subworkflow.json … bar.workflow.json).
	// foo.subworkflow.json files are only called (their own runs from the
	// CLI mean nothing: the recording starts them at an added Manual
	// Trigger).
	subs, err := filepath.Glob(filepath.Join(oracleDir, "*.subworkflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	lib := &workflow.Library{}
	for _, file := range append(files, subs...) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := lib.Add(file, b); err != nil {
			t.Fatal(err)
		}
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".workflow.json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(oracleDir, name+".n8n.json"))
			if errors.Is(err, fs.ErrNotExist) {
				t.Skipf("no recording yet: run testdata/oracle/record.sh %s", filepath.Base(file))
			}
			if err != nil {
				t.Fatal(err)
			}
			wfJSON, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if reason := unsupported(wfJSON, ev != nil); reason != "" {
				t.Skip(reason)
			}
			w, err := workflow.Parse(wfJSON, "")
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: ev, Workflows: lib})
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			got, err := json.Marshal(res)
			if err != nil {
				t.Fatalf("marshal result: %v", err)
			}
			if diffs := golden.CompareRuns(want, got, golden.Options{}); len(diffs) > 0 {
				t.Errorf("n8n-go differs from n8n (want = n8n):\n  %s\n%s",
					strings.Join(diffs, "\n  "), orderReport(want, got))
			}
		})
	}
}

// unsupported says why n8n-go cannot run a workflow yet: a node type or
// version missing from nodes.All(), or expressions without an evaluator.
func unsupported(wfJSON []byte, haveExpressions bool) string {
	var wf struct {
		Nodes []struct {
			Type        string          `json:"type"`
			TypeVersion float64         `json:"typeVersion"`
			Parameters  json.RawMessage `json:"parameters"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(wfJSON, &wf); err != nil {
		return ""
	}
	reg, err := nodes.Registry()
	if err != nil {
		return "registry: " + err.Error()
	}
	var missing []string
	seen := map[string]bool{}
	exprs := false
	for _, n := range wf.Nodes {
		if _, _, err := reg.Lookup(n.Type, n.TypeVersion); err != nil && !seen[err.Error()] {
			seen[err.Error()] = true
			missing = append(missing, err.Error())
		}
		exprs = exprs || usesExpression(n.Parameters)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return "not in nodes.All() yet: " + strings.Join(missing, "; ")
	}
	if exprs && !haveExpressions {
		return "the workflow uses expressions and goldenEvaluator returns nil"
	}
	return ""
}

func usesExpression(params json.RawMessage) bool {
	var v any
	if json.Unmarshal(params, &v) != nil {
		return false
	}
	var walk func(any) bool
	walk = func(v any) bool {
		switch x := v.(type) {
		case string:
			return strings.HasPrefix(x, "=")
		case map[string]any:
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
		case []any:
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

// orderReport prints both execution orders when they differ, which makes
// order bugs readable at a glance.
func orderReport(want, got []byte) string {
	wo, err1 := golden.NodeOrder(want)
	gn, err2 := golden.NormalizeRun(got)
	if err1 != nil || err2 != nil {
		return ""
	}
	gorder, err := golden.NodeOrder(gn)
	if err != nil || strings.Join(wo, ",") == strings.Join(gorder, ",") {
		return ""
	}
	return "  order n8n:    " + strings.Join(wo, ", ") + "\n  order n8n-go: " + strings.Join(gorder, ", ")
}
