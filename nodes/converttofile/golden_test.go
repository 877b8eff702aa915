package converttofile_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestGoldens compares Convert to File and Extract from File with real n8n
// 1.123.81 (testdata/nodes/files; regenerate with gen.py there and
// record.sh). Files are compared byte for byte through their base64 data.
func TestGoldens(t *testing.T) {
	settest.RunGoldens(t, "../../testdata/nodes/files", nodes.All(), expression.New(expression.Options{}))
}
