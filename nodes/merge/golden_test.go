package merge_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/merge"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
	"github.com/n8n-go/n8n-go/nodes/splitout"
)

// goldenEvaluator is the evaluator of the golden runs. Until the expression
// package is wired in, the stub skips workflows it cannot evaluate.
func goldenEvaluator() engine.Evaluator { return expression.New(expression.Options{}) }

// TestGoldens compares Merge with real n8n 1.123.81 (testdata/nodes/merge;
// regenerate with testdata/nodes/set/gen.py and record.sh).
func TestGoldens(t *testing.T) {
	nodes := []engine.Node{manualtrigger.New(), noop.New(), set.New(), splitout.New(), merge.New()}
	settest.RunGoldens(t, "../../testdata/nodes/merge", nodes, goldenEvaluator())
}
