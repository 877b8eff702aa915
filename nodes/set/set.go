// Package set is n8n's Edit Fields (Set) node: typeVersion 3 to 3.4
// (manual assignments or raw JSON) and the legacy 1 and 2 (values.string /
// number / boolean, keepOnlySet).
package set

import (
	"context"
	"errors"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

const defaultJSONOutput = "{\n  \"my_field_1\": \"value\",\n  \"my_field_2\": 1\n}\n"

func (node) Describe() engine.Description {
	return engine.Description{
		NewItems: true,
		Type:     "n8n-nodes-base.set",
		Versions: []float64{1, 2, 3, 3.1, 3.2, 3.3, 3.4},
		Defaults: func(v float64) map[string]any {
			if v < 3 {
				return map[string]any{"keepOnlySet": false, "values": map[string]any{}, "options": map[string]any{}}
			}
			return map[string]any{
				"mode": "manual", "duplicateItem": false, "duplicateCount": 0.0,
				"includeOtherFields": false, "include": "all", "includeFields": "", "excludeFields": "",
				"options": map[string]any{}, "jsonOutput": defaultJSONOutput,
				"assignments": map[string]any{}, "fields": map[string]any{},
			}
		},
		Check: check,
	}
}

func check(p engine.Params, v float64) []string {
	if v < 3 {
		return nil
	}
	var out []string
	if m, ok := p.Value("mode").(string); ok && m != "manual" && m != "raw" {
		out = append(out, `parameter mode: expected "manual" or "raw", got "`+m+`"`)
	}
	if inc, ok := p.Value("include").(string); ok && !strings.HasPrefix(inc, "=") {
		switch inc {
		case "all", "selected", "except", "none":
		default:
			out = append(out, `parameter include: unknown value "`+inc+`"`)
		}
	}
	return out
}

// options are the per-item settings of Set v3 (n8n's SetNodeOptions).
type options struct {
	include       string
	dotNotation   bool
	ignoreErrors  bool
	includeBinary bool
}

func (n node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	if ex.Version() < 3 {
		return executeV1(ex)
	}
	items := ex.Input(0)
	mode := ex.Params().String("mode")
	duplicate := 0
	if d, _ := ex.Params().Value("duplicateItem").(bool); d && ex.Mode() == "manual" {
		c, err := ex.ParamNumber("duplicateCount", 0)
		if err != nil {
			return nil, err
		}
		duplicate = int(c)
	}
	// Raw JSON with expressions is resolved piecewise, from its raw text.
	rawJSON, rawIsExpr := "", false
	if mode == "raw" {
		if s, ok := ex.Params().Value("jsonOutput").(string); ok && strings.HasPrefix(s, "=") {
			rawJSON, rawIsExpr = strings.TrimLeft(s, "="), true
		}
	}
	var list []assignment
	if mode != "raw" && ex.Version() >= 3.3 {
		list = rawAssignments(ex)
	}
	// Options without expressions are the same for every item.
	var fixed *options
	p := ex.Params()
	if !engine.HasExpression(p.Value("includeOtherFields")) && !engine.HasExpression(p.Value("include")) && !engine.HasExpression(p.Value("options")) && len(items) > 0 {
		o, err := readOptions(ex, 0)
		if err != nil {
			return nil, err
		}
		fixed = &o
	}
	out := make([]data.Item, 0, len(items)*(duplicate+1))
	for i := range items {
		it, err := executeItem(ex, items[i], i, mode, rawJSON, rawIsExpr, list, fixed)
		if err != nil {
			if ex.ContinueOnFail() {
				it = errorItem(mode, err, i)
			} else {
				return nil, asNodeError(err, i)
			}
		}
		for j := 0; j <= duplicate; j++ {
			out = append(out, it)
		}
	}
	return [][]data.Item{out}, nil
}

// errorItem is the item n8n 1.123 emits for a failed item under
// continueOnFail. Its manual mode puts pairedItem inside json (an n8n slip
// that also keeps such items out of the error output); raw mode does not.
func errorItem(mode string, err error, i int) data.Item {
	if mode == "raw" {
		return data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)}
	}
	return data.Item{JSON: data.ObjectOf("error", err.Error(), "pairedItem", data.ObjectOf("item", float64(i)))}
}

func asNodeError(err error, i int) error {
	var ne *engine.NodeError
	if errors.As(err, &ne) {
		if ne.Name == "ExpressionError" {
			// Set wraps expression errors in a NodeOperationError.
			w := *ne
			w.Name = "NodeOperationError"
			return &w
		}
		return ne
	}
	e := engine.OperationError(i, "%s", err.Error())
	var ce *conversionError
	if errors.As(err, &ce) {
		e.Description = ce.description
	}
	var je *jsonError
	if errors.As(err, &je) {
		e.Description = je.description
	}
	e.Err = err
	return e
}

func readOptions(ex *engine.Exec, i int) (options, error) {
	var o options
	inc, err := ex.ParamBool("includeOtherFields", i)
	if err != nil {
		return o, err
	}
	include, err := ex.ParamString("include", i)
	if err != nil {
		return o, err
	}
	if ex.Version() >= 3.3 && !inc {
		include = "none"
	}
	o.include = include
	ov, err := ex.Param("options", i)
	if err != nil {
		return o, err
	}
	opts, _ := ov.(*data.Object)
	o.dotNotation = true
	if b, ok := opts.Value("dotNotation").(bool); ok && !b {
		o.dotNotation = false
	}
	o.ignoreErrors = jsvalue.Truthy(opts.Value("ignoreConversionErrors"))
	if ex.Version() >= 3.4 {
		o.includeBinary = !jsvalue.Truthy(opts.Value("stripBinary")) && include != "none"
	} else {
		o.includeBinary = jsvalue.Truthy(opts.Value("includeBinary"))
	}
	return o, nil
}

