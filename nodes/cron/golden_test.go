package cron_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/cron"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestGoldens compares a manual run of the Cron node (one empty item) with
// real n8n 1.123.81 (testdata/nodes/legacy/cron.*).
func TestGoldens(t *testing.T) {
	nodes := []engine.Node{cron.New(), noop.New()}
	settest.RunGoldensMatching(t, "../../testdata/nodes/legacy", "cron", nodes, expression.New(expression.Options{}))
}
