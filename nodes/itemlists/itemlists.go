// Package itemlists is n8n's legacy Item Lists node (v1, v2–2.2, v3–3.1).
// Its operations became separate nodes (Split Out, Aggregate, Remove
// Duplicates, Sort, Limit, Summarize); each operation here runs that
// node's code with that node's defaults, plus the checks the older
// versions made before the newer nodes relaxed them.
package itemlists

import (
	"context"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/aggregate"
	"github.com/n8n-go/n8n-go/nodes/limit"
	"github.com/n8n-go/n8n-go/nodes/removeduplicates"
	sortnode "github.com/n8n-go/n8n-go/nodes/sort"
	"github.com/n8n-go/n8n-go/nodes/splitout"
	"github.com/n8n-go/n8n-go/nodes/summarize"
)

// Type is the n8n type name.
const Type = "n8n-nodes-base.itemLists"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 2, 2.1, 2.2, 3, 3.1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"resource": "itemList", "operation": "splitOutItems"}
		},
		Check: func(p engine.Params, v float64) []string {
			op := p.String("operation")
			target, ver, ok := delegate(op, v)
			if !ok {
				return []string{`parameter operation: unknown value "` + op + `"`}
			}
			d := target.Describe()
			if d.Check == nil {
				return nil
			}
			return d.Check(engine.Params{Object: overlay(p.Object, d.Defaults(ver))}, ver)
		},
	}
}

// delegate names the node (and its version) that runs an operation.
func delegate(op string, v float64) (engine.Node, float64, bool) {
	switch op {
	case "splitOutItems":
		return splitout.New(), 1, true
	case "aggregateItems", "concatenateItems":
		if (op == "concatenateItems") != (v >= 3) {
			return nil, 0, false
		}
		return aggregate.New(), 1, true
	case "removeDuplicates":
		if v >= 3.1 {
			return removeduplicates.New(), 1.1, true
		}
		return removeduplicates.New(), 1, true
	case "sort":
		return sortnode.New(), 1, true
	case "limit":
		return limit.New(), 1, true
	case "summarize":
		return summarize.New(), 1, true
	}
	return nil, 0, false
}

func overlay(p *data.Object, defaults map[string]any) *data.Object {
	out := p.Clone()
	if out == nil {
		out = data.NewObject(len(defaults))
	}
	for k, v := range defaults {
		if !out.Has(k) {
			out.Set(k, data.Normalize(data.CloneJSON(v)))
		}
	}
	return out
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	v := ex.Version()
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	target, ver, ok := delegate(op, v)
	if !ok {
		return nil, engine.OperationError(-1, "The operation %q is not known", op)
	}
	params := ex.Params().Object
	if v < 3 {
		if op == "splitOutItems" {
			if err := checkSplitOut(ex); err != nil {
				return nil, err
			}
		}
		params = fieldListsAsStrings(params)
	}
	out, err := target.Execute(ctx, ex.As(ver, params, target.Describe().Defaults(ver)))
	if err != nil || op != "summarize" {
		return out, err
	}
	return splitKeysFirst(ex, out)
}

// splitKeysFirst is Item Lists' summarize order: each group's split-by
// fields come before the aggregations (the Summarize node puts them last).
func splitKeysFirst(ex *engine.Exec, out [][]data.Item) ([][]data.Item, error) {
	raw, err := ex.ParamOr("fieldsToSplitBy", 0, "")
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, k := range strings.Split(jsvalue.ToString(raw), ",") {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 || len(out) == 0 {
		return out, nil
	}
	for i, it := range out[0] {
		if it.JSON == nil {
			continue
		}
		j := data.NewObject(it.JSON.Len())
		for _, k := range keys {
			if v, ok := it.JSON.Get(k); ok {
				j.Set(k, v)
			}
		}
		for k, v := range it.JSON.All() {
			if !j.Has(k) {
				j.Set(k, v)
			}
		}
		out[0][i].JSON = j
	}
	return out, nil
}

// checkSplitOut makes the checks v1–2.1 made that Split Out dropped: a
// missing field is an error before 2.1, a value that is not an object or
// array before 2.2 (v1: not an array).
func checkSplitOut(ex *engine.Exec) error {
	v := ex.Version()
	if v >= 2.2 {
		return nil
	}
	opts, err := ex.Param("options", 0)
	if err != nil {
		return err
	}
	o, _ := opts.(*data.Object)
	flat := jsvalue.Truthy(o.Value("disableDotNotation"))
	for i, it := range ex.Input(0) {
		raw, err := ex.ParamString("fieldToSplitOut", i)
		if err != nil {
			return err
		}
		fields := []string{raw}
		if v >= 2 {
			fields = strings.Split(raw, ",")
		}
		for _, f := range fields {
			f = strings.TrimSpace(f)
			var val any
			var found bool
			if flat {
				val, found = it.JSON.Get(f)
			} else {
				val, found = jsvalue.Get(it.JSON, f)
			}
			if !found || data.IsUndefined(val) {
				if v >= 2.1 {
					continue
				}
				if strings.Contains(f, ".") && flat {
					e := engine.OperationError(-1, "Couldn't find the field '%s' in the input data", f)
					e.Description = "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options"
					return e
				}
				return engine.OperationError(i, "Couldn't find the field '%s' in the input data", f)
			}
			_, isArr := val.([]any)
			_, isObj := val.(*data.Object)
			if v < 2 && !isArr {
				return engine.OperationError(i, "The provided field '%s' is not an array", f)
			}
			if !isArr && !isObj {
				return engine.OperationError(i, "The provided field '%s' is not an array or object", f)
			}
		}
	}
	return nil
}

// fieldListsAsStrings turns v1/v2's field lists (fieldsToInclude,
// fieldsToExclude, fieldsToCompare as {fields: [{fieldName}]}) into the
// comma-separated strings v3 and the newer nodes take.
func fieldListsAsStrings(p *data.Object) *data.Object {
	out := p
	for _, key := range []string{"fieldsToInclude", "fieldsToExclude", "fieldsToCompare"} {
		fl, ok := p.Value(key).(*data.Object)
		if !ok {
			continue
		}
		list, _ := fl.Value("fields").([]any)
		names := make([]string, 0, len(list))
		for _, f := range list {
			if m, ok := f.(*data.Object); ok {
				names = append(names, jsvalue.ToString(m.Value("fieldName")))
			}
		}
		if out == p {
			out = p.Clone()
		}
		out.Set(key, strings.Join(names, ","))
	}
	return out
}
