// Package noop is n8n's "No Operation, do nothing" node: it passes its input
// through unchanged.
package noop

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{Type: "n8n-nodes-base.noOp", Versions: []float64{1}}
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{ex.Input(0)}, nil
}
