package notion

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// maxDepth bounds rollups of rollups (and relation cycles).
const maxDepth = 4

// rollup computes a rollup property of page p:
// {"type":"array"|"number"|"date","<type>":…,"function":…}.
func (s *Server) rollup(p, db, sp map[string]any, depth int) map[string]any {
	return s.rollupMemo(p, db, sp, depth, nil)
}

// rollKey names the elements one related page gives a rollup: its id,
// the rolled-up property (name or id) and the depth it is read at.
type rollKey struct {
	id, target string
	depth      int
}

// rollupMemo is rollup, the elements each related page gives kept in
// memo (when not nil) for the next rollup that reads them. A query's
// filter reads the rollups of every page of a database, and pages share
// their related pages (a project's tasks roll up the same project's
// clients): memo lives as long as one query's matcher, during which
// nothing changes.
func (s *Server) rollupMemo(p, db, sp map[string]any, depth int, memo map[rollKey][]any) map[string]any {
	cfg, _ := sp["rollup"].(map[string]any)
	fn := str(cfg["function"])
	if fn == "" {
		fn = "show_original"
	}
	schema, _ := db["properties"].(map[string]any)
	relName, _ := findProp(schema, str(orDefault(cfg["relation_property_name"], cfg["relation_property_id"])))
	stored, _ := p["properties"].(map[string]any)
	rel, _ := stored[relName].(map[string]any)
	ids, _ := rel["relation"].([]any)
	target := str(orDefault(cfg["rollup_property_name"], cfg["rollup_property_id"]))
	var elems []any
	if depth < maxDepth {
		for _, r := range ids {
			rm, _ := r.(map[string]any)
			id := str(rm["id"])
			if memo == nil {
				elems = s.appendRolled(elems, id, target, depth)
				continue
			}
			k := rollKey{id, target, depth}
			es, ok := memo[k]
			if !ok {
				es = s.appendRolled(nil, id, target, depth)
				memo[k] = es
			}
			elems = append(elems, es...)
		}
	}
	if elems == nil {
		elems = []any{}
	}
	return applyRollup(fn, elems)
}

// appendRolled appends the elements page id gives a rollup of its
// property target read at depth (none when it is not a page, is archived
// or has no such property).
func (s *Server) appendRolled(elems []any, id, target string, depth int) []any {
	other := s.page(id)
	if other == nil || other["archived"] == true {
		return elems
	}
	odb := s.database(parentDB(other))
	if odb == nil {
		return elems
	}
	oschema, _ := odb["properties"].(map[string]any)
	name, osp := findProp(oschema, target)
	if osp == nil {
		return elems
	}
	ostored, _ := other["properties"].(map[string]any)
	v := s.propertyValue(other, odb, name, osp, ostored, depth+1)
	typ := str(v["type"])
	if typ == "rollup" {
		inner, _ := v["rollup"].(map[string]any)
		if a, ok := inner["array"].([]any); ok {
			return append(elems, a...)
		}
		it := str(inner["type"])
		return append(elems, map[string]any{"type": it, it: inner[it]})
	}
	return append(elems, map[string]any{"type": typ, typ: v[typ]})
}

