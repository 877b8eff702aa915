// Package stickynote declares n8n's sticky note, which is never executed.
package stickynote

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{Type: "n8n-nodes-base.stickyNote", Versions: []float64{1}, Kind: engine.KindNote,
		Inputs: func(engine.Params, float64) int { return 0 }, Outputs: func(engine.Params, float64) int { return 0 }}
}

func (node) Execute(context.Context, *engine.Exec) ([][]data.Item, error) { return nil, nil }
