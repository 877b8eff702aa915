package nodes

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestVersionGoldens: nodes without typeVersion run at their type's
// default version and a string typeVersion ("2.2") is its number, as in
// real n8n 1.123.81 (testdata/nodes/versions, recorded with
// testdata/oracle/record.sh).
func TestVersionGoldens(t *testing.T) {
	settest.RunGoldens(t, "../testdata/nodes/versions", All(), expression.New(expression.Options{}))
}
