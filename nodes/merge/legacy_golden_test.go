package merge_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/merge"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
	"github.com/n8n-go/n8n-go/nodes/splitout"
)

// TestLegacyGoldens compares Merge v1, v2 and v2.1 with real n8n 1.123.81
// (testdata/nodes/legacy/merge-*; regenerate with testdata/nodes/legacy/gen.py
// and record.sh).
func TestLegacyGoldens(t *testing.T) {
	nodes := []engine.Node{manualtrigger.New(), set.New(), splitout.New(), merge.New()}
	settest.RunGoldensMatching(t, "../../testdata/nodes/legacy", "merge-*", nodes, goldenEvaluator())
}
