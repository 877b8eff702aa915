// Package merge is n8n's Merge node, typeVersion 3, 3.1 and 3.2: append,
// combine by matching fields, by position or all combinations, and choose
// branch (the SQL mode is not supported); and the legacy typeVersions 1
// (legacy1.go) and 2/2.1 (legacy2.go).
package merge

import (
	"context"
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
		Type:     "n8n-nodes-base.merge",
		Versions: []float64{1, 2, 2.1, 3, 3.1, 3.2},
		// Append passes items on through ex.Own; the other modes read
		// ex.OwnInputs.
		RawInputs: true,
		Defaults: func(v float64) map[string]any {
			if v < 3 {
				return legacyDefaults(v)
			}
			return map[string]any{
				"mode": "append", "combineBy": "combineByFields", "numberInputs": 2.0,
				"advanced": false, "fieldsToMatchString": "",
				"mergeByFields": map[string]any{"values": []any{map[string]any{"field1": "", "field2": ""}}},
				"joinMode":      "keepMatches", "outputDataFrom": "both",
				"chooseBranchMode": "waitForAll", "output": "specifiedInput", "useDataOfInput": 1.0,
				"options": map[string]any{},
			}
		},
		Inputs: func(p engine.Params, v float64) int {
			if v < 3 {
				return 2
			}
			return numberInputs(p)
		},
		RequiredInputs: func(p engine.Params, v float64) (int, []int) {
			if v < 2 {
				return 0, nil // v1 declares none: it runs with what arrived
			}
			if p.String("mode") == "chooseBranch" {
				return 0, []int{0, 1}
			}
			return 1, nil
		},
		Check: check,
	}
}

// numberInputs is configuredInputs: numberInputs || 2. Only append, combine
// by position and choose branch show the parameter, but n8n reads it for
// every mode.
func numberInputs(p engine.Params) int {
	n := 0
	switch v := p.Value("numberInputs").(type) {
	case float64:
		n = int(v)
	case int:
		n = v
	case string:
		n = int(jsvalue.StringToNumber(v))
	}
	if n <= 0 {
		return 2
	}
	return n
}

func check(p engine.Params, v float64) []string {
	if v < 3 {
		return checkLegacy(p, v)
	}
	var out []string
	mode := p.String("mode")
	switch mode {
	case "append", "combine", "chooseBranch":
	case "combineBySql":
		out = append(out, `parameter mode: "combineBySql" (SQL Query) is not supported by n8n-go`)
	default:
		out = append(out, `parameter mode: unknown value "`+mode+`"`)
	}
	if mode == "combine" {
		switch cb := p.String("combineBy"); cb {
		case "combineByFields", "combineByPosition", "combineAll":
		default:
			out = append(out, `parameter combineBy: unknown value "`+cb+`"`)
		}
	}
	if n := numberInputs(p); n < 2 || n > 10 {
		out = append(out, "parameter numberInputs: must be between 2 and 10")
	}
	return out
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	switch v := ex.Version(); {
	case v < 2:
		return executeV1(ex, twoInputs(ex))
	case v < 3:
		return executeV2(ex, twoInputs(ex))
	}
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	n := numberInputs(ex.Params())
	if mode == "append" {
		// The inputs as they came (RawInputs), each item passed on
		// through Own, into an output of the exact size.
		total := 0
		for in := range n {
			total += len(ex.Input(in))
		}
		out := make([]data.Item, 0, total)
		for in := range n {
			for i := range ex.Input(in) {
				out = append(out, ex.Own(in, i))
			}
		}
		return [][]data.Item{out}, nil
	}
	own := ex.OwnInputs()
	inputs := make([][]data.Item, n)
	for i := range inputs {
		if i < len(own) {
			inputs[i] = own[i]
		}
		if inputs[i] == nil {
			inputs[i] = []data.Item{}
		}
	}
	if mode == "combine" {
		if mode, err = ex.ParamString("combineBy", 0); err != nil {
			return nil, err
		}
	}
	switch mode {
	case "combineByFields":
		return byFields(ex, inputs)
	case "combineByPosition":
		return byPosition(ex, inputs)
	case "combineAll":
		return combineAll(ex, inputs)
	case "chooseBranch":
		return chooseBranch(ex, inputs)
	case "combineBySql":
		return nil, engine.OperationError(-1, "The Merge node's SQL Query mode (combineBySql) is not supported by n8n-go")
	}
	return nil, engine.OperationError(-1, "The merge mode %q is not known", mode)
}

