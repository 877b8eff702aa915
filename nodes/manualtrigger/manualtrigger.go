// Package manualtrigger is n8n's Manual Trigger ("When clicking 'Execute
// workflow'"): it starts a run with one empty item.
package manualtrigger

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.manualTrigger", Versions: []float64{1}, Kind: engine.KindTrigger,
		Inputs: func(engine.Params, float64) int { return 0 },
	}
}

// Execute runs only in manual mode; elsewhere the engine passes the start
// item through, as n8n does for triggers.
func (node) Execute(context.Context, *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{{{JSON: data.NewObject(0)}}}, nil
}
