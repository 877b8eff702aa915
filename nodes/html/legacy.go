package html

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

type extractNode struct{}

// NewExtract returns n8n's legacy HTML Extract node (1), the extraction
// the HTML node took over: CSS selectors on HTML from a JSON field or a
// binary file, text as cheerio's .text(), values trimmed unless
// trimValues is false.
func NewExtract() engine.Node { return extractNode{} }

func (extractNode) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.htmlExtract", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"sourceData": "json", "dataPropertyName": "data", "options": map[string]any{},
				"extractionValues": map[string]any{}}
		},
	}
}

func (extractNode) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	var out []data.Item
	for i := range ex.Input(0) {
		res, err := extract(ctx, ex, i, true)
		if err != nil {
			if !ex.ContinueOnFail() {
				return nil, err
			}
			out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)})
			continue
		}
		out = append(out, res...)
	}
	return [][]data.Item{out}, nil
}
