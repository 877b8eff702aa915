package conditionstest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/comparedatasets"
	filternode "github.com/n8n-go/n8n-go/nodes/filter"
	ifnode "github.com/n8n-go/n8n-go/nodes/if"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	switchnode "github.com/n8n-go/n8n-go/nodes/switch"
)

const dir = "../../../../testdata/nodes/conditions"

// TestGoldens runs each workflow of testdata/nodes/conditions through the
// engine and compares the whole run with the one recorded from n8n 1.123.81
// (record with testdata/oracle/record.sh; inputs made by gen.py).
func TestGoldens(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(dir, "*.workflow.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows in %s (%v)", dir, err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".workflow.json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, name+".n8n.json"))
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
			eng := enginetest.Engine(t, enginetest.Options{
				Nodes: []engine.Node{manualtrigger.New(), RawSet{}, SplitOut{},
					ifnode.New(), filternode.New(), switchnode.New(), comparedatasets.New()},
				Expressions: expression.New(expression.Options{}),
			})
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			got, err := json.Marshal(res)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			if diffs := golden.CompareRuns(want, got, golden.Options{}); len(diffs) > 0 {
				t.Errorf("n8n-go differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
		})
	}
}
