// Package filter is n8n's Filter node v2.x: items whose conditions pass are
// kept (output 0); the rest are returned as a second, unconnectable
// "Discarded" output that n8n records in run data.
package filter

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	cond "github.com/n8n-go/n8n-go/nodes/internal/filter"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     "n8n-nodes-base.filter",
		Versions: []float64{2, 2.1, 2.2, 2.3},
		Defaults: func(float64) map[string]any {
			return map[string]any{"conditions": map[string]any{}, "options": map[string]any{}, "looseTypeValidation": false}
		},
	}
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	kept, discarded := []data.Item{}, []data.Item{}
	for i, it := range ex.Input(0) {
		pass, err := cond.EvalParam(ex, "conditions", i, cond.LooseTypeValidation(ex, i, 2.1, "options"))
		if err != nil {
			if ex.ContinueOnFail() {
				discarded = append(discarded, it)
				continue
			}
			return nil, err
		}
		if !it.Paired.IsSet() {
			it.Paired = data.One(i)
		}
		if pass {
			kept = append(kept, it)
		} else {
			discarded = append(discarded, it)
		}
	}
	return [][]data.Item{kept, discarded}, nil
}
