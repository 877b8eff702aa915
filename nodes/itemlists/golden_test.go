package itemlists_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/itemlists"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
	"github.com/n8n-go/n8n-go/nodes/splitout"
)

// TestGoldens compares Item Lists v1–3.1 with real n8n 1.123.81
// (testdata/nodes/legacy/itemlists-*; regenerate with
// testdata/nodes/legacy/gen.py and record.sh).
func TestGoldens(t *testing.T) {
	nodes := []engine.Node{manualtrigger.New(), set.New(), splitout.New(), itemlists.New()}
	settest.RunGoldensMatching(t, "../../testdata/nodes/legacy", "itemlists-*", nodes, expression.New(expression.Options{}))
}
