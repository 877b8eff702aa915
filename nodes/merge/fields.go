package merge

import (
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type pair struct{ field1, field2 string }

type entryMatches struct {
	entry   data.Item
	matches []data.Item
}

type matchResult struct {
	matched                          []entryMatches
	matched2, unmatched1, unmatched2 []data.Item
}

type fieldOpts struct {
	joinMode, outputFrom, multiple string
	noDot, fuzzy                   bool
}

func matchPairs(ex *engine.Exec) ([]pair, error) {
	advanced, err := ex.ParamBool("advanced", 0)
	if err != nil {
		return nil, err
	}
	var pairs []pair
	if advanced {
		v, err := ex.Param("mergeByFields.values", 0)
		if err != nil {
			return nil, err
		}
		list, _ := v.([]any)
		for _, e := range list {
			m, _ := e.(*data.Object)
			pairs = append(pairs, pair{jsvalue.ToString(orEmptyStr(m.Value("field1"))), jsvalue.ToString(orEmptyStr(m.Value("field2")))})
		}
	} else {
		s, err := ex.ParamString("fieldsToMatchString", 0)
		if err != nil {
			return nil, err
		}
		for _, f := range strings.Split(s, ",") {
			f = strings.TrimSpace(f)
			pairs = append(pairs, pair{f, f})
		}
	}
	if len(pairs) == 1 && pairs[0].field1 == "" && pairs[0].field2 == "" {
		return nil, engine.OperationError(-1, `You need to define at least one pair of fields in "Fields to Match" to match on`)
	}
	for i, p := range pairs {
		if p.field1 == "" || p.field2 == "" {
			return nil, engine.OperationError(-1, "You need to define both fields in \"Fields to Match\" for pair %d,\n\t\t\t\t field 1 = '%s'\n\t\t\t\t field 2 = '%s'", i+1, p.field1, p.field2)
		}
	}
	return pairs, nil
}

func orEmptyStr(v any) any {
	if v == nil || data.IsUndefined(v) {
		return ""
	}
	return v
}

func byFields(ex *engine.Exec, inputs [][]data.Item) ([][]data.Item, error) {
	pairs, err := matchPairs(ex)
	if err != nil {
		return nil, err
	}
	return byFieldPairs(ex, inputs, pairs, false)
}

// byFieldPairs matches on pairs. legacy is Merge v2's variant: a missing
// side ends with one empty output instead of none, and the clash option
// "preferInput2" is what v3 calls "preferLast".
func byFieldPairs(ex *engine.Exec, inputs [][]data.Item, pairs []pair, legacy bool) ([][]data.Item, error) {
	var err error
	var o fieldOpts
	if o.joinMode, err = ex.ParamString("joinMode", 0); err != nil {
		return nil, err
	}
	if o.outputFrom, err = ex.ParamString("outputDataFrom", 0); err != nil {
		return nil, err
	}
	if o.outputFrom == "" {
		o.outputFrom = "both"
	}
	opts, err := optionMap(ex, "options")
	if err != nil {
		return nil, err
	}
	o.noDot = jsvalue.Truthy(opts.Value("disableDotNotation"))
	o.fuzzy = jsvalue.Truthy(opts.Value("fuzzyCompare"))
	o.multiple = "all"
	if s, ok := opts.Value("multipleMatches").(string); ok && s != "" {
		o.multiple = s
	}
	in1, in2 := inputs[0], inputs[1]
	out := []data.Item{}
	if len(in1) == 0 || len(in2) == 0 {
		if len(in1) == 0 && o.joinMode == "keepNonMatches" && o.outputFrom == "input1" {
			return [][]data.Item{out}, nil
		}
		if len(in2) == 0 && o.joinMode == "keepNonMatches" && o.outputFrom == "input2" {
			return [][]data.Item{out}, nil
		}
		switch {
		case o.joinMode == "keepMatches",
			o.joinMode == "enrichInput1" && len(in1) == 0,
			o.joinMode == "enrichInput2" && len(in2) == 0:
			if legacy {
				return [][]data.Item{{}}, nil
			}
			// n8n returns [] here: no output at all.
			return [][]data.Item{}, nil
		}
		out = append(out, in1...)
		out = append(out, in2...)
		return [][]data.Item{out}, nil
	}
	m := findMatches(in1, in2, pairs, o)
	switch o.joinMode {
	case "keepMatches", "keepEverything":
		c, err := readClash(ex)
		if err != nil {
			return nil, err
		}
		if legacy {
			c = c.legacy()
		}
		switch o.outputFrom {
		case "input1":
			for _, e := range m.matched {
				out = append(out, e.entry)
			}
		case "input2":
			out = append(out, m.matched2...)
		case "both":
			out = append(out, mergeMatched(m.matched, c, "")...)
		}
		if o.joinMode == "keepEverything" {
			u1, u2 := m.unmatched1, m.unmatched2
			if c.resolve == "addSuffix" {
				u1, u2 = addSuffix(u1, "1"), addSuffix(u2, "2")
			}
			out = append(out, u1...)
			out = append(out, u2...)
		}
	case "keepNonMatches":
		switch o.outputFrom {
		case "input1":
			return [][]data.Item{nonNil(m.unmatched1)}, nil
		case "input2":
			return [][]data.Item{nonNil(m.unmatched2)}, nil
		case "both":
			out = append(out, addSource(m.unmatched1, "input1")...)
			out = append(out, addSource(m.unmatched2, "input2")...)
			return [][]data.Item{out}, nil
		}
	case "enrichInput1", "enrichInput2":
		c, err := readClash(ex)
		if err != nil {
			return nil, err
		}
		if legacy {
			c = c.legacy()
		}
		out = append(out, mergeMatched(m.matched, c, o.joinMode)...)
		rest, suffix := m.unmatched1, "1"
		if o.joinMode == "enrichInput2" {
			rest, suffix = m.unmatched2, "2"
		}
		if c.resolve == "addSuffix" {
			rest = addSuffix(rest, suffix)
		}
		out = append(out, rest...)
	}
	return [][]data.Item{out}, nil
}

func nonNil(items []data.Item) []data.Item {
	if items == nil {
		return []data.Item{}
	}
	return items
}

func addSource(items []data.Item, src string) []data.Item {
	out := make([]data.Item, len(items))
	for i, it := range items {
		// {...json, _source}: an existing _source keeps its place.
		j := shallow(it.JSON)
		j.Set("_source", src)
		it.JSON = j
		out[i] = it
	}
	return out
}

func (o fieldOpts) get(json *data.Object, field string) (any, bool) {
	if o.noDot {
		return json.Get(field)
	}
	return jsvalue.Get(json, field)
}

func findMatches(in1, in2 []data.Item, pairs []pair, o fieldOpts) matchResult {
	var res matchResult
	eq := equalFunc(o.fuzzy)
	matched2 := make([]bool, len(in2))
	type lookup struct {
		field string
		value any
	}
	for _, e1 := range in1 {
		// Later pairs with the same field2 replace earlier ones (an object).
		var lk []lookup
		missing := false
		for _, p := range pairs {
			v, ok := o.get(e1.JSON, p.field1)
			if !ok {
				v = data.Undefined
			}
			replaced := false
			for i := range lk {
				if lk[i].field == p.field2 {
					lk[i].value, replaced = v, true
				}
			}
			if !replaced {
				lk = append(lk, lookup{p.field2, v})
			}
		}
		for _, l := range lk {
			if data.IsUndefined(l.value) {
				missing = true
			}
		}
		if missing {
			res.unmatched1 = append(res.unmatched1, e1)
			continue
		}
		var matches []data.Item
		for j, e2 := range in2 {
			ok := true
			for _, l := range lk {
				v, found := o.get(e2.JSON, l.field)
				if !found {
					v = data.Undefined
				}
				if !eq(l.value, v) {
					ok = false
					break
				}
			}
			if ok {
				matches = append(matches, e2)
				matched2[j] = true
				if o.multiple != "all" {
					break
				}
			}
		}
		if len(matches) == 0 {
			res.unmatched1 = append(res.unmatched1, e1)
			continue
		}
		if o.outputFrom == "both" || o.joinMode == "enrichInput1" || o.joinMode == "enrichInput2" {
			for _, mt := range matches {
				res.matched = append(res.matched, entryMatches{e1, []data.Item{mt}})
			}
		} else {
			res.matched = append(res.matched, entryMatches{e1, matches})
		}
	}
	for j, e2 := range in2 {
		if matched2[j] {
			res.matched2 = append(res.matched2, e2)
		} else {
			res.unmatched2 = append(res.unmatched2, e2)
		}
	}
	return res
}

func mergeMatched(matched []entryMatches, c clash, joinMode string) []data.Item {
	mf := c.mergeFunc()
	resolve := c.resolve
	if !c.hasResolve {
		if joinMode != "enrichInput2" {
			resolve = "preferLast"
		} else {
			resolve = "preferInput1"
		}
	}
	out := make([]data.Item, 0, len(matched))
	for _, mt := range matched {
		entry, matches := mt.entry, mt.matches
		var it data.Item
		var ps []data.PairedItem
		switch resolve {
		case "addSuffix":
			entry = addSuffix([]data.Item{entry}, "1")[0]
			matches = addSuffix(matches, "2")
			it.JSON = mf(shallow(entry.JSON), jsons(matches)...)
			it.Binary = mf(shallow(entry.Binary), bins(matches)...)
			ps = append(ps, pairedList(entry)...)
			for _, x := range matches {
				ps = append(ps, pairedList(x)...)
			}
		case "preferInput1":
			first, rest := matches[0], matches[1:]
			it.JSON = mf(shallow(first.JSON), append(jsons(rest), entry.JSON)...)
			it.Binary = mf(shallow(first.Binary), append(bins(rest), entry.Binary)...)
			ps = append(ps, pairedList(first)...)
			for _, x := range rest {
				ps = append(ps, pairedList(x)...)
			}
			ps = append(ps, pairedList(entry)...)
		case "preferLast":
			it.JSON = mf(shallow(entry.JSON), jsons(matches)...)
			it.Binary = mf(shallow(entry.Binary), bins(matches)...)
			ps = append(ps, pairedList(entry)...)
			for _, x := range matches {
				ps = append(ps, pairedList(x)...)
			}
		default:
			// An unknown resolveClash leaves json and binary empty, as n8n.
			it.JSON, it.Binary = data.NewObject(0), data.NewObject(0)
		}
		if ps == nil {
			ps = []data.PairedItem{}
		}
		it.Paired = data.Many(ps...)
		out = append(out, it)
	}
	return out
}

func jsons(items []data.Item) []*data.Object {
	out := make([]*data.Object, len(items))
	for i, it := range items {
		out[i] = it.JSON
	}
	return out
}

// bins lists the items' binary objects; a missing one (nil) is skipped by
// merge and assign, as lodash skips an undefined source.
func bins(items []data.Item) []*data.Object {
	out := make([]*data.Object, len(items))
	for i, it := range items {
		out[i] = it.Binary
	}
	return out
}

// equalFunc is n8n's fuzzyCompare (compare version 1) or lodash isEqual.
func equalFunc(fuzzy bool) func(a, b any) bool {
	if !fuzzy {
		return jsvalue.Equal
	}
	return func(a, b any) bool {
		ta, tb := jsvalue.TypeOf(a), jsvalue.TypeOf(b)
		if a != nil && b != nil && ta == tb {
			return jsvalue.Equal(a, b)
		}
		if falsy(a) && falsy(b) {
			return true
		}
		if falsy(a) && data.IsUndefined(b) || data.IsUndefined(a) && falsy(b) {
			return true
		}
		if ta == "number" && tb == "string" {
			return jsvalue.ToString(a) == b.(string)
		}
		if ta == "string" && tb == "number" {
			return a.(string) == jsvalue.ToString(b)
		}
		if a != nil && ta == "object" && tb == "string" {
			return parseEqual(b.(string), a)
		}
		if b != nil && ta == "string" && tb == "object" {
			return parseEqual(a.(string), b)
		}
		if ba, ok := a.(bool); ok {
			if boolMatches(ba, b) {
				return true
			}
		}
		if bb, ok := b.(bool); ok {
			if boolMatches(bb, a) {
				return true
			}
		}
		return jsvalue.Equal(a, b)
	}
}

func boolMatches(b bool, other any) bool {
	switch o := other.(type) {
	case string:
		l := strings.ToLower(o)
		return (b && (l == "true" || o == "1")) || (!b && (l == "false" || o == "0"))
	case float64:
		return (b && o == 1) || (!b && o == 0)
	}
	return false
}

func falsy(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	}
	return false
}

func parseEqual(s string, v any) bool {
	p, err := jsvalue.ParseJSON(s)
	if err != nil {
		return false
	}
	return jsvalue.Equal(p, v)
}