func chooseBranch(ex *engine.Exec, inputs [][]data.Item) ([][]data.Item, error) {
	cbm, err := ex.ParamString("chooseBranchMode", 0)
	if err != nil {
		return nil, err
	}
	out := []data.Item{}
	if cbm != "waitForAll" {
		return [][]data.Item{out}, nil
	}
	output, err := ex.ParamString("output", 0)
	if err != nil {
		return nil, err
	}
	switch output {
	case "specifiedInput":
		use, err := ex.ParamNumber("useDataOfInput", 0)
		if err != nil {
			return nil, err
		}
		if int(use) > len(inputs) {
			e := engine.OperationError(-1, "Input %s doesn't exist", jsvalue.ToString(use))
			e.Description = "The node has only " + jsvalue.ToString(float64(len(inputs))) + " inputs, so selecting input " + jsvalue.ToString(use) + " is not possible."
			return nil, e
		}
		if int(use) >= 1 {
			out = append(out, inputs[int(use)-1]...)
		}
	case "empty":
		var ps []data.PairedItem
		for _, in := range inputs[:2] {
			for _, it := range in {
				ps = append(ps, pairedList(it)...)
			}
		}
		if ps == nil {
			ps = []data.PairedItem{}
		}
		out = append(out, data.Item{JSON: data.NewObject(0), Paired: data.Many(ps...)})
	}
	return [][]data.Item{out}, nil
}

// pairedList is preparePairedItemDataArray.
func pairedList(it data.Item) []data.PairedItem {
	if !it.Paired.IsSet() {
		return nil
	}
	return it.Paired.List()
}

func optionMap(ex *engine.Exec, path string) (*data.Object, error) {
	v, err := ex.Param(path, 0)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*data.Object)
	return m, nil
}

// clash is the options.clashHandling.values collection.
type clash struct {
	resolve       string
	hasResolve    bool
	mergeMode     string
	overrideEmpty bool
}

func readClash(ex *engine.Exec) (clash, error) {
	v, err := ex.Param("options.clashHandling.values", 0)
	if err != nil {
		return clash{}, err
	}
	m, _ := v.(*data.Object)
	var c clash
	if r, ok := m.Get("resolveClash"); ok && r != nil && !data.IsUndefined(r) {
		c.resolve, c.hasResolve = jsvalue.ToString(r), true
	}
	c.mergeMode, _ = m.Value("mergeMode").(string)
	c.overrideEmpty = jsvalue.Truthy(m.Value("overrideEmpty"))
	return c, nil
}

// mergeFunc is selectMergeMethod: how several json objects become one. The
// result lists the target's keys first, then each source's new keys in
// order, as lodash merge/assign into a fresh object do.
func (c clash) mergeFunc() func(target *data.Object, srcs ...*data.Object) *data.Object {
	var cust jsvalue.Customizer
	if c.overrideEmpty {
		cust = func(ov any, has bool, sv any) (any, bool) {
			if sv == nil || data.IsUndefined(sv) || sv == "" {
				if has && !data.IsUndefined(ov) {
					return ov, true
				}
			}
			return nil, false
		}
	}
	if c.mergeMode == "shallowMerge" {
		return func(target *data.Object, srcs ...*data.Object) *data.Object {
			return jsvalue.Assign(shallow(target), cust, srcs...)
		}
	}
	return func(target *data.Object, srcs ...*data.Object) *data.Object {
		if cust != nil {
			// mergeWith on a shallow copy of the target.
			return jsvalue.Merge(shallow(target), cust, srcs...)
		}
		return jsvalue.Merge(data.NewObject(target.Len()), nil, append([]*data.Object{target}, srcs...)...)
	}
}

// shallow is Object.assign({}, o): never nil.
func shallow(o *data.Object) *data.Object {
	if o == nil {
		return data.NewObject(0)
	}
	return o.Clone()
}

