// Package aggregate is n8n's Aggregate node (n8n-nodes-base.aggregate v1):
// it collects field values, or whole items, of all input items into one item.
package aggregate

import (
	"context"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.aggregate", Versions: []float64{1},
		// It reads its inputs' json and binary only and outputs a new item.
		RawInputs: true,
		Defaults: func(float64) map[string]any {
			return map[string]any{
				"aggregate":            "aggregateIndividualFields",
				"fieldsToAggregate":    map[string]any{"fieldToAggregate": []any{map[string]any{"fieldToAggregate": "", "renameField": false}}},
				"destinationFieldName": "data", "include": "allFields",
				"fieldsToExclude": "", "fieldsToInclude": "", "options": map[string]any{},
			}
		},
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

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	ov, err := ex.Param("options", 0)
	if err != nil {
		return nil, err
	}
	opts, _ := ov.(*data.Object)
	mode, err := ex.ParamString("aggregate", 0)
	if err != nil {
		return nil, err
	}
	var res data.Item
	if mode == "aggregateIndividualFields" {
		res, err = individual(ex, items, opts)
	} else {
		res, err = allData(ex, items)
	}
	if err != nil {
		return nil, err
	}
	if jsvalue.Truthy(opts.Value("includeBinaries")) {
		addBinaries(&res, items, jsvalue.Truthy(opts.Value("keepOnlyUnique")))
	}
	return [][]data.Item{{res}}, nil
}

func individual(ex *engine.Exec, items []data.Item, opts *data.Object) (data.Item, error) {
	noDot := jsvalue.Truthy(opts.Value("disableDotNotation"))
	mergeLists := jsvalue.Truthy(opts.Value("mergeLists"))
	keepMissing := jsvalue.Truthy(opts.Value("keepMissing"))
	fv, err := ex.Param("fieldsToAggregate.fieldToAggregate", 0)
	if err != nil {
		return data.Item{}, err
	}
	list, _ := fv.([]any)
	if len(list) == 0 {
		return data.Item{}, engine.OperationError(-1, "No fields specified")
	}
	res := data.Item{JSON: data.NewObject(len(list)), Paired: data.Many(ex.OwnList(len(items))...)}
	// values is n8n's object of output name → list: its keys come out in
	// JavaScript's order (integer-like names first), a name seen again
	// keeps its first place.
	values := data.NewObject(len(list))
	var used []string
	for _, e := range list {
		m, _ := e.(*data.Object)
		from := jsvalue.ToString(orEmpty(m.Value("fieldToAggregate")))
		outName := jsvalue.ToString(orEmpty(m.Value("outputFieldName")))
		name := from
		if jsvalue.Truthy(m.Value("renameField")) {
			name = outName
		}
		for _, u := range used {
			if u == name {
				e := engine.OperationError(-1, "The '%s' output field is used more than once", name)
				e.Description = "Please make sure each output field name is unique"
				return data.Item{}, e
			}
		}
		used = append(used, name)
		if !noDot {
			if err := jsvalue.CheckPath(name); err != nil {
				return data.Item{}, engine.OperationError(-1, "Output field name %s", err.Error())
			}
		}
		target := outName
		if target == "" {
			target = from
			if !noDot && strings.Contains(from, ".") {
				target = from[strings.LastIndexByte(from, '.')+1:]
			}
		}
		if from == "" {
			continue
		}
		acc := []any{}
		for _, it := range items {
			var v any
			var ok bool
			if noDot {
				v, ok = it.JSON.Get(from)
			} else {
				v, ok = jsvalue.Get(it.JSON, from)
			}
			if !ok {
				v = nil
			}
			arr, isArr := v.([]any)
			if !keepMissing {
				if isArr {
					f := make([]any, 0, len(arr))
					for _, x := range arr {
						if x != nil {
							f = append(f, x)
						}
					}
					arr = f
				} else if v == nil {
					continue
				}
			}
			if isArr && mergeLists {
				for _, x := range arr {
					acc = append(acc, data.CloneJSON(x))
				}
			} else if isArr {
				acc = append(acc, data.CloneJSON(arr))
			} else if !ok {
				// keepMissing: undefined is kept in the list (JSON null).
				acc = append(acc, nil)
			} else {
				acc = append(acc, data.CloneJSON(v))
			}
		}
		values.Set(target, acc)
	}
	for name, vals := range values.All() {
		if noDot {
			res.JSON.Set(name, vals)
		} else {
			jsvalue.Set(res.JSON, name, vals)
		}
	}
	return res, nil
}

func allData(ex *engine.Exec, items []data.Item) (data.Item, error) {
	dest, err := ex.ParamString("destinationFieldName", 0)
	if err != nil {
		return data.Item{}, err
	}
	exc, err := ex.ParamString("fieldsToExclude", 0)
	if err != nil {
		return data.Item{}, err
	}
	inc, err := ex.ParamString("fieldsToInclude", 0)
	if err != nil {
		return data.Item{}, err
	}
	exclude, include := splitFields(exc), splitFields(inc)
	// One entry per item: sized once, not grown by doubling (for a large
	// run the growth alone allocated twice the final list).
	list := make([]any, 0, len(items))
	if len(exclude) == 0 && len(include) == 0 {
		// n8n puts the items' own json objects in the list; so do we: no
		// node changes an input item in place, so sharing is safe, and a
		// copy would double the memory of a big aggregation. Every item is
		// in it, so the pairedItem list is the run's shared one.
		for _, it := range items {
			list = append(list, orEmptyObject(it.JSON))
		}
		return data.Item{JSON: data.ObjectOf(dest, list), Paired: data.Many(ex.OwnList(len(items))...)}, nil
	}
	ps := make([]data.PairedItem, 0, len(items))
	for i, it := range items {
		m := data.NewObject(it.JSON.Len())
		for k, v := range it.JSON.All() {
			if len(exclude) > 0 && contains(exclude, k) {
				continue
			}
			if len(include) > 0 && !contains(include, k) {
				continue
			}
			m.Set(k, v) // shared, as n8n does (see above)
		}
		if m.Len() == 0 {
			continue
		}
		list = append(list, m)
		ps = append(ps, data.PairedItem{Item: i})
	}
	return data.Item{JSON: data.ObjectOf(dest, list), Paired: data.Many(ps...)}, nil
}

func addBinaries(res *data.Item, items []data.Item, unique bool) {
	type sig struct{ mime, ftype, size, ext string }
	var seen []sig
	for _, p := range res.Paired.List() {
		if p.Item >= len(items) || items[p.Item].Binary == nil {
			continue
		}
		// Object.keys(binary): the binary object's own order.
		for k, b := range items[p.Item].Binary.All() {
			if unique {
				bm, _ := b.(*data.Object)
				s := sig{fmt.Sprint(bm.Value("mimeType")), fmt.Sprint(bm.Value("fileType")), fmt.Sprint(bm.Value("fileSize")), fmt.Sprint(bm.Value("fileExtension"))}
				dup := false
				for _, x := range seen {
					if x == s {
						dup = true
						break
					}
				}
				if dup {
					continue
				}
				seen = append(seen, s)
			}
			if res.Binary == nil {
				res.Binary = data.NewObject(1)
			}
			key := k
			for n := 1; res.Binary.Has(key); n++ {
				key = fmt.Sprintf("%s_%d", k, n)
			}
			res.Binary.Set(key, b)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func orEmpty(v any) any {
	if v == nil || data.IsUndefined(v) {
		return ""
	}
	return v
}

func orEmptyObject(o *data.Object) *data.Object {
	if o == nil {
		return data.NewObject(0)
	}
	return o
}
