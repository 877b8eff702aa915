package settest

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/golden"
)

// RunGoldens runs every dir/*.workflow.json through n8n-go with the given
// node types and compares the run with dir/*.n8n.json, recorded from real
// n8n 1.123.81 by testdata/oracle/record.sh. With the Stub evaluator, a
// workflow whose expressions Stub cannot evaluate is skipped, not failed.
func RunGoldens(t *testing.T, dir string, nodes []engine.Node, ev engine.Evaluator) {
	RunGoldensMatching(t, dir, "*", nodes, ev)
}

// RunGoldensMatching is RunGoldens for the workflows dir/<pattern>.workflow.json.
func RunGoldensMatching(t *testing.T, dir, pattern string, nodes []engine.Node, ev engine.Evaluator) {
	RunGoldensNormalized(t, dir, pattern, nodes, ev, nil)
}

// Normalize rewrites a whole run (n8n's when fromN8n, else n8n-go's) before
// the comparison, for outputs compared through what they hold (archives,
// workbooks) or a difference a test names.
type Normalize func(t *testing.T, run []byte, fromN8n bool) []byte

// RunGoldensNormalized is RunGoldensMatching with both runs passed through
// norm (nil: compared as they are).
func RunGoldensNormalized(t *testing.T, dir, pattern string, nodes []engine.Node, ev engine.Evaluator, norm Normalize) {
	files, err := filepath.Glob(filepath.Join(dir, pattern+".workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no workflows in %s", dir)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".workflow.json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, name+".n8n.json"))
			if errors.Is(err, fs.ErrNotExist) {
				t.Skipf("no recording yet: run testdata/oracle/record.sh %s", file)
			}
			if err != nil {
				t.Fatal(err)
			}
			wfJSON, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			w, err := workflow.Parse(wfJSON, "")
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes, Expressions: ev})
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			got, err := json.Marshal(res)
			if err != nil {
				t.Fatalf("marshal result: %v", err)
			}
			if _, stub := ev.(Stub); stub && strings.Contains(string(got), "stub evaluator") {
				t.Skip("needs the real expression evaluator")
			}
			if norm != nil {
				want, got = norm(t, want, true), norm(t, got, false)
			}
			if diffs := golden.CompareRuns(want, got, golden.Options{}); len(diffs) > 0 {
				t.Errorf("n8n-go differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
		})
	}
}
