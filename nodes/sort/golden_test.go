package sort_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestGoldens compares Sort, Remove Duplicates and Rename Keys with real
// n8n 1.123.81 (testdata/nodes/transform; regenerate with
// testdata/nodes/files/gen.py and record.sh).
func TestGoldens(t *testing.T) {
	settest.RunGoldens(t, "../../testdata/nodes/transform", nodes.All(), expression.New(expression.Options{}))
}
