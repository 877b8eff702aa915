// Package errortrigger is n8n's Error Trigger: where an error workflow
// starts. It emits what it is started with (the failed execution's
// workflowErrorData); run by hand in manual mode with nothing, it emits
// n8n's example payload so an error workflow can be built and tried.
package errortrigger

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Type is the node's n8n type name (n8n's default errorTriggerType).
const Type = "n8n-nodes-base.errorTrigger"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1}, Kind: engine.KindTrigger, RunsOnStart: true,
		Inputs: func(engine.Params, float64) int { return 0 },
	}
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	if ex.Mode() == "manual" && len(items) == 1 && items[0].JSON.Len() == 0 && items[0].Binary == nil {
		const id = 231.0
		sample := data.ObjectOf(
			"execution", data.ObjectOf(
				"id", id,
				"url", "http://localhost:5678/execution/workflow/1/231",
				"retryOf", "34",
				"error", data.ObjectOf("message", "Example Error Message", "stack", "Stacktrace"),
				"lastNodeExecuted", "Node With Error",
				"mode", "manual"),
			"workflow", data.ObjectOf("id", "1", "name", "Example Workflow"))
		return [][]data.Item{{{JSON: sample, Paired: items[0].Paired}}}, nil
	}
	return [][]data.Item{items}, nil
}

// StartNode is the Error Trigger an error workflow starts at: the last one
// in the file, as n8n's search keeps the last match.
func StartNode(w *workflow.Workflow) (string, bool) {
	name := ""
	for _, n := range w.Nodes {
		if n.Type == Type {
			name = n.Name
		}
	}
	return name, name != ""
}
