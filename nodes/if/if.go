// Package ifnode is n8n's If node: v2.x evaluates a filter parameter per
// item (output 0 true, 1 false); v1 evaluates the legacy typed condition
// lists with combineOperation all/any.
package ifnode

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     "n8n-nodes-base.if",
		Versions: []float64{1, 2, 2.1, 2.2, 2.3},
		Defaults: func(v float64) map[string]any {
			if v < 2 {
				return map[string]any{"conditions": map[string]any{}, "combineOperation": "all"}
			}
			return map[string]any{"conditions": map[string]any{}, "options": map[string]any{}, "looseTypeValidation": false}
		},
		Outputs: func(engine.Params, float64) int { return 2 },
		// Items go on through ex.Own.
		RawInputs: true,
	}
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	if ex.Version() < 2 {
		return executeV1(ex)
	}
	items := ex.Input(0)
	// The conditions are evaluated first and the outputs made at their
	// exact sizes: appending would leave up to half of each output's array
	// unused for the rest of the run.
	const failed, no, yes = 0, 1, 2
	pass := make([]uint8, len(items))
	nTrue := 0
	conds := filter.Prepare(ex, "conditions")
	for i := range items {
		ok, err := conds.Eval(ex, i, filter.LooseTypeValidation(ex, i, 2.1, "options"))
		if err != nil {
			if ex.ContinueOnFail() {
				continue
			}
			return nil, err
		}
		pass[i] = no
		if ok {
			pass[i] = yes
			nTrue++
		}
	}
	trueItems, falseItems := make([]data.Item, 0, nTrue), make([]data.Item, 0, len(items)-nTrue)
	for i := range items {
		it := ex.Own(0, i)
		if pass[i] == failed {
			// An item whose conditions failed under continueOnFail keeps
			// its pairedItem as it came.
			falseItems = append(falseItems, it)
			continue
		}
		if !it.Paired.IsSet() {
			it.Paired = data.One(i)
		}
		if pass[i] == yes {
			trueItems = append(trueItems, it)
		} else {
			falseItems = append(falseItems, it)
		}
	}
	return [][]data.Item{trueItems, falseItems}, nil
}
