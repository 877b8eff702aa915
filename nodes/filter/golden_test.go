package filter_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestV1Goldens compares Filter 1 with real n8n 1.123.81
// (testdata/nodes/filterv1; regenerate with gen.py there and record.sh).
func TestV1Goldens(t *testing.T) {
	settest.RunGoldens(t, "../../testdata/nodes/filterv1", nodes.All(), expression.New(expression.Options{}))
}
