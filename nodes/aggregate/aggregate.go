// Package aggregate is n8n's Aggregate node (n8n-nodes-base.aggregate v1):
// it collects field values, or whole items, of all input items into one item.
package aggregate

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/set/jsval"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.aggregate", Versions: []float64{1},
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
	opts, _ := ov.(map[string]any)
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
	if jsval.Truthy(opts["includeBinaries"]) {
		addBinaries(&res, items, jsval.Truthy(opts["keepOnlyUnique"]))
	}
	return [][]data.Item{{res}}, nil
}

func individual(ex *engine.Exec, items []data.Item, opts map[string]any) (data.Item, error) {
	noDot := jsval.Truthy(opts["disableDotNotation"])
	mergeLists := jsval.Truthy(opts["mergeLists"])
	keepMissing := jsval.Truthy(opts["keepMissing"])
	fv, err := ex.Param("fieldsToAggregate.fieldToAggregate", 0)
	if err != nil {
		return data.Item{}, err
	}
	list, _ := fv.([]any)
	if len(list) == 0 {
		return data.Item{}, engine.OperationError(-1, "No fields specified")
	}
	ps := make([]data.PairedItem, len(items))
	for i := range items {
		ps[i] = data.PairedItem{Item: i}
	}
	res := data.Item{JSON: map[string]any{}, Paired: data.Many(ps...)}
	type outField struct {
		name   string
		values []any
	}
	var outs []*outField
	byName := map[string]*outField{}
	var used []string
	for _, e := range list {
		m, _ := e.(map[string]any)
		from := jsval.ToString(orEmpty(m["fieldToAggregate"]))
		outName := jsval.ToString(orEmpty(m["outputFieldName"]))
		name := from
		if jsval.Truthy(m["renameField"]) {
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
			if err := jsval.CheckPath(name); err != nil {
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
		of := byName[target]
		if of == nil {
			of = &outField{name: target}
			byName[target] = of
			outs = append(outs, of)
		}
		of.values = []any{}
		for _, it := range items {
			var v any
			var ok bool
			if noDot {
				v, ok = it.JSON[from]
			} else {
				v, ok = jsval.Get(it.JSON, from)
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
					of.values = append(of.values, data.CloneJSON(x))
				}
			} else if isArr {
				of.values = append(of.values, data.CloneJSON(arr))
			} else if !ok {
				// keepMissing: undefined is kept in the list (JSON null).
				of.values = append(of.values, nil)
			} else {
				of.values = append(of.values, data.CloneJSON(v))
			}
		}
	}
	for _, of := range outs {
		if noDot {
			res.JSON[of.name] = of.values
		} else {
			jsval.Set(res.JSON, of.name, of.values)
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
	list := []any{}
	var ps []data.PairedItem
	for i, it := range items {
		if len(exclude) == 0 && len(include) == 0 {
			list = append(list, data.CloneObject(orMap(it.JSON)))
			ps = append(ps, data.PairedItem{Item: i})
			continue
		}
		m := map[string]any{}
		for k, v := range it.JSON {
			if len(exclude) > 0 && contains(exclude, k) {
				continue
			}
			if len(include) > 0 && !contains(include, k) {
				continue
			}
			m[k] = data.CloneJSON(v)
		}
		if len(m) == 0 {
			continue
		}
		list = append(list, m)
		ps = append(ps, data.PairedItem{Item: i})
	}
	if ps == nil {
		ps = []data.PairedItem{}
	}
	return data.Item{JSON: map[string]any{dest: list}, Paired: data.Many(ps...)}, nil
}

func addBinaries(res *data.Item, items []data.Item, unique bool) {
	type sig struct{ mime, ftype, size, ext string }
	var seen []sig
	for _, p := range res.Paired.List {
		if p.Item >= len(items) || items[p.Item].Binary == nil {
			continue
		}
		bin := items[p.Item].Binary
		keys := make([]string, 0, len(bin))
		for k := range bin {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b := bin[k]
			if unique {
				bm, _ := b.(map[string]any)
				s := sig{fmt.Sprint(bm["mimeType"]), fmt.Sprint(bm["fileType"]), fmt.Sprint(bm["fileSize"]), fmt.Sprint(bm["fileExtension"])}
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
				res.Binary = map[string]any{}
			}
			key := k
			for n := 1; res.Binary[key] != nil; n++ {
				key = fmt.Sprintf("%s_%d", k, n)
			}
			res.Binary[key] = b
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

func orMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
