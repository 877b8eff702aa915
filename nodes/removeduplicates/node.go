// Package removeduplicates is n8n's Remove Duplicates node (1, 1.1, 2):
// items repeated within the current input are dropped, comparing all
// fields, all but some, or selected ones; version 2 also drops items seen
// in earlier executions (history.go).
package removeduplicates

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/internal/order"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.removeDuplicates", Versions: []float64{1, 1.1, 2},
		Defaults: func(float64) map[string]any {
			return map[string]any{"operation": "removeDuplicateInputItems", "compare": "allFields",
				"fieldsToExclude": "", "fieldsToCompare": "", "options": map[string]any{},
				"logic": "removeItemsWithAlreadySeenKeyValues", "dedupeValue": "", "incrementalDedupeValue": "",
				"dateDedupeValue": "", "mode": "cleanDatabase"}
		},
		Check: func(p engine.Params, v float64) []string {
			if v < 2 {
				return nil
			}
			switch op, _ := p.Value("operation").(string); op {
			case "", "removeDuplicateInputItems", "removeItemsSeenInPreviousExecutions", "clearDeduplicationHistory":
				return nil
			default:
				return []string{fmt.Sprintf(`parameter operation: expected "removeDuplicateInputItems", "removeItemsSeenInPreviousExecutions" or "clearDeduplicationHistory", got %q`, op)}
			}
		},
	}
}

// flattenKeys lists n8n's flattenKeys(json) keys: paths to every
// non-object leaf ("a.b", "list.0"), objects and arrays alike descended.
func flattenKeys(v any, prefix string, out *data.Object) {
	switch x := v.(type) {
	case *data.Object:
		for k, e := range x.All() {
			flattenKeys(e, prefix+k+".", out)
		}
	case []any:
		for i, e := range x {
			flattenKeys(e, prefix+strconv.Itoa(i)+".", out)
		}
	default:
		out.Set(strings.TrimSuffix(prefix, "."), true)
	}
}

func itemKeys(js *data.Object, flat bool) []string {
	if flat {
		return js.Keys()
	}
	nested := false
	for _, e := range js.All() {
		switch e.(type) {
		case *data.Object, []any:
			nested = true
		}
	}
	if !nested {
		return js.Keys()
	}
	o := data.NewObject(js.Len())
	for k, e := range js.All() {
		flattenKeys(e, k+".", o)
	}
	return o.Keys()
}

// fields is prepareFieldsArray: a comma-separated string or an array.
func fields(v any, label string) ([]string, error) {
	switch x := v.(type) {
	case string:
		var out []string
		for _, f := range strings.Split(x, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
		return out, nil
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = jsvalue.ToString(e)
		}
		return out, nil
	case nil:
		return nil, nil
	}
	return nil, engine.OperationError(-1, "The '%s' parameter must be a string of fields separated by commas or an array of strings.", label)
}

func (n node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	if len(items) == 0 {
		return [][]data.Item{{}}, nil
	}
	if ex.Version() < 2 {
		return n.inputDuplicates(ex, items)
	}
	var out [][]data.Item
	op, err := ex.ParamString("operation", 0)
	if err == nil {
		switch op {
		case "removeItemsSeenInPreviousExecutions":
			out, err = seenBefore(ex, items)
		case "clearDeduplicationHistory":
			out, err = clearHistory(ex, items)
		default:
			out, err = n.inputDuplicates(ex, items)
		}
	}
	// Version 2 catches its own errors: with "continue" on, one item with
	// the first input item's json and the error.
	if err != nil && ex.ContinueOnFail() {
		return [][]data.Item{{{JSON: items[0].JSON, Error: data.ErrorOf(err)}}}, nil
	}
	return out, err
}