func applyRollup(fn string, elems []any) map[string]any {
	num := func(v any) map[string]any { return map[string]any{"type": "number", "number": v, "function": fn} }
	n := float64(len(elems))
	empties := 0
	for _, e := range elems {
		if isEmptyValue(e) {
			empties++
		}
	}
	frac := func(k int) any {
		if n == 0 {
			return 0.0
		}
		return float64(k) / n
	}
	switch fn {
	case "show_original":
		return map[string]any{"type": "array", "array": elems, "function": fn}
	case "show_unique":
		return map[string]any{"type": "array", "array": uniqueElems(elems), "function": fn}
	case "count", "count_all":
		return num(n)
	case "count_values":
		c := 0
		for _, e := range elems {
			c += valueCount(e)
		}
		return num(float64(c))
	case "count_unique_values", "unique":
		seen := map[string]bool{}
		for _, e := range elems {
			if !isEmptyValue(e) {
				seen[sortKey(e)] = true
			}
		}
		return num(float64(len(seen)))
	case "count_empty", "empty":
		return num(float64(empties))
	case "count_not_empty", "not_empty":
		return num(n - float64(empties))
	case "percent_empty":
		return num(frac(empties))
	case "percent_not_empty":
		return num(frac(len(elems) - empties))
	case "checked", "unchecked", "percent_checked", "percent_unchecked":
		c := 0
		for _, e := range elems {
			m, _ := e.(map[string]any)
			if m["checkbox"] == true {
				c++
			}
		}
		switch fn {
		case "checked":
			return num(float64(c))
		case "unchecked":
			return num(n - float64(c))
		case "percent_checked":
			return num(frac(c))
		}
		return num(frac(len(elems) - c))
	case "sum", "average", "median", "min", "max", "range":
		var xs []float64
		for _, e := range elems {
			m, _ := e.(map[string]any)
			if f, ok := m["number"].(float64); ok {
				xs = append(xs, f)
			}
		}
		if len(xs) == 0 {
			if fn == "sum" {
				return num(0.0)
			}
			return num(nil)
		}
		sort.Float64s(xs)
		switch fn {
		case "sum":
			t := 0.0
			for _, x := range xs {
				t += x
			}
			return num(t)
		case "average":
			t := 0.0
			for _, x := range xs {
				t += x
			}
			return num(t / float64(len(xs)))
		case "median":
			mid := len(xs) / 2
			if len(xs)%2 == 1 {
				return num(xs[mid])
			}
			return num((xs[mid-1] + xs[mid]) / 2)
		case "min":
			return num(xs[0])
		case "max":
			return num(xs[len(xs)-1])
		}
		return num(xs[len(xs)-1] - xs[0])
	case "earliest_date", "latest_date", "date_range":
		var starts []string
		for _, e := range elems {
			m, _ := e.(map[string]any)
			typ := str(m["type"])
			switch d := m[typ].(type) {
			case map[string]any:
				if st := str(d["start"]); st != "" {
					starts = append(starts, st)
				}
			case string:
				if typ == "created_time" || typ == "last_edited_time" {
					starts = append(starts, d)
				}
			}
		}
		date := func(v any) map[string]any { return map[string]any{"type": "date", "date": v, "function": fn} }
		if len(starts) == 0 {
			return date(nil)
		}
		sort.Slice(starts, func(i, j int) bool { return dateLess(starts[i], starts[j]) })
		switch fn {
		case "earliest_date":
			return date(map[string]any{"start": starts[0], "end": nil, "time_zone": nil})
		case "latest_date":
			return date(map[string]any{"start": starts[len(starts)-1], "end": nil, "time_zone": nil})
		}
		return date(map[string]any{"start": starts[0], "end": starts[len(starts)-1], "time_zone": nil})
	}
	return map[string]any{"type": "unsupported", "unsupported": map[string]any{}, "function": fn}
}

func dateLess(a, b string) bool {
	ta, _, ea := parseDate(a)
	tb, _, eb := parseDate(b)
	if ea != nil || eb != nil {
		return a < b
	}
	return ta.Before(tb)
}

