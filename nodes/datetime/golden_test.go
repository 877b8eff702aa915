package datetime_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/datetime"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
	"github.com/n8n-go/n8n-go/nodes/splitout"
)

// TestGoldens compares Date & Time v2 with real n8n 1.123.81 on fixed dates
// (testdata/nodes/legacy/datetime-*; regenerate with
// testdata/nodes/legacy/gen.py and record.sh).
func TestGoldens(t *testing.T) {
	nodes := []engine.Node{manualtrigger.New(), set.New(), splitout.New(), datetime.New()}
	settest.RunGoldensMatching(t, "../../testdata/nodes/legacy", "datetime-*", nodes, expression.New(expression.Options{}))
}
