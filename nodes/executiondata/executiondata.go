// Package executiondata is n8n's Execution Data node (typeVersions 1 and
// 1.1): it saves key/value pairs as the execution's custom data
// ($execution.customData, resultData.metadata) and passes its items on.
package executiondata

import (
	"context"
	"fmt"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.executionData", Versions: []float64{1, 1.1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"operation": "save", "dataToSave": map[string]any{}}
		},
		Check: func(p engine.Params, _ float64) []string {
			if op, ok := p.Value("operation").(string); ok && op != "save" {
				return []string{fmt.Sprintf(`parameter operation: expected "save", got %q`, op)}
			}
			return nil
		},
	}
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	if op != "save" {
		return [][]data.Item{items}, nil
	}
	out := make([]data.Item, 0, len(items))
	for i, it := range items {
		if err := save(ex, i); err != nil {
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)})
				continue
			}
			ne := engine.AsNodeError(err)
			return nil, &engine.NodeError{Name: "NodeOperationError", Message: ne.Message, Description: ne.Description, ItemIndex: i, Err: err}
		}
		out = append(out, it)
	}
	return [][]data.Item{out}, nil
}

// save stores item i's pairs; refused pairs are errors only in manual
// mode, as n8n's customData.setAll.
func save(ex *engine.Exec, i int) error {
	v, err := ex.Param("dataToSave", i)
	if err != nil {
		return err
	}
	o, _ := v.(*data.Object)
	list, _ := o.Value("values").([]any)
	values := data.NewObject(len(list))
	for _, e := range list {
		kv, _ := e.(*data.Object)
		key := jsvalue.ToString(kv.Value("key"))
		val := kv.Value("value")
		if !jsvalue.Truthy(val) {
			if ex.Version() >= 1.1 {
				val = ""
			}
		}
		values.Set(key, val)
	}
	var first error
	for k, val := range values.All() {
		if err := ex.SetCustomData(k, val); err != nil && first == nil {
			first = err
		}
	}
	if first != nil && ex.StrictCustomData() {
		return first
	}
	return nil
}