func uniqueElems(elems []any) []any {
	seen := map[string]bool{}
	out := []any{}
	for _, e := range elems {
		k := sortKey(e)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

// valueCount is how many values an element holds (arrays count each entry).
func valueCount(e any) int {
	m, _ := e.(map[string]any)
	typ := str(m["type"])
	switch v := m[typ].(type) {
	case nil:
		return 0
	case []any:
		if typ == "title" || typ == "rich_text" {
			if len(v) == 0 {
				return 0
			}
			return 1
		}
		return len(v)
	case string:
		if v == "" {
			return 0
		}
	}
	return 1
}

// isEmptyValue reports whether a property value ({type, <type>: v}) is
// empty; a checkbox is never empty.
func isEmptyValue(e any) bool {
	m, _ := e.(map[string]any)
	if m == nil {
		return true
	}
	typ := str(m["type"])
	switch v := m[typ].(type) {
	case nil:
		return true
	case []any:
		return len(v) == 0
	case string:
		return v == ""
	case map[string]any:
		if typ == "rollup" {
			if a, ok := v["array"].([]any); ok {
				return len(a) == 0
			}
			return v[str(v["type"])] == nil
		}
		if typ == "formula" {
			inner := v[str(v["type"])]
			return inner == nil || inner == ""
		}
		if typ == "unique_id" {
			return v["number"] == nil
		}
		return len(v) == 0
	}
	return false
}

// sortKey is a stable textual form of a value, used for uniqueness.
func sortKey(e any) string {
	m, _ := e.(map[string]any)
	typ := str(m["type"])
	switch typ {
	case "title", "rich_text":
		return typ + ":" + plainText(m[typ])
	}
	b, _ := json.Marshal(m[typ])
	return typ + ":" + string(b)
}

// formula computes a formula property: a stored value when the schema has
// no expression, otherwise a small subset of Notion's formula language:
// prop("X"), empty(x), not x, length(x), format(x), toNumber(x),
// concat(a, …), if(c, a, b), a + b, a == b, a != b, string/number/boolean
// literals.
func (s *Server) formula(p, db, sp, stored map[string]any, depth int) map[string]any {
	cfg, _ := sp["formula"].(map[string]any)
	expr := strings.TrimSpace(str(cfg["expression"]))
	name := str(sp["name"])
	if expr == "" {
		if sv, ok := stored[name].(map[string]any); ok {
			if f, ok := sv["formula"].(map[string]any); ok {
				return f
			}
		}
		return map[string]any{"type": "string", "string": nil}
	}
	ev := &formulaEval{s: s, page: p, db: db, depth: depth}
	v, err := ev.eval(expr)
	if err != nil {
		return map[string]any{"type": "string", "string": nil}
	}
	switch x := v.v.(type) {
	case string:
		return map[string]any{"type": "string", "string": x}
	case float64:
		return map[string]any{"type": "number", "number": x}
	case bool:
		return map[string]any{"type": "boolean", "boolean": x}
	case map[string]any:
		return map[string]any{"type": "date", "date": x}
	}
	kind := v.kind
	if kind == "" {
		kind = "string"
	}
	return map[string]any{"type": kind, kind: nil}
}

// fval is a formula value with its Notion result type (for nulls).
type fval struct {
	kind string // string, number, boolean, date
	v    any
}

type formulaEval struct {
	s     *Server
	page  map[string]any
	db    map[string]any
	depth int
	toks  []string
	pos   int
}

func (f *formulaEval) eval(expr string) (fval, error) {
	toks, err := tokenize(expr)
	if err != nil {
		return fval{}, err
	}
	f.toks, f.pos = toks, 0
	v, err := f.parseExpr()
	if err != nil {
		return fval{}, err
	}
	if f.pos != len(f.toks) {
		return fval{}, fmt.Errorf("unexpected %q", f.toks[f.pos])
	}
	return v, nil
}

func tokenize(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated string")
			}
			out = append(out, s[i:j+1])
			i = j + 1
		case strings.ContainsRune("(),+", rune(c)):
			out = append(out, string(c))
			i++
		case (c == '=' || c == '!') && i+1 < len(s) && s[i+1] == '=':
			out = append(out, s[i:i+2])
			i += 2
		case c >= '0' && c <= '9' || c == '.':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			out = append(out, s[i:j])
			i = j
		case unicode.IsLetter(rune(c)) || c == '_':
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '_') {
				j++
			}
			out = append(out, s[i:j])
			i = j
		default:
			return nil, fmt.Errorf("unexpected character %q", c)
		}
	}
	return out, nil
}

func (f *formulaEval) peek() string {
	if f.pos < len(f.toks) {
		return f.toks[f.pos]
	}
	return ""
}

func (f *formulaEval) parseExpr() (fval, error) {
	left, err := f.parseUnary()
	if err != nil {
		return fval{}, err
	}
	for {
		op := f.peek()
		if op != "+" && op != "==" && op != "!=" {
			return left, nil
		}
		f.pos++
		right, err := f.parseUnary()
		if err != nil {
			return fval{}, err
		}
		switch op {
		case "+":
			ln, lok := left.v.(float64)
			rn, rok := right.v.(float64)
			if lok && rok {
				left = fval{"number", ln + rn}
			} else {
				left = fval{"string", toText(left.v) + toText(right.v)}
			}
		case "==":
			left = fval{"boolean", toText(left.v) == toText(right.v)}
		case "!=":
			left = fval{"boolean", toText(left.v) != toText(right.v)}
		}
	}
}

func (f *formulaEval) parseUnary() (fval, error) {
	t := f.peek()
	if t == "not" {
		f.pos++
		v, err := f.parseUnary()
		if err != nil {
			return fval{}, err
		}
		return fval{"boolean", !truthy(v.v)}, nil
	}
	return f.parsePrimary()
}

