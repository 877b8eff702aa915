// Package functionitem is n8n's legacy Function Item node: JavaScript run
// once per item on `item` (the item's json), on the shared goja runtime.
package functionitem

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/internal/jscode"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

const defaultCode = `// Code here will run once per input item.
// More info and help: https://docs.n8n.io/integrations/builtin/core-nodes/n8n-nodes-base.functionItem/
// Tip: You can use luxon for dates and $jmespath for querying JSON structures

// Add a new field called 'myNewField' to the JSON of the item
item.myNewField = 1;

// You can write logs to the browser console
console.log('Done!');

return item;`

func (node) Describe() engine.Description {
	return engine.Description{
		ReadsRunData: true,
		Type:         "n8n-nodes-base.functionItem", Versions: []float64{1},
		Defaults: func(float64) map[string]any { return map[string]any{"functionCode": defaultCode} },
	}
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	code, err := ex.ParamString("functionCode", 0)
	if err != nil {
		return nil, err
	}
	rt := jscode.NewRuntime(ctx, ex)
	rt.Start()
	defer rt.Stop()
	n := rt.InputCount()
	out := make([]data.Item, 0, n)
	for i := range n {
		rt.SetItem(i)
		in := rt.InputItemValue(i)
		json, _ := rt.FromJS(in.Get("json"))
		rt.Global("item", json) // a copy: the script's changes stay its own
		v, err := rt.RunBody("Code", code)
		if err != nil {
			if jscode.IsLimit(err) {
				return nil, err
			}
			if !ex.ContinueOnFail() {
				return nil, jscode.LegacyError(ex.Logger(), err, i)
			}
			// n8n's inner catch: no pairedItem on this error item.
			out = append(out, jscode.LegacyErrorItem(err))
			continue
		}
		it, err := jscode.FunctionItemResult(rt, v, in, i)
		if err != nil {
			if !ex.ContinueOnFail() {
				return nil, err
			}
			out = append(out, jscode.ErrorItem(err, data.One(i)))
			continue
		}
		out = append(out, it)
	}
	return [][]data.Item{out}, rt.SaveStatic()
}
