package merge

import (
	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// legacyDefaults are the parameter defaults of Merge v1 and v2/2.1.
func legacyDefaults(v float64) map[string]any {
	if v < 2 {
		return map[string]any{
			"mode": "append", "join": "left", "propertyName1": "", "propertyName2": "",
			"output": "input1", "overwrite": "always",
		}
	}
	return map[string]any{
		"mode": "append", "combinationMode": "mergeByFields",
		"mergeByFields": map[string]any{"values": []any{map[string]any{"field1": "", "field2": ""}}},
		"joinMode":      "keepMatches", "outputDataFrom": "both",
		"chooseBranchMode": "waitForBoth", "output": "input1", "options": map[string]any{},
	}
}

// checkLegacy accepts what n8n's v1/v2 run: v1 ends an unknown mode with no
// items (corpus workflows carry old names such as mergeByPropertyName), so
// only v2's unknown modes are reported.
func checkLegacy(p engine.Params, v float64) []string {
	if v < 2 {
		return nil
	}
	switch mode := p.String("mode"); mode {
	case "append", "chooseBranch":
	case "combine":
		switch cm := p.String("combinationMode"); cm {
		case "mergeByFields", "mergeByPosition", "multiplex":
		default:
			return []string{`parameter combinationMode: unknown value "` + cm + `"`}
		}
	default:
		return []string{`parameter mode: unknown value "` + mode + `"`}
	}
	return nil
}

// twoInputs is getInputData(0) and (1), [] when nothing arrived.
func twoInputs(ex *engine.Exec) [][]data.Item {
	own := ex.OwnInputs()
	in := make([][]data.Item, 2)
	copy(in, own)
	for i := range in {
		if in[i] == nil {
			in[i] = []data.Item{}
		}
	}
	return in
}

// executeV1 is Merge v1.
func executeV1(ex *engine.Exec, in [][]data.Item) ([][]data.Item, error) {
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	out := []data.Item{}
	switch mode {
	case "append":
		out = append(append(out, in[0]...), in[1]...)
	case "mergeByIndex":
		return mergeByIndex(ex, in)
	case "multiplex":
		for _, a := range in[0] {
			for _, b := range in[1] {
				j := shallow(a.JSON)
				for k, v := range orEmpty(b.JSON).All() {
					j.Set(k, v)
				}
				out = append(out, data.Item{JSON: j, Paired: data.Many(concatPaired(a, b)...)})
			}
		}
	case "keepKeyMatches", "mergeByKey", "removeKeyMatches":
		return keyMatches(ex, mode, in)
	case "passThrough":
		o, err := ex.ParamString("output", 0)
		if err != nil {
			return nil, err
		}
		if o == "input1" {
			out = append(out, in[0]...)
		} else {
			out = append(out, in[1]...)
		}
	case "wait":
		ps := make([]data.PairedItem, len(in[0]))
		for i := range ps {
			ps[i] = data.PairedItem{Item: i}
		}
		out = append(out, data.Item{JSON: data.NewObject(0), Paired: data.Many(ps...)})
	}
	return [][]data.Item{out}, nil
}

// concatPaired is [a.pairedItem, b.pairedItem] (each a single {item}).
func concatPaired(a, b data.Item) []data.PairedItem {
	ps := append(append([]data.PairedItem{}, firstPaired(a)...), firstPaired(b)...)
	return ps
}

func mergeByIndex(ex *engine.Exec, in [][]data.Item) ([][]data.Item, error) {
	join, err := ex.ParamString("join", 0)
	if err != nil {
		return nil, err
	}
	in1, in2 := in[0], in[1]
	out := []data.Item{}
	if len(in1) == 0 {
		if join == "inner" || join == "left" {
			return [][]data.Item{out}, nil
		}
		return [][]data.Item{in2}, nil
	}
	if len(in2) == 0 {
		if join == "left" || join == "outer" {
			return [][]data.Item{in1}, nil
		}
		return [][]data.Item{out}, nil
	}
	n := len(in1)
	switch join {
	case "inner":
		n = min(len(in1), len(in2))
	case "outer":
		n = max(len(in1), len(in2))
	}
	for i := range n {
		if i >= len(in1) {
			out = append(out, in2[i])
			continue
		}
		if i >= len(in2) {
			out = append(out, in1[i])
			continue
		}
		a, b := in1[i], in2[i]
		it := data.Item{JSON: shallow(a.JSON), Paired: data.Many(concatPaired(a, b)...)}
		for k, v := range orEmpty(b.JSON).All() {
			it.JSON.Set(k, v)
		}
		if a.Binary != nil {
			it.Binary = a.Binary.Clone()
		}
		if b.Binary != nil {
			if it.Binary == nil {
				it.Binary = data.NewObject(b.Binary.Len())
			}
			for k, v := range b.Binary.All() {
				if v == nil || data.IsUndefined(v) {
					if old, ok := it.Binary.Get(k); ok {
						v = old
					}
				}
				it.Binary.Set(k, v)
			}
		}
		out = append(out, it)
	}
	return [][]data.Item{out}, nil
}

// keyMatches is v1's keepKeyMatches, mergeByKey and removeKeyMatches: input
// 2's items are indexed by String(value) of propertyName2 (falsy values
// skipped, later items win), input 1's looked up by propertyName1.
func keyMatches(ex *engine.Exec, mode string, in [][]data.Item) ([][]data.Item, error) {
	out := []data.Item{}
	p1, err := ex.ParamString("propertyName1", 0)
	if err != nil {
		return nil, err
	}
	p2, err := ex.ParamString("propertyName2", 0)
	if err != nil {
		return nil, err
	}
	overwrite := "always"
	if v, err := ex.Param("overwrite", 0); err != nil {
		return nil, err
	} else if s, ok := v.(string); ok {
		overwrite = s
	}
	in1, in2 := in[0], in[1]
	if p1 == "" || p2 == "" {
		if mode == "keepKeyMatches" {
			return [][]data.Item{out}, nil
		}
		return [][]data.Item{in1}, nil
	}
	index := make(map[string]data.Item, len(in2))
	for _, e := range in2 {
		k, ok := jsvalue.Get(orEmpty(e.JSON), p2)
		if !ok || !jsvalue.Truthy(k) {
			continue
		}
		index[jsvalue.ToString(k)] = e
	}
	for _, e := range in1 {
		ref, ok := jsvalue.Get(orEmpty(e.JSON), p1)
		comparable := ok && !data.IsUndefined(ref)
		if comparable {
			switch ref.(type) {
			case string, float64, nil:
			default:
				comparable = false
			}
		}
		if !comparable {
			if mode == "removeKeyMatches" {
				out = append(out, e)
			}
			continue
		}
		match, found := index[jsvalue.ToString(ref)]
		switch {
		case !found && mode == "removeKeyMatches":
			out = append(out, e)
		case !found && mode == "mergeByKey":
			out = append(out, e)
		case found && mode == "keepKeyMatches":
			out = append(out, e)
		case found && mode == "mergeByKey":
			e.JSON = shallow(e.JSON)
			for k, v := range orEmpty(match.JSON).All() {
				if k == p2 {
					continue
				}
				cur, has := e.JSON.Get(k)
				if overwrite == "always" ||
					(overwrite == "undefined" && !has) ||
					(overwrite == "blank" && (!has || cur == nil || data.IsUndefined(cur) || cur == "")) {
					e.JSON.Set(k, v)
				}
			}
			out = append(out, e)
		}
	}
	return [][]data.Item{out}, nil
}