func (f *formulaEval) parsePrimary() (fval, error) {
	t := f.peek()
	if t == "" {
		return fval{}, fmt.Errorf("unexpected end")
	}
	f.pos++
	switch {
	case t == "(":
		v, err := f.parseExpr()
		if err != nil {
			return fval{}, err
		}
		if f.peek() != ")" {
			return fval{}, fmt.Errorf("missing )")
		}
		f.pos++
		return v, nil
	case strings.HasPrefix(t, "\""):
		u, err := strconv.Unquote(t)
		if err != nil {
			return fval{}, err
		}
		return fval{"string", u}, nil
	case t[0] >= '0' && t[0] <= '9' || t[0] == '.':
		n, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return fval{}, err
		}
		return fval{"number", n}, nil
	case t == "true" || t == "false":
		return fval{"boolean", t == "true"}, nil
	}
	if f.peek() != "(" {
		return fval{}, fmt.Errorf("unknown name %q", t)
	}
	f.pos++
	var args []fval
	for f.peek() != ")" {
		a, err := f.parseExpr()
		if err != nil {
			return fval{}, err
		}
		args = append(args, a)
		if f.peek() == "," {
			f.pos++
		} else if f.peek() != ")" {
			return fval{}, fmt.Errorf("expected , or )")
		}
	}
	f.pos++
	return f.call(t, args)
}

func (f *formulaEval) call(name string, args []fval) (fval, error) {
	arg := func(i int) fval {
		if i < len(args) {
			return args[i]
		}
		return fval{}
	}
	switch name {
	case "prop":
		return f.prop(toText(arg(0).v))
	case "empty":
		return fval{"boolean", !truthy(arg(0).v)}, nil
	case "not":
		return fval{"boolean", !truthy(arg(0).v)}, nil
	case "length":
		return fval{"number", float64(len([]rune(toText(arg(0).v))))}, nil
	case "format":
		return fval{"string", toText(arg(0).v)}, nil
	case "toNumber":
		n, err := strconv.ParseFloat(strings.TrimSpace(toText(arg(0).v)), 64)
		if err != nil {
			return fval{"number", nil}, nil
		}
		return fval{"number", n}, nil
	case "concat":
		var b strings.Builder
		for _, a := range args {
			b.WriteString(toText(a.v))
		}
		return fval{"string", b.String()}, nil
	case "if":
		if truthy(arg(0).v) {
			return arg(1), nil
		}
		return arg(2), nil
	}
	return fval{}, fmt.Errorf("unknown function %s", name)
}

// prop reads a property of the page as a formula value.
func (f *formulaEval) prop(name string) (fval, error) {
	schema, _ := f.db["properties"].(map[string]any)
	pname, sp := findProp(schema, name)
	if sp == nil {
		return fval{}, fmt.Errorf("no property %q", name)
	}
	if f.depth >= maxDepth {
		return fval{}, fmt.Errorf("too deep")
	}
	stored, _ := f.page["properties"].(map[string]any)
	v := f.s.propertyValue(f.page, f.db, pname, sp, stored, f.depth+1)
	typ := str(v["type"])
	switch x := v[typ].(type) {
	case nil:
		switch typ {
		case "number":
			return fval{"number", nil}, nil
		case "date":
			return fval{"date", nil}, nil
		}
		return fval{"string", ""}, nil
	case bool:
		return fval{"boolean", x}, nil
	case float64:
		return fval{"number", x}, nil
	case string:
		return fval{"string", x}, nil
	case []any:
		switch typ {
		case "title", "rich_text":
			return fval{"string", plainText(x)}, nil
		case "relation":
			return fval{"number", float64(len(x))}, nil
		}
		var names []string
		for _, e := range x {
			m, _ := e.(map[string]any)
			names = append(names, str(orDefault(m["name"], m["id"])))
		}
		return fval{"string", strings.Join(names, ",")}, nil
	case map[string]any:
		switch typ {
		case "select", "status":
			return fval{"string", str(x["name"])}, nil
		case "date":
			return fval{"date", x}, nil
		case "formula", "rollup":
			it := str(x["type"])
			if it == "array" {
				return fval{"string", fmt.Sprint(len(x["array"].([]any)))}, nil
			}
			k := it
			if k == "boolean" {
				k = "boolean"
			}
			return fval{k, x[it]}, nil
		}
	}
	return fval{"string", toText(v[typ])}, nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	}
	return true
}

func toText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		return str(x["start"])
	}
	return fmt.Sprint(v)
}
