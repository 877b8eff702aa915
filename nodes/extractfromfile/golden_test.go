package extractfromfile_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestGoldens compares Extract from File's HTML, RTF, XLS, PDF and
// iCalendar reads with real n8n 1.123.81 (testdata/nodes/extract;
// regenerate with gen.py there and record.sh).
func TestGoldens(t *testing.T) {
	settest.RunGoldens(t, "../../testdata/nodes/extract", nodes.All(), expression.New(expression.Options{}))
}
