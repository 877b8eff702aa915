// Package filter is n8n's Filter node (1, 2.x): items whose conditions
// pass are kept (output 0); the rest are returned as a second,
// unconnectable "Discarded" output that n8n records in run data. Version 1
// has If 1's typed conditions, combined with AND or OR.
package filter

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	ifnode "github.com/n8n-go/n8n-go/nodes/if"
	cond "github.com/n8n-go/n8n-go/nodes/internal/filter"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     "n8n-nodes-base.filter",
		Versions: []float64{1, 2, 2.1, 2.2, 2.3},
		Defaults: func(v float64) map[string]any {
			if v == 1 {
				return map[string]any{"conditions": map[string]any{}, "combineConditions": "AND"}
			}
			return map[string]any{"conditions": map[string]any{}, "options": map[string]any{}, "looseTypeValidation": false}
		},
		// Items go on through ex.Own.
		RawInputs: true,
	}
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	if ex.Version() == 1 {
		return executeV1(ex)
	}
	kept, discarded := []data.Item{}, []data.Item{}
	conds := cond.Prepare(ex, "conditions")
	for i := range ex.Input(0) {
		it := ex.Own(0, i)
		pass, err := conds.Eval(ex, i, cond.LooseTypeValidation(ex, i, 2.1, "options"))
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

// executeV1 is FilterV1: If 1's conditions, combineConditions AND or OR.
func executeV1(ex *engine.Exec) ([][]data.Item, error) {
	kept, discarded := []data.Item{}, []data.Item{}
	for i := range ex.Input(0) {
		it := ex.Own(0, i)
		combine, err := ex.ParamString("combineConditions", i)
		if err != nil {
			return nil, err
		}
		if !it.Paired.IsSet() {
			it.Paired = data.Many(data.PairedItem{Item: i})
		}
		pass, err := ifnode.V1Conditions(ex, i, combine == "OR", combine == "AND")
		if err != nil {
			return nil, err
		}
		if pass {
			kept = append(kept, it)
		} else {
			discarded = append(discarded, it)
		}
	}
	return [][]data.Item{kept, discarded}, nil
}
