// Package limit is n8n's Limit node: it keeps the first or last maxItems
// items.
package limit

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
		Type: "n8n-nodes-base.limit", Versions: []float64{1},
		Defaults: func(float64) map[string]any { return map[string]any{"maxItems": 1.0, "keep": "firstItems"} },
		Check: func(p engine.Params, _ float64) []string {
			if k, ok := p.Value("keep").(string); ok && k != "firstItems" && k != "lastItems" {
				return []string{`parameter keep: expected "firstItems" or "lastItems", got "` + k + `"`}
			}
			return nil
		},
	}
}

// Execute reads maxItems once (item 0), as n8n does.
func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	max, err := ex.ParamNumber("maxItems", 0)
	if err != nil {
		return nil, err
	}
	keep, err := ex.ParamString("keep", 0)
	if err != nil {
		return nil, err
	}
	n := int(max)
	if n < 0 {
		n = 0
	}
	if n >= len(items) {
		return [][]data.Item{items}, nil
	}
	if keep == "lastItems" {
		return [][]data.Item{items[len(items)-n:]}, nil
	}
	return [][]data.Item{items[:n]}, nil
}
