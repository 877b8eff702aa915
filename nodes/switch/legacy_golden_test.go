package switchnode_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
	"github.com/n8n-go/n8n-go/nodes/splitout"
	switchnode "github.com/n8n-go/n8n-go/nodes/switch"
)

// TestLegacyGoldens compares Switch v1 and v2 with real n8n 1.123.81
// (testdata/nodes/legacy/switch-*; regenerate with testdata/nodes/legacy/gen.py
// and record.sh).
func TestLegacyGoldens(t *testing.T) {
	nodes := []engine.Node{manualtrigger.New(), set.New(), splitout.New(), noop.New(), switchnode.New()}
	settest.RunGoldensMatching(t, "../../testdata/nodes/legacy", "switch-*", nodes, expression.New(expression.Options{}))
}
