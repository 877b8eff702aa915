// Package comparedatasets is n8n's Compare Datasets node (v1–v2.3): it
// matches input A items to input B items on field pairs and sorts them into
// four outputs: In A only, Same, Different, In B only.
package comparedatasets

import (
	"context"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		// resolve=mix writes the other input's values into the preferred
		// input's objects (an expression may resolve to mix too).
		ChangesInputs: func(p engine.Params, _ float64) bool {
			r, _ := p.Value("resolve").(string)
			return r == "mix" || strings.HasPrefix(r, "=")
		},
		Type:     "n8n-nodes-base.compareDatasets",
		Versions: []float64{1, 2, 2.1, 2.2, 2.3},
		Defaults: func(v float64) map[string]any {
			resolve := "includeBoth"
			if v < 2.1 {
				resolve = "preferInput2"
			}
			return map[string]any{
				"mergeByFields": map[string]any{"values": []any{map[string]any{"field1": "", "field2": ""}}},
				"resolve":       resolve,
				"fuzzyCompare":  false,
				"preferWhenMix": "input1",
				"exceptWhenMix": "",
				"options":       map[string]any{},
			}
		},
		Inputs:         func(engine.Params, float64) int { return 2 },
		Outputs:        func(engine.Params, float64) int { return 4 },
		RequiredInputs: func(engine.Params, float64) (int, []int) { return 1, nil },
		Check: func(p engine.Params, _ float64) []string {
			if r, ok := p.Value("resolve").(string); ok && !strings.HasPrefix(r, "=") {
				switch r {
				case "preferInput1", "preferInput2", "mix", "includeBoth":
				default:
					return []string{`parameter resolve: expected preferInput1, preferInput2, mix or includeBoth, got "` + r + `"`}
				}
			}
			return nil
		},
	}
}

// pair is one entry of "Fields to Match".
type pair struct{ field1, field2 string }

// config is the node's parameters, read once (item 0) as n8n does.
type config struct {
	version            float64
	pairs              []pair
	resolve            string
	fuzzy              bool
	disableDotNotation bool
	multipleAll        bool
	skipFields         []string
	preferWhenMix      string
	exceptWhenMix      any
	// scanOnly turns the hash join off (tests compare both paths).
	scanOnly bool
}

