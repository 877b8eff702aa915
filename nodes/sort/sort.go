// Package sort is n8n's Sort node (1): items sorted by fields (strings
// case-insensitively, lodash isEqual / lt), or shuffled.
package sort

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
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
		Type: "n8n-nodes-base.sort", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"type": "simple", "sortFieldsUi": map[string]any{}, "options": map[string]any{}}
		},
		Check: func(p engine.Params, _ float64) []string {
			switch t, _ := p.Value("type").(string); t {
			case "", "simple", "random":
				return nil
			case "code":
				return []string{`parameter type: sorting with code is not supported by n8n-go yet`}
			default:
				return []string{fmt.Sprintf(`parameter type: expected "simple", "random" or "code", got %q`, t)}
			}
		},
	}
}

type field struct {
	name string
	dir  int
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := slices.Clone(ex.Input(0))
	typ, err := ex.ParamString("type", 0)
	if err != nil {
		return nil, err
	}
	noDot, err := ex.ParamOr("options.disableDotNotation", 0, false)
	if err != nil {
		return nil, err
	}
	flat := jsvalue.Truthy(noDot)
	if typ == "random" {
		rand.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		return [][]data.Item{items}, nil
	}
	ui, err := ex.Param("sortFieldsUi", 0)
	if err != nil {
		return nil, err
	}
	list, _ := ui.(*data.Object).Value("sortField").([]any)
	if len(list) == 0 {
		return nil, engine.OperationError(-1, "No sorting specified. Please add a field to sort by")
	}
	fields := make([]field, len(list))
	for i, f := range list {
		o, _ := f.(*data.Object)
		fields[i].name = jsvalue.ToString(o.Value("fieldName"))
		fields[i].dir = 1 // "ascending" is the parameter's default
		if ord, ok := o.Get("order"); ok && ord != "ascending" {
			fields[i].dir = -1
		}
	}
	getters := map[string]func(any) (any, bool){}
	get := func(js *data.Object, name string) any {
		if flat {
			v, ok := js.Get(name)
			if !ok {
				return data.Undefined
			}
			return v
		}
		g := getters[name]
		if g == nil {
			g = jsvalue.Getter(name)
			getters[name] = g
		}
		v, ok := g(js)
		if !ok {
			return data.Undefined
		}
		return v
	}
	for _, f := range fields {
		found := false
		for _, it := range items {
			if flat {
				found = found || it.JSON.Has(f.name)
			} else if v := get(it.JSON, f.name); !data.IsUndefined(v) {
				found = true
			}
		}
		if !found {
			e := engine.OperationError(-1, "Couldn't find the field '%s' in the input data", f.name)
			if flat && strings.Contains(f.name, ".") {
				e.Description = "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options"
			}
			return nil, e
		}
	}
	// The values compared, read once per item: n log n comparisons then
	// cost no path lookups.
	keys := make([][]any, len(items))
	for i, it := range items {
		ks := make([]any, len(fields))
		for j, f := range fields {
			v := get(it.JSON, f.name)
			if s, ok := v.(string); ok {
				v = strings.ToLower(s)
			}
			ks[j] = v
		}
		keys[i] = ks
	}
	dirs := make([]int, len(fields))
	for j, f := range fields {
		dirs[j] = f.dir
	}
	idx := order.Stable(keys, dirs)
	out := make([]data.Item, len(items))
	for i, k := range idx {
		out[i] = items[k]
	}
	return [][]data.Item{out}, nil
}
