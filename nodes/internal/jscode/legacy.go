package jscode

import (
	"errors"
	"log/slog"

	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsruntime"
)

// legacyStackBug is what n8n 1.123.81's Function and Function Item nodes
// report for any error thrown by the script: they look for a stack line
// naming the node, find none (the stack says "Code:"), and fail on
// `undefined.split` (recorded). The script's own error is logged.
const legacyStackBug = "Cannot read properties of undefined (reading 'split')"

// LegacyError is the node error of a failed Function / Function Item
// script (not under continueOnFail).
func LegacyError(log *slog.Logger, err error, itemIndex int) error {
	var se *jsruntime.ScriptError
	if !errors.As(err, &se) {
		return err
	}
	log.Warn("script error (n8n reports it as an undefined.split TypeError)", "error", se.Error(), "line", se.Line)
	return &engine.NodeError{Message: legacyStackBug, ItemIndex: itemIndex, Err: err}
}

// LegacyErrorItem is the item n8n's legacy nodes emit for a failed
// script under continueOnFail: {json: {error: error.message}}.
func LegacyErrorItem(err error) data.Item {
	var se *jsruntime.ScriptError
	if errors.As(err, &se) {
		if !se.HasStack {
			// A thrown non-Error has no message.
			return data.Item{JSON: jsruntime.ToItemJSON(data.NewObject(0))}
		}
		return data.Item{JSON: jsruntime.ToItemJSON(data.ObjectOf("error", se.Message))}
	}
	return data.Item{JSON: jsruntime.ToItemJSON(data.ObjectOf("error", engine.AsNodeError(err).Message))}
}

// ErrorItem is the item the Code node emits for a failed run or item
// under continueOnFail: {json: {error: message}, pairedItem?}.
func ErrorItem(err error, paired data.Paired) data.Item {
	return data.Item{JSON: jsruntime.ToItemJSON(data.ObjectOf("error", engine.AsNodeError(err).Message)), Paired: paired}
}

// Lines of n8n 1.123.81's Function.node.ts that its error messages name
// ("[Line 194]"): the node appends the line of the first stack frame in
// its own source to errors raised while checking the result.
const (
	lineNormalize    = 171
	lineNoJSON       = 188
	lineJSONObject   = 194
	lineBinaryObject = 201
)

// functionError is a TypeError or ApplicationError raised while checking
// (no error class in run data); checkError one of the node's own
// NodeOperationErrors.
func functionError(msg string, line int) *engine.NodeError {
	return &engine.NodeError{Message: msg + " [Line " + itoa(line) + "]", ItemIndex: -1}
}

func checkError(msg string, line int) *engine.NodeError {
	e := functionError(msg, line)
	e.Name = "NodeOperationError"
	return e
}

// FunctionItems turns what a Function script returned into items (n8n's
// normalizeItems and the node's own checks, with their texts).
func FunctionItems(rt *jsruntime.Runtime, v goja.Value) ([]data.Item, error) {
	switch typeOf(v) {
	case "undefined":
		return nil, functionError("Cannot read properties of undefined (reading 'every')", lineNormalize)
	case "object":
		if goja.IsNull(v) {
			return nil, functionError("Cannot read properties of null (reading 'json')", lineNormalize)
		}
	default:
		return nil, functionError("executionData.every is not a function", lineNormalize)
	}
	x, err := rt.FromJS(v)
	if err != nil {
		return nil, err
	}
	var list []any
	switch r := x.(type) {
	case []any:
		list = r
	case *data.Object:
		if j, _ := r.Get("json"); truthy(j) {
			list = []any{r}
		} else {
			list = []any{data.ObjectOf("json", r)}
		}
	default:
		return nil, functionError("executionData.every is not a function", lineNormalize)
	}
	objs, err := normalize(list)
	if err != nil {
		return nil, functionError(engine.AsNodeError(err).Message, lineNormalize)
	}
	out := make([]data.Item, len(objs))
	for i, o := range objs {
		j, ok := o.Get("json")
		if !ok || data.IsUndefined(j) {
			return nil, checkError(`All returned items have to contain a property named "json"!`, lineNoJSON)
		}
		jo, ok := j.(*data.Object)
		if !ok {
			return nil, checkError("The json-property has to be an object!", lineJSONObject)
		}
		it := data.Item{JSON: jsruntime.ToItemJSON(jo)}
		if b, ok := o.Get("binary"); ok && !data.IsUndefined(b) {
			bo, ok := b.(*data.Object)
			if !ok {
				return nil, checkError("The binary-property has to be an object!", lineBinaryObject)
			}
			it.Binary = jsruntime.ToItemBinary(bo)
		}
		if p, ok := o.Get("pairedItem"); ok {
			it.Paired = pairedFrom(p)
		}
		out[i] = it
	}
	return out, nil
}

// FunctionItemResult turns what a Function Item script returned for input
// item i (in) into the output item.
func FunctionItemResult(rt *jsruntime.Runtime, v goja.Value, in *goja.Object, i int) (data.Item, error) {
	if v == nil || goja.IsUndefined(v) {
		return data.Item{}, &engine.NodeError{Name: "NodeOperationError", Message: "No data got returned. Always an object has to be returned!", ItemIndex: i}
	}
	x, err := rt.FromJS(v)
	if err != nil {
		return data.Item{}, err
	}
	o, ok := x.(*data.Object)
	if !ok {
		// n8n stores an array or a primitive as the item's json, which
		// no later node can read; n8n-go stops here instead (named in
		// the tests as a difference).
		return data.Item{}, &engine.NodeError{Name: "NodeOperationError",
			Message:     "The returned value is not an object [item " + itoa(i) + "]",
			Description: "Function Item must return an object: the item's new JSON. n8n would store an array or a primitive as the item's json.",
			ItemIndex:   i}
	}
	it := data.Item{JSON: jsruntime.ToItemJSON(o), Paired: data.One(i)}
	if b := in.Get("binary"); b != nil && !goja.IsUndefined(b) {
		bv, _ := rt.FromJS(b)
		if bo, ok := bv.(*data.Object); ok {
			it.Binary = jsruntime.ToItemBinary(bo)
		}
	}
	return it, nil
}

func itoa(i int) string {
	b, _ := data.MarshalValue(float64(i))
	return string(b)
}
