// Package summarize is n8n's Summarize node (1, 1.1): counts, sums,
// averages, min/max, appends and concatenations of fields, optionally
// split into groups by other fields. Groups are built in one pass (n8n
// copies a group's list on every item).
package summarize

import (
	"context"
	"math"
	"strconv"
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
		Type: "n8n-nodes-base.summarize", Versions: []float64{1, 1.1},
		Defaults: func(float64) map[string]any {
			return map[string]any{
				"fieldsToSummarize": map[string]any{"values": []any{map[string]any{"aggregation": "count", "field": ""}}},
				"fieldsToSplitBy":   "", "options": map[string]any{},
			}
		},
	}
}

var displayNames = map[string]string{
	"append": "appended_", "average": "average_", "concatenate": "concatenated_", "count": "count_",
	"countUnique": "unique_count_", "max": "max_", "min": "min_", "sum": "sum_",
}

type aggregation struct {
	kind, field, separator string
	includeEmpty           bool
}

// row is one input item's JSON with its index (n8n's {...json, _itemIndex}).
type row struct {
	js    *data.Object
	index int
}

type options struct {
	flat, skipEmpty, single, v1 bool
	getters                     map[string]func(any) (any, bool)
}

func (o options) get(r row, field string) any {
	if field == "_itemIndex" {
		return float64(r.index)
	}
	var v any
	var ok bool
	if o.flat {
		v, ok = r.js.Get(field)
	} else {
		g := o.getters[field]
		if g == nil {
			g = jsvalue.Getter(field)
			o.getters[field] = g
		}
		v, ok = g(r.js)
	}
	if !ok {
		return data.Undefined
	}
	return v
}

func isEmpty(v any) bool { return v == nil || data.IsUndefined(v) || v == "" }

func normalizeFieldName(s string) string {
	s = strings.NewReplacer("[", "", "]", "", `"`, "").Replace(s)
	return strings.NewReplacer(" ", "_", ".", "_").Replace(s)
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	rows := make([]row, len(items))
	for i, it := range items {
		rows[i] = row{js: it.JSON, index: i}
	}
	ov, err := ex.Param("options", 0)
	if err != nil {
		return nil, err
	}
	opt, _ := ov.(*data.Object)
	o := options{
		flat:      jsvalue.Truthy(opt.Value("disableDotNotation")),
		skipEmpty: jsvalue.Truthy(opt.Value("skipEmptySplitFields")),
		single:    opt.Value("outputFormat") == "singleItem",
		v1:        ex.Version() == 1,
		getters:   map[string]func(any) (any, bool){},
	}
	splitParam, err := ex.ParamString("fieldsToSplitBy", 0)
	if err != nil {
		return nil, err
	}
	var splitKeys []string
	for _, f := range strings.Split(splitParam, ",") {
		if f = strings.TrimSpace(f); f != "" {
			splitKeys = append(splitKeys, f)
		}
	}
	av, err := ex.ParamOr("fieldsToSummarize.values", 0, []any{})
	if err != nil {
		return nil, err
	}
	list, _ := av.([]any)
	var aggs []aggregation
	nonEmpty := 0
	for _, e := range list {
		eo, _ := e.(*data.Object)
		a := aggregation{kind: "count", separator: ","}
		if k, ok := eo.Value("aggregation").(string); ok {
			a.kind = k
		}
		a.field = jsvalue.ToString(eo.Value("field"))
		if eo.Value("field") == nil {
			a.field = ""
		}
		a.includeEmpty = jsvalue.Truthy(eo.Value("includeEmpty"))
		if s, ok := eo.Get("separateBy"); ok {
			a.separator = jsvalue.ToString(s)
		}
		if a.separator == "other" {
			a.separator = jsvalue.ToString(eo.Value("customSeparator"))
		}
		if a.field != "" {
			nonEmpty++
		}
		aggs = append(aggs, a)
	}
	if nonEmpty == 0 {
		return nil, engine.OperationError(-1, "You need to add at least one aggregation to 'Fields to Summarize' with non empty 'Field'")
	}
	res := split(rows, splitKeys, aggs, o)
	for _, a := range aggs {
		if a.field == "" {
			continue
		}
		found := false
		for _, r := range rows {
			if !data.IsUndefined(o.get(r, a.field)) {
				found = true
				break
			}
		}
		if !found && o.v1 && !jsvalue.Truthy(opt.Value("continueIfFieldNotFound")) {
			return nil, engine.OperationError(-1, "The field '%s' does not exist in any items", a.field)
		}
	}
	if o.single {
		ps := make([]data.PairedItem, len(rows))
		for i := range ps {
			ps[i].Item = i
		}
		return [][]data.Item{{{JSON: res.toObject(), Paired: data.Many(ps...)}}}, nil
	}
	var out []data.Item
	for _, l := range res.toList() {
		ps := make([]data.PairedItem, len(l.paired))
		for i, p := range l.paired {
			ps[i].Item = p
		}
		out = append(out, data.Item{JSON: l.values, Paired: data.Many(ps...)})
	}
	return [][]data.Item{out}, nil
}