func executeItem(ex *engine.Exec, in data.Item, i int, mode, rawJSON string, rawIsExpr bool, list []assignment, fixed *options) (data.Item, error) {
	var o options
	var err error
	if fixed != nil {
		o = *fixed
	} else if o, err = readOptions(ex, i); err != nil {
		return data.Item{}, err
	}
	var fields *data.Object
	switch mode {
	case "raw":
		if fields, err = rawFields(ex, i, rawJSON, rawIsExpr); err != nil {
			return data.Item{}, err
		}
	default:
		if ex.Version() < 3.3 {
			fields, err = fieldsV3(ex, i, o)
		} else {
			return assignmentsItem(ex, list, in, i, o)
		}
		if err != nil {
			return data.Item{}, err
		}
	}
	return compose(ex, in, i, fields, o)
}

// compose is n8n's composeReturnItem: start from the input as the include
// option says, then write every new field in the order of the fields
// object (n8n builds it with obj[name] = value, so a repeated name keeps
// its first place and integer-like names come first).
func compose(ex *engine.Exec, in data.Item, i int, fields *data.Object, o options) (data.Item, error) {
	out := data.Item{Paired: ex.One(i)}
	if o.includeBinary && in.Binary != nil {
		out.Binary = in.Binary.Clone()
	}
	h := helper{dot: o.dotNotation}
	switch o.include {
	case "all":
		// n8n deep-copies the input item; a copy of its top level does as
		// well here: nested values are shared with the input (no node
		// changes an input's nested values in place, and the writes below
		// copy what their path goes through), which saves a third of this
		// node's memory.
		out.JSON = in.JSON.CloneGrow(fields.Len())
		if out.JSON == nil {
			out.JSON = data.NewObject(fields.Len())
		}
	case "selected":
		list, err := ex.ParamString("includeFields", i)
		if err != nil {
			return data.Item{}, err
		}
		out.JSON = data.NewObject(fields.Len())
		for _, key := range splitFields(list) {
			v, ok := h.get(in.JSON, key)
			target := key
			if o.dotNotation && strings.Contains(key, ".") {
				target = key[strings.LastIndexByte(key, '.')+1:]
			}
			if !ok {
				v = data.Undefined
			}
			// A missing field is set to undefined: it keeps its place
			// should a new field of that name follow, and is dropped below.
			h.set(out.JSON, target, v)
		}
	case "except":
		list, err := ex.ParamString("excludeFields", i)
		if err != nil {
			return data.Item{}, err
		}
		out.JSON = in.JSON.CloneGrow(fields.Len())
		if out.JSON == nil {
			out.JSON = data.NewObject(fields.Len())
		}
		for _, key := range splitFields(list) {
			h.unset(out.JSON, key)
		}
	case "none":
		out.JSON = data.NewObject(fields.Len())
	default:
		return data.Item{}, errors.New(`The include option "` + o.include + `" is not known!`)
	}
	for k, v := range fields.All() {
		if h.dot {
			if err := jsvalue.CheckPath(k); err != nil {
				return data.Item{}, engine.OperationError(i, "Field name %s", err.Error())
			}
		}
		h.set(out.JSON, k, v)
	}
	if o.include == "selected" {
		dropUndefined(out.JSON)
	}
	return out, nil
}

// dropUndefined removes top-level keys set to undefined (JSON drops them).
func dropUndefined(o *data.Object) {
	for i := o.Len() - 1; i >= 0; i-- {
		if data.IsUndefined(o.ValueAt(i)) {
			o.Delete(o.KeyAt(i))
		}
	}
}

func splitFields(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// helper reads and writes fields with or without dot notation.
type helper struct{ dot bool }

func (h helper) get(obj *data.Object, key string) (any, bool) {
	if h.dot {
		return jsvalue.Get(obj, key)
	}
	return obj.Get(sanitizeKey(obj, key))
}

func (h helper) set(obj *data.Object, key string, v any) {
	if h.dot {
		jsvalue.SetCopying(obj, key, v)
		return
	}
	obj.Set(sanitizeKey(obj, key), v)
}

func (h helper) unset(obj *data.Object, key string) {
	if h.dot {
		jsvalue.UnsetCopying(obj, key)
		return
	}
	obj.Delete(sanitizeKey(obj, key))
}

// sanitizeKey is n8n's sanitizeDataPathKey: ["a.b"] and ['a.b'] name the key
// a.b unless the bracketed text is itself a key.
func sanitizeKey(obj *data.Object, key string) string {
	if v, ok := obj.Get(key); ok && !data.IsUndefined(v) {
		return key
	}
	if len(key) >= 4 && ((strings.HasPrefix(key, "['") && strings.HasSuffix(key, "']")) ||
		(strings.HasPrefix(key, `["`) && strings.HasSuffix(key, `"]`))) {
		return key[2 : len(key)-2]
	}
	return key
}
