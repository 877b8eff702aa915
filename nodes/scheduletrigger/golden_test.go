package scheduletrigger_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/scheduletrigger"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestGoldens compares CLI runs with real n8n 1.123.81
// (testdata/nodes/schedule): a CLI run passes the trigger through with one
// empty item and does not check typeVersion 1.3's interval ranges (n8n
// checks them when it activates the workflow; so does serve).
func TestGoldens(t *testing.T) {
	nodes := []engine.Node{scheduletrigger.New(), noop.New()}
	settest.RunGoldensMatching(t, "../../testdata/nodes/schedule", "*", nodes, expression.New(expression.Options{}))
}