// inputDuplicates drops the items repeated within the input.
func (node) inputDuplicates(ex *engine.Exec, items []data.Item) ([][]data.Item, error) {
	compare, err := ex.ParamString("compare", 0)
	if err != nil {
		return nil, err
	}
	noDot, err := ex.ParamOr("options.disableDotNotation", 0, false)
	if err != nil {
		return nil, err
	}
	removeOther, err := ex.ParamOr("options.removeOtherFields", 0, false)
	if err != nil {
		return nil, err
	}
	flat := jsvalue.Truthy(noDot)
	keys := itemKeys(items[0].JSON, flat)
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		seen[k] = true
	}
	for _, it := range items[1:] {
		for _, k := range itemKeys(it.JSON, flat) {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	switch compare {
	case "allFieldsExcept":
		v, err := ex.Param("fieldsToExclude", 0)
		if err != nil {
			return nil, err
		}
		ex2, err := fields(v, "Fields To Exclude")
		if err != nil {
			return nil, err
		}
		if len(ex2) == 0 {
			return nil, engine.OperationError(-1, "No fields specified. Please add a field to exclude from comparison")
		}
		if !flat {
			keys = itemKeys(items[0].JSON, false)
		}
		keys = slices.DeleteFunc(keys, func(k string) bool { return slices.Contains(ex2, k) })
	case "selectedFields":
		v, err := ex.Param("fieldsToCompare", 0)
		if err != nil {
			return nil, err
		}
		sel, err := fields(v, "Fields To Compare")
		if err != nil {
			return nil, err
		}
		if len(sel) == 0 {
			return nil, engine.OperationError(-1, "No fields specified. Please add a field to compare on")
		}
		keys = make([]string, len(sel))
		for i, f := range sel {
			keys[i] = strings.TrimSpace(f)
		}
	}
	// Each item's compared values, read once.
	getters := make([]func(any) (any, bool), len(keys))
	for j, k := range keys {
		getters[j] = jsvalue.Getter(k)
	}
	vals := make([][]any, len(items))
	for i, it := range items {
		vs := make([]any, len(keys))
		for j, k := range keys {
			var v any
			var ok bool
			if flat {
				v, ok = it.JSON.Get(k)
			} else {
				v, ok = getters[j](it.JSON)
			}
			if !ok {
				v = data.Undefined
			}
			vs[j] = v
		}
		vals[i] = vs
	}
	// n8n sorts by the keys (stable), checks the sorted items, then drops
	// each item equal to the last one kept: O(n log n).
	dirs := make([]int, len(keys))
	for j := range dirs {
		dirs[j] = 1
	}
	sorted := order.Stable(vals, dirs)
	if err := validate(ex.Version(), sorted, vals, keys, flat); err != nil {
		return nil, err
	}
	removed := make([]bool, len(items))
	kept := sorted[0]
	for _, idx := range sorted[1:] {
		same := true
		for j := range keys {
			if order.Compare(vals[idx][j], vals[kept][j]) != 0 {
				same = false
				break
			}
		}
		if same {
			removed[idx] = true
		} else {
			kept = idx
		}
	}
	out := make([]data.Item, 0, len(items))
	for i, it := range items {
		if removed[i] {
			continue
		}
		if jsvalue.Truthy(removeOther) {
			// lodash pick, and pairedItem numbered in the output (as n8n).
			picked := data.NewObject(len(keys))
			for _, k := range keys {
				if v, ok := jsvalue.Get(it.JSON, k); ok {
					jsvalue.Set(picked, k, data.CloneJSON(v))
				}
			}
			it = data.Item{JSON: picked, Paired: data.One(len(out))}
		}
		out = append(out, it)
	}
	return [][]data.Item{out}, nil
}

// validate is n8n's validateInputData over the sorted items.
func validate(version float64, order []int, vals [][]any, keys []string, flat bool) error {
	for j, key := range keys {
		typ := ""
		for i, idx := range order {
			if key == "" {
				return engine.OperationError(-1, "Name of field to compare is blank")
			}
			v := vals[idx][j]
			if v == nil && version > 1 {
				continue
			}
			if data.IsUndefined(v) {
				e := engine.OperationError(-1, "'%s' field is missing from some input items", key)
				if flat && strings.Contains(key, ".") {
					e.Description = "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options"
				}
				return e
			}
			t := jsvalue.TypeOf(v)
			if typ != "" && typ != t {
				e := engine.OperationError(-1, "'%s' isn't always the same type", key)
				e.Description = "The type of this field varies between items"
				if version > 1 {
					e.Description += fmt.Sprintf(", in item [%d] it's a %s and in item [%d] it's a %s ", i-1, typ, i, t)
				}
				return e
			}
			typ = t
		}
	}
	return nil
}
