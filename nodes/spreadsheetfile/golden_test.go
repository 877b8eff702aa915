package spreadsheetfile_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
	"github.com/n8n-go/n8n-go/nodes/splitout"
	"github.com/n8n-go/n8n-go/nodes/spreadsheetfile"
)

// TestGoldens compares Spreadsheet File v1/v2 with real n8n 1.123.81
// (testdata/nodes/legacy/spreadsheet-*; regenerate with
// testdata/nodes/legacy/gen.py and record.sh).
func TestGoldens(t *testing.T) {
	nodes := []engine.Node{manualtrigger.New(), set.New(), splitout.New(), spreadsheetfile.New()}
	settest.RunGoldensMatching(t, "../../testdata/nodes/legacy", "spreadsheet-*", nodes, expression.New(expression.Options{}))
}