// addSuffix is addSuffixToEntriesKeys: every top-level key gets _<suffix>.
func addSuffix(items []data.Item, suffix string) []data.Item {
	out := make([]data.Item, len(items))
	for i, it := range items {
		j := data.NewObject(it.JSON.Len())
		for k, v := range it.JSON.All() {
			j.Set(k+"_"+suffix, v)
		}
		it.JSON = j
		out[i] = it
	}
	return out
}

// orEmpty is `o ?? {}`.
func orEmpty(o *data.Object) *data.Object {
	if o == nil {
		return data.NewObject(0)
	}
	return o
}

func byPosition(ex *engine.Exec, inputs [][]data.Item) ([][]data.Item, error) {
	c, err := readClash(ex)
	if err != nil {
		return nil, err
	}
	opts, err := optionMap(ex, "options")
	if err != nil {
		return nil, err
	}
	includeUnpaired := jsvalue.Truthy(opts.Value("includeUnpaired"))
	preferred := len(inputs) - 1
	if strings.Contains(c.resolve, "preferInput") {
		preferred = int(jsvalue.StringToNumber(strings.Replace(c.resolve, "preferInput", "", 1))) - 1
	}
	if preferred < 0 || preferred >= len(inputs) {
		return nil, engine.OperationError(-1, "Cannot read properties of undefined (reading 'length')")
	}
	// n8n keeps the preferred input as it was before the suffixes are added.
	pref := inputs[preferred]
	if c.resolve == "addSuffix" {
		for i := range inputs {
			inputs[i] = addSuffix(inputs[i], jsvalue.ToString(float64(i+1)))
		}
	}
	num := len(pref)
	for _, in := range inputs {
		if includeUnpaired && len(in) > num {
			num = len(in)
		}
		if !includeUnpaired && len(in) < num {
			num = len(in)
		}
	}
	out := []data.Item{}
	if num == 0 && !includeUnpaired {
		return [][]data.Item{out}, nil
	}
	mf := c.mergeFunc()
	for i := 0; i < num; i++ {
		var jsons, bins []*data.Object
		var ps []data.PairedItem
		for _, in := range inputs {
			if i < len(in) {
				jsons = append(jsons, orEmpty(in[i].JSON))
				bins = append(bins, in[i].Binary)
				ps = append(ps, pairedList(in[i])...)
			}
		}
		if i < len(pref) {
			jsons = append(jsons, orEmpty(pref[i].JSON))
			bins = append(bins, pref[i].Binary)
			ps = append(ps, pairedList(pref[i])...)
		}
		if ps == nil {
			ps = []data.PairedItem{}
		}
		out = append(out, data.Item{
			JSON:   mf(data.NewObject(0), jsons...),
			Binary: jsvalue.Merge(data.NewObject(0), nil, bins...),
			Paired: data.Many(ps...),
		})
	}
	return [][]data.Item{out}, nil
}

func combineAll(ex *engine.Exec, inputs [][]data.Item) ([][]data.Item, error) {
	c, err := readClash(ex)
	if err != nil {
		return nil, err
	}
	in1, in2 := inputs[0], inputs[1]
	if c.resolve == "preferInput1" {
		in1, in2 = in2, in1
	}
	if c.resolve == "addSuffix" {
		in1, in2 = addSuffix(in1, "1"), addSuffix(in2, "2")
	}
	mf := c.mergeFunc()
	out := []data.Item{}
	for _, a := range in1 {
		for _, b := range in2 {
			var ps []data.PairedItem
			ps = append(ps, firstPaired(a)...)
			ps = append(ps, firstPaired(b)...)
			out = append(out, data.Item{
				JSON:   mf(orEmpty(a.JSON), b.JSON),
				Binary: jsvalue.Merge(data.NewObject(0), nil, a.Binary, b.Binary),
				Paired: data.Many(ps...),
			})
		}
	}
	return [][]data.Item{out}, nil
}

// firstPaired is one element of a pairedItem array built from an item's
// pairedItem value (n8n puts the value itself, which the engine always set to
// a single {item, input}).
func firstPaired(it data.Item) []data.PairedItem {
	if !it.Paired.IsSet() || len(it.Paired.List()) == 0 {
		return nil
	}
	return it.Paired.List()
}
