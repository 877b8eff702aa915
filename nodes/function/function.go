// Package function is n8n's legacy Function node: JavaScript run once over
// all items (`items`), on the shared goja runtime.
package function

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/internal/jscode"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

// defaultCode is the node's default functionCode.
const defaultCode = `// Code here will run only once, no matter how many input items there are.
// More info and help:https://docs.n8n.io/integrations/builtin/core-nodes/n8n-nodes-base.function/
// Tip: You can use luxon for dates and $jmespath for querying JSON structures

// Loop over inputs and add a new field called 'myNewField' to the JSON of each one
for (item of items) {
  item.json.myNewField = 1;
}

// You can write logs to the browser console
console.log('Done!');

return items;`

func (node) Describe() engine.Description {
	return engine.Description{
		ReadsRunData: true,
		Type:         "n8n-nodes-base.function", Versions: []float64{1},
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
	rt.Global("items", rt.InputItems())
	v, err := rt.RunBody("Code", code)
	var out []data.Item
	if err == nil {
		out, err = jscode.FunctionItems(rt, v)
	}
	if err != nil {
		if jscode.IsLimit(err) {
			return nil, err
		}
		if !ex.ContinueOnFail() {
			return nil, jscode.LegacyError(ex.Logger(), err, -1)
		}
		out = []data.Item{jscode.LegacyErrorItem(err)}
	}
	return [][]data.Item{out}, rt.SaveStatic()
}
