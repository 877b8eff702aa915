package jscode

import (
	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsruntime"
)

// LegacyError is the error of a Function / Function Item script (filled in below).
func LegacyError(err error, itemIndex int) error {
	return ExecutionError(err, itemIndex)
}

// FunctionItems turns what a Function script returned into items.
func FunctionItems(rt *jsruntime.Runtime, v goja.Value) ([]data.Item, error) {
	return AllItems(rt, v)
}

// FunctionItemResult turns what a Function Item script returned for input
// item i (in) into the output item.
func FunctionItemResult(rt *jsruntime.Runtime, v goja.Value, in *goja.Object, i int) (data.Item, error) {
	if v == nil || goja.IsUndefined(v) {
		return data.Item{}, &engine.NodeError{Name: "NodeOperationError", Message: "No data got returned. Always an object has to be returned!", ItemIndex: i}
	}
	x, err := rt.FromJS(v)
	if err != nil {
		return data.Item{}, ExecutionError(err, i)
	}
	o, _ := x.(*data.Object)
	it := data.Item{JSON: jsruntime.ToItemJSON(o), Paired: data.One(i)}
	if b := in.Get("binary"); b != nil && !goja.IsUndefined(b) {
		bv, _ := rt.FromJS(b)
		if bo, ok := bv.(*data.Object); ok {
			it.Binary = jsruntime.ToItemBinary(bo)
		}
	}
	return it, nil
}