func readConfig(ex *engine.Exec) (*config, error) {
	c := &config{version: ex.Version()}
	raw, err := ex.Param("mergeByFields.values", 0)
	if err != nil {
		return nil, err
	}
	if c.pairs, err = matchFields(raw); err != nil {
		return nil, err
	}
	optsRaw, err := ex.Param("options", 0)
	if err != nil {
		return nil, err
	}
	opts, _ := optsRaw.(*data.Object)
	if c.version >= 2 {
		fz, err := ex.Param("fuzzyCompare", 0)
		if err != nil {
			return nil, err
		}
		c.fuzzy = filter.Truthy(fz)
	} else {
		c.fuzzy = filter.Truthy(opts.Value("fuzzyCompare"))
	}
	c.disableDotNotation = filter.Truthy(opts.Value("disableDotNotation"))
	mm, _ := opts.Value("multipleMatches").(string)
	c.multipleAll = mm == "all"
	skip := ""
	if filter.Truthy(opts.Value("skipFields")) {
		skip = filter.JSString(opts.Value("skipFields"))
	}
	for _, f := range strings.Split(skip, ",") {
		c.skipFields = append(c.skipFields, strings.TrimSpace(f))
	}
	if c.resolve, err = ex.ParamString("resolve", 0); err != nil {
		return nil, err
	}
	if c.resolve == "mix" {
		if c.preferWhenMix, err = ex.ParamString("preferWhenMix", 0); err != nil {
			return nil, err
		}
		if c.exceptWhenMix, err = ex.Param("exceptWhenMix", 0); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// matchFields is n8n's checkMatchFieldsInput.
func matchFields(raw any) ([]pair, error) {
	list, _ := raw.([]any)
	var out []pair
	for _, e := range list {
		m, _ := e.(*data.Object)
		f1, f2 := fieldName(m.Value("field1")), fieldName(m.Value("field2"))
		out = append(out, pair{f1, f2})
	}
	if len(out) == 1 && out[0].field1 == "" && out[0].field2 == "" {
		return nil, appError(`You need to define at least one pair of fields in "Fields to Match" to match on`)
	}
	for i, p := range out {
		if p.field1 == "" || p.field2 == "" {
			return nil, appError("You need to define both fields in \"Fields to Match\" for pair %d,\n\t\t\t\t field 1 = '%s'\n\t\t\t\t field 2 = '%s'", i+1, p.field1, p.field2)
		}
	}
	return out, nil
}

// fieldName reads a field name; a missing one is undefined in n8n, which
// is not ” and so passes the emptiness checks (then matches nothing).
func fieldName(v any) string {
	if v == nil {
		return "undefined"
	}
	return filter.JSString(v)
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	c, err := readConfig(ex)
	if err != nil {
		return nil, err
	}
	a, b := nonEmpty(ex.Input(0)), nonEmpty(ex.Input(1))
	if c.version < 2.2 {
		if err := c.requireFields(a, func(p pair) string { return p.field1 }, "Input A"); err != nil {
			return nil, err
		}
		if err := c.requireFields(b, func(p pair) string { return p.field2 }, "Input B"); err != nil {
			return nil, err
		}
	}
	return c.findMatches(a, b)
}

// nonEmpty is n8n's checkInput: items with an empty json are dropped.
func nonEmpty(items []data.Item) []data.Item {
	for _, it := range items {
		if it.JSON.Len() == 0 {
			out := make([]data.Item, 0, len(items))
			for _, it := range items {
				if it.JSON.Len() != 0 {
					out = append(out, it)
				}
			}
			return out
		}
	}
	if items == nil {
		return []data.Item{}
	}
	return items
}

// requireFields is the v<2.2 check that each match field is in some item.
func (c *config) requireFields(items []data.Item, field func(pair) string, label string) error {
	if len(items) == 0 {
		return nil
	}
	for _, p := range c.pairs {
		f := field(p)
		present := false
		for _, it := range items {
			if c.disableDotNotation {
				present = it.JSON.Has(f)
			} else {
				present = !data.IsUndefined(get(it.JSON, f))
			}
			if present {
				break
			}
		}
		if !present {
			return appError("Field '%s' is not present in any of items in '%s'", f, label)
		}
	}
	return nil
}

func (c *config) lookup(j *data.Object, field string) any {
	if c.disableDotNotation {
		v, ok := j.Get(field)
		if !ok {
			return data.Undefined
		}
		return v
	}
	return get(j, field)
}

type matched struct {
	entry   data.Item
	matches []data.Item
}

// findMatches is n8n's findMatches. Without fuzzy comparison B is indexed
// by the canonical form of its match values (a hash join), which gives the
// same first-match/all-matches results as n8n's scan in linear time.
func (c *config) findMatches(a, b []data.Item) ([][]data.Item, error) {
	eq := fuzzyCompare(c.fuzzy, c.version)
	if c.disableDotNotation {
		for _, f := range c.skipFields {
			if strings.Contains(f, ".") {
				return nil, appError("Dot notation is disabled, but field to skip comparing '%s' contains dot", f)
			}
		}
	}
	// lookup keys: n8n builds {field2: value}, so a repeated field2 keeps
	// only the last pair's value.
	keys := make([]string, 0, len(c.pairs))
	src := map[string]string{}
	for _, p := range c.pairs {
		if _, ok := src[p.field2]; !ok {
			keys = append(keys, p.field2)
		}
		src[p.field2] = p.field1
	}

	var index map[string][]int
	if !c.fuzzy && !c.scanOnly {
		index = make(map[string][]int, len(b))
		var buf []byte
	items:
		for i, it := range b {
			buf = buf[:0]
			for _, k := range keys {
				v := c.lookup(it.JSON, k)
				if data.IsUndefined(v) {
					continue items // never equal to a defined lookup value
				}
				buf = appendCanon(buf, v)
			}
			index[string(buf)] = append(index[string(buf)], i)
		}
	}

	var inAOnly []data.Item
	var pairs []matched
	matchedB := make([]bool, len(b))
	var buf []byte
	vals := make([]any, len(keys))
entries:
	for _, it := range a {
		for i, k := range keys {
			vals[i] = c.lookup(it.JSON, src[k])
			if data.IsUndefined(vals[i]) {
				inAOnly = append(inAOnly, it)
				continue entries
			}
		}
		var idx []int
		if index != nil {
			buf = buf[:0]
			for _, v := range vals {
				buf = appendCanon(buf, v)
			}
			idx = index[string(buf)]
			if !c.multipleAll && len(idx) > 1 {
				idx = idx[:1]
			}
		} else {
			for j, bt := range b {
				ok := true
				for i, k := range keys {
					if !eq(vals[i], c.lookup(bt.JSON, k)) {
						ok = false
						break
					}
				}
				if ok {
					idx = append(idx, j)
					if !c.multipleAll {
						break
					}
				}
			}
		}
		if len(idx) == 0 {
			inAOnly = append(inAOnly, it)
			continue
		}
		m := matched{entry: it, matches: make([]data.Item, len(idx))}
		for i, j := range idx {
			m.matches[i] = b[j]
			matchedB[j] = true
		}
		pairs = append(pairs, m)
	}
	inBOnly := []data.Item{}
	for j, it := range b {
		if !matchedB[j] {
			inBOnly = append(inBOnly, it)
		}
	}

	same, different := []data.Item{}, []data.Item{}
	dotSkip := false
	for _, f := range c.skipFields {
		if strings.Contains(f, ".") {
			dotSkip = true
		}
	}
	for _, m := range pairs {
		var sameItem *data.Item
		for _, match := range m.matches {
			j1, j2 := m.entry.JSON, match.JSON
			if c.disableDotNotation || !dotSkip {
				j1, j2 = omit(j1, c.skipFields), omit(j2, c.skipFields)
			} else {
				j1 = data.CloneObject(j1)
				j2 = data.CloneObject(j2)
				for _, f := range c.skipFields {
					unset(j1, f)
					unset(j2, f)
				}
			}
			equal := true
			if c.fuzzy {
				for k, v := range j1.All() {
					w, ok := j2.Get(k)
					if !ok {
						w = data.Undefined
					}
					if !eq(v, w) {
						equal = false
						break
					}
				}
			} else {
				equal = isEqual(j1, j2)
			}
			if equal {
				if sameItem == nil {
					if c.fuzzy && c.resolve == "preferInput2" {
						sameItem = &match
					} else {
						sameItem = &m.entry
					}
				}
				continue
			}
			switch c.resolve {
			case "preferInput1":
				different = append(different, m.entry)
			case "preferInput2":
				different = append(different, match)
			case "mix":
				different = append(different, c.combine(m.entry, match))
			default:
				it, err := c.compareItems(m.entry, match, eq)
				if err != nil {
					return nil, err
				}
				different = append(different, it)
			}
		}
		if sameItem != nil {
			same = append(same, *sameItem)
		}
	}
	if inAOnly == nil {
		inAOnly = []data.Item{}
	}
	return [][]data.Item{inAOnly, same, different, inBOnly}, nil
}

// omit is lodash omit with top-level keys (it copies only when needed).
func omit(j *data.Object, fields []string) *data.Object {
	has := false
	for _, f := range fields {
		if j.Has(f) {
			has = true
			break
		}
	}
	if !has {
		return j
	}
	out := j.Clone()
	for _, f := range fields {
		out.Delete(f)
	}
	return out
}

// combine is n8n's combineItems for resolve=mix: the preferred item's json
// is changed in place (n8n mutates the shared input object too), taking
// the other item's value for each exception field.
func (c *config) combine(a, b data.Item) data.Item {
	entry, match := a, b
	if c.preferWhenMix != "input1" {
		entry, match = b, a
	}
	var fields []string
	switch x := c.exceptWhenMix.(type) {
	case []any:
		for _, f := range x {
			fields = append(fields, filter.JSString(f))
		}
	default:
		if filter.Truthy(x) {
			for _, f := range strings.Split(filter.JSString(x), ",") {
				fields = append(fields, strings.TrimSpace(f))
			}
		}
	}
	for _, f := range fields {
		if c.disableDotNotation {
			if v, ok := match.JSON.Get(f); ok {
				entry.JSON.Set(f, v)
			} else {
				entry.JSON.Delete(f)
			}
			continue
		}
		// n8n 1.123: get(match.json, field) || null, set at the literal key.
		v := get(match.JSON, f)
		if !filter.Truthy(v) {
			v = nil
		}
		entry.JSON.Set(f, v)
	}
	return entry
}

// val is item.json[k], undefined when the key is absent.
func val(m *data.Object, k string) any {
	if v, ok := m.Get(k); ok {
		return v
	}
	return data.Undefined
}

// compareItems builds the includeBoth item {keys, same, different, skipped?}.
func (c *config) compareItems(a, b data.Item, eq func(x, y any) bool) (data.Item, error) {
	j1, j2 := a.JSON, b.JSON
	keys := data.NewObject(len(c.pairs))
	for _, p := range c.pairs {
		// keys[field1] = item1.json[field1]: an absent field stays an
		// undefined-valued key, which JSON output drops.
		keys.Set(p.field1, val(j1, p.field1))
	}
	// union(Object.keys(json1), Object.keys(json2))
	all := append(make([]string, 0, j1.Len()+j2.Len()), j1.Keys()...)
	for _, k := range j2.Keys() {
		if !j1.Has(k) {
			all = append(all, k)
		}
	}
	same := data.NewObject(len(all))
	for _, k := range all {
		in1, in2 := j1.Has(k), j2.Has(k)
		if !(c.fuzzy && c.version >= 2.1) && !(in1 && in2) {
			continue
		}
		if eq(val(j1, k), val(j2, k)) {
			same.Set(k, val(j1, k))
		}
	}
	nullish := func(v any) any {
		if c.version >= 2 {
			if data.IsUndefined(v) {
				return nil
			}
			return v
		}
		if !filter.Truthy(v) {
			return nil
		}
		return v
	}
	nameA, nameB := "input1", "input2"
	if c.version >= 2 {
		nameA, nameB = "inputA", "inputB"
	}
	different := data.NewObject(len(all))
	skipped := data.NewObject(0)
	i := -1
	for _, k := range all {
		if same.Has(k) {
			continue
		}
		i++
		in1, in2 := nullish(val(j1, k)), nullish(val(j2, k))
		if c.version >= 2.1 && !c.disableDotNotation && !contains(c.skipFields, k) {
			var nested []string
			for _, f := range c.skipFields {
				if strings.HasPrefix(f, k) && strings.Contains(f, ".") {
					nested = append(nested, f)
				}
			}
			in1, in2 = data.CloneJSON(in1), data.CloneJSON(in2)
			if len(nested) > 0 && (filter.TypeOf(in1) != "object" || filter.TypeOf(in2) != "object") {
				return data.Item{}, appError("The field '%s' in item %d is not an object. It is not possible to use dot notation.", k, i)
			}
			if !skipped.Has(k) && len(nested) > 0 {
				skipped.Set(k, data.ObjectOf(nameA, data.NewObject(0), nameB, data.NewObject(0)))
			}
			for _, f := range nested {
				nf := strings.Replace(f, k+".", "", 1)
				sk := skipped.Value(k).(*data.Object)
				set(sk.Value(nameA).(*data.Object), nf, getAny(in1, nf))
				set(sk.Value(nameB).(*data.Object), nf, getAny(in2, nf))
				unset(in1, nf)
				unset(in2, nf)
			}
			different.Set(k, data.ObjectOf(nameA, in1, nameB, in2))
		} else if contains(c.skipFields, k) {
			skipped.Set(k, data.ObjectOf(nameA, in1, nameB, in2))
		} else {
			different.Set(k, data.ObjectOf(nameA, in1, nameB, in2))
		}
	}
	out := data.ObjectOf("keys", keys, "same", same, "different", different)
	if skipped.Len() > 0 {
		out.Set("skipped", skipped)
	}
	var list []data.PairedItem
	list = append(append(list, a.Paired.List()...), b.Paired.List()...)
	paired := data.MakePaired(list, data.PairedArray)
	return data.Item{JSON: out, Paired: paired}, nil
}

func contains(xs []string, x string) bool {
	for _, e := range xs {
		if e == x {
			return true
		}
	}
	return false
}

// appError is an n8n ApplicationError (level warning) thrown by the node:
// n8n records it with its message only, without an error class name.
func appError(format string, args ...any) *engine.NodeError {
	return &engine.NodeError{Message: fmt.Sprintf(format, args...), ItemIndex: -1,
		Extra: map[string]any{"level": "warning", "tags": map[string]any{}}}
}