// result is aggregateAndSplitData's: a leaf with values, or groups.
type result struct {
	values *data.Object
	paired []int
	field  string
	keys   []any // group keys in first-seen order
	groups []*result
}

func split(rows []row, keys []string, aggs []aggregation, o options) *result {
	if len(keys) == 0 {
		values := data.NewObject(len(aggs))
		for _, a := range aggs {
			values.Set(normalizeFieldName(displayNames[a.kind]+a.field), aggregate(rows, a, o))
		}
		r := &result{values: values}
		if !o.single {
			r.paired = make([]int, len(rows))
			for i, rw := range rows {
				r.paired[i] = rw.index
			}
		}
		return r
	}
	res := &result{field: keys[0]}
	index := map[string]int{}
	var members [][]row
	for _, rw := range rows {
		v := o.get(rw, keys[0])
		switch v.(type) {
		case *data.Object, []any:
			v = jsvalue.Stringify(v)
		}
		if o.v1 {
			v = jsvalue.ToString(v)
		}
		if o.skipEmpty {
			if _, num := v.(float64); !num && !jsvalue.Truthy(v) {
				continue
			}
		}
		k := mapKey(v)
		gi, ok := index[k]
		if !ok {
			gi = len(members)
			index[k] = gi
			members = append(members, nil)
			res.keys = append(res.keys, v)
		}
		members[gi] = append(members[gi], rw)
	}
	for _, m := range members {
		res.groups = append(res.groups, split(m, keys[1:], aggs, o))
	}
	return res
}

// mapKey is a JavaScript Map key (SameValueZero) for a primitive.
func mapKey(v any) string {
	switch x := v.(type) {
	case string:
		return "s" + x
	case bool:
		return "b" + strconv.FormatBool(x)
	case nil:
		return "null"
	case data.UndefinedType:
		return "undefined"
	}
	if f, ok := jsvalue.AsNumber(v); ok {
		if f == 0 {
			f = 0 // -0 and 0 are one key
		}
		if math.IsNaN(f) {
			return "nNaN"
		}
		return "n" + strconv.FormatFloat(f, 'g', -1, 64)
	}
	return "?" + jsvalue.ToString(v)
}

func (r *result) toObject() *data.Object {
	if r.groups == nil && r.field == "" {
		return r.values
	}
	out := data.NewObject(len(r.keys))
	for i, k := range r.keys {
		out.Set(jsvalue.ToString(k), r.groups[i].toObject())
	}
	return out
}

type leaf struct {
	values *data.Object
	paired []int
}

func (r *result) toList() []leaf {
	if r.field == "" {
		return []leaf{{values: r.values, paired: r.paired}}
	}
	var out []leaf
	name := normalizeFieldName(r.field)
	for i, g := range r.groups {
		for _, l := range g.toList() {
			if !data.IsUndefined(r.keys[i]) {
				l.values.Set(name, r.keys[i])
			}
			out = append(out, l)
		}
	}
	return out
}

func aggregate(rows []row, a aggregation, o options) any {
	vals := make([]any, 0, len(rows))
	for _, r := range rows {
		vals = append(vals, o.get(r, a.field))
	}
	switch a.kind {
	case "average", "sum":
		sum, n := 0.0, 0
		for _, v := range vals {
			if f, ok := v.(float64); ok {
				sum += f
				n++
			}
		}
		if a.kind == "sum" {
			return sum
		}
		return sum / float64(n)
	case "append":
		out := []any{}
		for _, v := range vals {
			if a.includeEmpty || !isEmpty(v) {
				if data.IsUndefined(v) {
					v = nil
				}
				out = append(out, v)
			}
		}
		return out
	case "concatenate":
		var b strings.Builder
		first := true
		for _, v := range vals {
			if !a.includeEmpty && isEmpty(v) {
				continue
			}
			if !first {
				b.WriteString(a.separator)
			}
			first = false
			switch v.(type) {
			case *data.Object, []any:
				b.WriteString(jsvalue.Stringify(v))
			case nil:
				b.WriteString("null") // typeof null is "object": JSON.stringify
			case data.UndefinedType:
				b.WriteString("undefined")
			default:
				b.WriteString(jsvalue.ToString(v))
			}
		}
		return b.String()
	case "min", "max":
		var best any
		for _, v := range vals {
			if isEmpty(v) {
				continue
			}
			if best == nil || a.kind == "min" && jsvalue.Lt(v, best) || a.kind == "max" && jsvalue.Lt(best, v) {
				best = v
			}
		}
		return best
	case "countUnique":
		seen := map[string]bool{}
		n := 0
		for i, v := range vals {
			if !a.includeEmpty && isEmpty(v) {
				continue
			}
			k := mapKey(v)
			switch v.(type) {
			case *data.Object, []any:
				k = "o" + strconv.Itoa(i) // objects are distinct by reference
			}
			if !seen[k] {
				seen[k] = true
				n++
			}
		}
		return float64(n)
	}
	n := 0
	for _, v := range vals {
		if a.includeEmpty || !isEmpty(v) {
			n++
		}
	}
	return float64(n)
}
