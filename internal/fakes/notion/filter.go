package notion

import (
	"sort"
	"strings"
	"time"
)

// filterCompat lists the filter keys each property type accepts. Version
// 2021-08-16 (what n8n sends) still uses "text" for rich text and "phone"
// for phone numbers; both old and new keys are accepted.
var filterCompat = map[string][]string{
	"title":            {"title", "rich_text", "text"},
	"rich_text":        {"rich_text", "text"},
	"url":              {"url", "rich_text", "text"},
	"email":            {"email", "rich_text", "text"},
	"phone_number":     {"phone_number", "phone", "rich_text", "text"},
	"number":           {"number"},
	"checkbox":         {"checkbox"},
	"select":           {"select"},
	"multi_select":     {"multi_select"},
	"status":           {"status"},
	"date":             {"date"},
	"people":           {"people"},
	"files":            {"files"},
	"relation":         {"relation"},
	"formula":          {"formula"},
	"rollup":           {"rollup"},
	"created_time":     {"created_time", "date"},
	"last_edited_time": {"last_edited_time", "date"},
	"created_by":       {"created_by", "people"},
	"last_edited_by":   {"last_edited_by", "people"},
	"unique_id":        {"unique_id", "number"},
}

// filterKind maps a filter key to the kind of comparison it makes.
var filterKind = map[string]string{
	"title": "text", "rich_text": "text", "text": "text", "url": "text", "email": "text",
	"phone_number": "text", "phone": "text", "number": "number", "checkbox": "checkbox",
	"select": "select", "status": "select", "multi_select": "multi_select", "date": "date",
	"created_time": "date", "last_edited_time": "date", "people": "people", "created_by": "people",
	"last_edited_by": "people", "relation": "relation", "files": "files", "unique_id": "number",
}

// conditions lists the operators each kind accepts.
var conditions = map[string][]string{
	"text":         {"equals", "does_not_equal", "contains", "does_not_contain", "starts_with", "ends_with", "is_empty", "is_not_empty"},
	"number":       {"equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to", "is_empty", "is_not_empty"},
	"checkbox":     {"equals", "does_not_equal"},
	"select":       {"equals", "does_not_equal", "is_empty", "is_not_empty"},
	"multi_select": {"contains", "does_not_contain", "is_empty", "is_not_empty"},
	"date":         {"equals", "before", "after", "on_or_before", "on_or_after", "is_empty", "is_not_empty", "past_week", "past_month", "past_year", "next_week", "next_month", "next_year", "this_week"},
	"people":       {"contains", "does_not_contain", "is_empty", "is_not_empty"},
	"relation":     {"contains", "does_not_contain", "is_empty", "is_not_empty"},
	"files":        {"is_empty", "is_not_empty"},
}

// matcher evaluates one query's filter.
type matcher struct {
	s      *Server
	db     map[string]any
	schema map[string]any
	now    time.Time
	// rolls are the rollup elements related pages gave (rollupMemo), for
	// this matcher's query only.
	rolls map[rollKey][]any
}

// pageView is a stored page of m.db as a filter reads it: a property's
// rendered value (what renderPage puts under its name) is computed when
// the filter reads it, once.
type pageView struct {
	p, stored map[string]any
	// The values read so far (a filter names a few properties).
	n     int
	names [4]string
	vals  [4]map[string]any
}

func (m *matcher) view(p map[string]any) pageView {
	stored, _ := p["properties"].(map[string]any)
	return pageView{p: p, stored: stored}
}

// prop is the rendered value of property name (schema entry sp).
func (m *matcher) prop(v *pageView, name string, sp map[string]any) map[string]any {
	for i := range v.n {
		if v.names[i] == name {
			return v.vals[i]
		}
	}
	var val map[string]any
	if str(sp["type"]) == "rollup" {
		// As propertyValue renders it, the related pages' elements shared
		// with the other pages' rollups (rollupMemo).
		if m.rolls == nil {
			m.rolls = map[rollKey][]any{}
		}
		val = map[string]any{"id": sp["id"], "type": "rollup", "rollup": m.s.rollupMemo(v.p, m.db, sp, 0, m.rolls)}
	} else {
		val = m.s.propertyValue(v.p, m.db, name, sp, v.stored, 0)
	}
	if v.n < len(v.names) {
		v.names[v.n], v.vals[v.n] = name, val
		v.n++
	}
	return val
}

// match evaluates filter f at path (for messages) against a page.
func (m *matcher) match(f map[string]any, page *pageView, path string, depth int) (bool, *apiError) {
	for _, comb := range []string{"and", "or"} {
		raw, ok := f[comb]
		if !ok {
			continue
		}
		if depth >= 3 {
			return false, validation("body failed validation: %s.%s should be not present: compound filters can only be nested two levels deep.", path, comb)
		}
		list, ok := raw.([]any)
		if !ok {
			return false, validation("body failed validation: %s.%s should be an array, instead was `%s`.", path, comb, compact(raw))
		}
		// An empty compound matches every page.
		for i, x := range list {
			sub, ok := x.(map[string]any)
			if !ok {
				return false, validation("body failed validation: %s.%s[%d] should be an object, instead was `%s`.", path, comb, i, compact(x))
			}
			ok, err := m.match(sub, page, path+"."+comb+"["+itoa(i)+"]", depth+1)
			if err != nil {
				return false, err
			}
			if comb == "and" && !ok {
				return false, nil
			}
			if comb == "or" && ok {
				return true, nil
			}
		}
		return comb == "and" || len(list) == 0, nil
	}
	if ts, ok := f["timestamp"].(string); ok {
		if ts != "created_time" && ts != "last_edited_time" {
			return false, validation("body failed validation: %s.timestamp should be `\"created_time\"` or `\"last_edited_time\"`, instead was `%q`.", path, ts)
		}
		cond, ok := f[ts].(map[string]any)
		if !ok {
			return false, validation("body failed validation: %s.%s should be defined, instead was `undefined`.", path, ts)
		}
		return m.cond("date", ts, cond, map[string]any{"type": ts, ts: page.p[ts]}, path+"."+ts)
	}
	key, ok := f["property"].(string)
	if !ok {
		return false, validation("body failed validation. Fix one:\n%s.or should be defined, instead was `undefined`.\n%s.and should be defined, instead was `undefined`.\n%s.property should be defined, instead was `undefined`.", path, path, path)
	}
	name, sp := findProp(m.schema, key)
	if sp == nil {
		return false, validation("Could not find property with name or id: %s", key)
	}
	ptype := str(sp["type"])
	var fkey string
	for k := range f {
		if k != "property" && k != "type" {
			fkey = k
		}
	}
	if fkey == "" {
		return false, validation("body failed validation: %s should have a filter condition for property %s.", path, key)
	}
	compatible := false
	for _, k := range filterCompat[ptype] {
		if k == fkey {
			compatible = true
		}
	}
	if !compatible {
		return false, validation("database property %s does not match filter %s", ptype, fkey)
	}
	cond, ok := f[fkey].(map[string]any)
	if !ok {
		return false, validation("body failed validation: %s.%s should be an object, instead was `%s`.", path, fkey, compact(f[fkey]))
	}
	val := m.prop(page, name, sp)
	switch ptype {
	case "rollup":
		return m.rollupCond(cond, val, path+".rollup")
	case "formula":
		return m.formulaCond(cond, val, path+".formula")
	}
	return m.cond(filterKind[fkey], fkey, cond, val, path+"."+fkey)
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

func (m *matcher) rollupCond(cond, val map[string]any, path string) (bool, *apiError) {
	r, _ := val["rollup"].(map[string]any)
	for _, q := range []string{"any", "every", "none"} {
		raw, ok := cond[q]
		if !ok {
			continue
		}
		sub, ok := raw.(map[string]any)
		if !ok || len(sub) != 1 {
			return false, validation("body failed validation: %s.%s should be an object with one property filter, instead was `%s`.", path, q, compact(raw))
		}
		var fkey string
		var c map[string]any
		for k, v := range sub {
			fkey = k
			c, _ = v.(map[string]any)
		}
		kind, known := filterKind[fkey]
		if !known || c == nil {
			return false, validation("body failed validation: %s.%s.%s is not a supported rollup filter.", path, q, fkey)
		}
		arr, _ := r["array"].([]any)
		hits := 0
		for _, e := range arr {
			em, _ := e.(map[string]any)
			ok, err := m.cond(kind, fkey, c, em, path+"."+q+"."+fkey)
			if err != nil {
				return false, err
			}
			if ok {
				hits++
			}
		}
		switch q {
		case "any":
			return hits > 0, nil
		case "every":
			return hits == len(arr), nil
		}
		return hits == 0, nil
	}
	for _, k := range []string{"number", "date"} {
		if c, ok := cond[k].(map[string]any); ok {
			return m.cond(k, k, c, map[string]any{"type": k, k: r[k]}, path+"."+k)
		}
	}
	return false, validation("body failed validation: %s should define one of `any`, `every`, `none`, `number` or `date`.", path)
}

func (m *matcher) formulaCond(cond, val map[string]any, path string) (bool, *apiError) {
	f, _ := val["formula"].(map[string]any)
	// "text" is the legacy (2021) name of the string condition.
	for _, fk := range []string{"string", "text", "checkbox", "number", "date"} {
		kind := map[string]string{"string": "text", "text": "text", "checkbox": "checkbox", "number": "number", "date": "date"}[fk]
		c, ok := cond[fk].(map[string]any)
		if !ok {
			continue
		}
		ft := str(f["type"])
		inner := f[ft]
		if ft == "boolean" {
			ft = "checkbox"
		}
		v := map[string]any{"type": ft, ft: inner}
		if ft == "string" {
			v = map[string]any{"type": "url", "url": inner}
		}
		return m.cond(kind, fk, c, v, path+"."+fk)
	}
	return false, validation("body failed validation: %s should define one of `string`, `checkbox`, `number` or `date`.", path)
}

// cond applies one typed condition ({op: value}) to a property value.
// is_empty/is_not_empty look at the value whatever its type, which the
// template's select-on-a-relation-rollup filter relies on.
func (m *matcher) cond(kind, fkey string, cond, val map[string]any, path string) (bool, *apiError) {
	if len(cond) != 1 {
		return false, validation("body failed validation: %s should have exactly one condition, instead had %d.", path, len(cond))
	}
	var op string
	var want any
	for k, v := range cond {
		op, want = k, v
	}
	allowed := false
	for _, o := range conditions[kind] {
		if o == op {
			allowed = true
		}
	}
	if !allowed {
		return false, validation("body failed validation: %s.%s should be not present, instead was `%s`.", path, op, compact(want))
	}
	switch op {
	case "is_empty", "is_not_empty":
		if want != true {
			return false, validation("body failed validation: %s.%s should be `true`, instead was `%s`.", path, op, compact(want))
		}
		empty := isEmptyValue(val)
		if kind == "date" {
			empty = dateOf(val) == ""
		}
		return empty == (op == "is_empty"), nil
	}
	bad := func(typ string) (bool, *apiError) {
		return false, validation("body failed validation: %s.%s should be %s, instead was `%s`.", path, op, typ, compact(want))
	}
	switch kind {
	case "text":
		w, ok := want.(string)
		if !ok {
			return bad("a string")
		}
		s := textOf(val)
		ls, lw := strings.ToLower(s), strings.ToLower(w)
		switch op {
		case "equals":
			return s == w, nil
		case "does_not_equal":
			return s != w, nil
		case "contains":
			return strings.Contains(ls, lw), nil
		case "does_not_contain":
			return !strings.Contains(ls, lw), nil
		case "starts_with":
			return strings.HasPrefix(ls, lw), nil
		case "ends_with":
			return strings.HasSuffix(ls, lw), nil
		}
	case "number":
		w, ok := want.(float64)
		if !ok {
			return bad("a number")
		}
		n, has := numberOf(val)
		if !has {
			return op == "does_not_equal", nil
		}
		switch op {
		case "equals":
			return n == w, nil
		case "does_not_equal":
			return n != w, nil
		case "greater_than":
			return n > w, nil
		case "less_than":
			return n < w, nil
		case "greater_than_or_equal_to":
			return n >= w, nil
		case "less_than_or_equal_to":
			return n <= w, nil
		}
	case "checkbox":
		w, ok := want.(bool)
		if !ok {
			return bad("a boolean")
		}
		b, _ := val[str(val["type"])].(bool)
		if op == "equals" {
			return b == w, nil
		}
		return b != w, nil
	case "select":
		w, ok := want.(string)
		if !ok {
			return bad("a string")
		}
		name := selectName(val)
		if op == "equals" {
			return name == w, nil
		}
		return name != w, nil
	case "multi_select", "people", "relation":
		w, ok := want.(string)
		if !ok {
			return bad("a string")
		}
		if kind != "multi_select" {
			w = NormID(w)
		}
		has := false
		for _, x := range listOf(val, kind) {
			if x == w {
				has = true
			}
		}
		if op == "contains" {
			return has, nil
		}
		return !has, nil
	case "date":
		return m.dateCond(op, want, dateOf(val), path)
	}
	return false, nil
}

func (m *matcher) dateCond(op string, want any, have, path string) (bool, *apiError) {
	if have == "" {
		return false, nil
	}
	ht, hDateOnly, err := parseDate(have)
	if err != nil {
		return false, nil
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	relative := map[string][2]time.Time{
		"past_week": {m.now.AddDate(0, 0, -7), m.now}, "past_month": {m.now.AddDate(0, -1, 0), m.now},
		"past_year": {m.now.AddDate(-1, 0, 0), m.now}, "next_week": {m.now, m.now.AddDate(0, 0, 7)},
		"next_month": {m.now, m.now.AddDate(0, 1, 0)}, "next_year": {m.now, m.now.AddDate(1, 0, 0)},
	}
	if r, ok := relative[op]; ok {
		if _, isObj := want.(map[string]any); !isObj {
			return false, validation("body failed validation: %s.%s should be an object, instead was `%s`.", path, op, compact(want))
		}
		if hDateOnly {
			return !day(ht).Before(day(r[0])) && !day(ht).After(day(r[1])), nil
		}
		return !ht.Before(r[0]) && !ht.After(r[1]), nil
	}
	if op == "this_week" {
		y1, w1 := ht.ISOWeek()
		y2, w2 := m.now.ISOWeek()
		return y1 == y2 && w1 == w2, nil
	}
	ws, ok := want.(string)
	if !ok {
		return false, validation("body failed validation: %s.%s should be a string, instead was `%s`.", path, op, compact(want))
	}
	wt, wDateOnly, err := parseDate(ws)
	if err != nil {
		return false, validation("body failed validation: %s.%s should be a valid ISO 8601 date string, instead was `%q`.", path, op, ws)
	}
	a, b := ht, wt
	if wDateOnly || hDateOnly {
		a, b = day(ht.UTC()), day(wt.UTC())
	}
	switch op {
	case "equals":
		return a.Equal(b), nil
	case "before":
		return a.Before(b), nil
	case "after":
		return a.After(b), nil
	case "on_or_before":
		return !a.After(b), nil
	case "on_or_after":
		return !a.Before(b), nil
	}
	return false, nil
}

// textOf is the text of a value: joined plain text of rich text, strings
// as they are.
func textOf(v map[string]any) string {
	typ := str(v["type"])
	switch x := v[typ].(type) {
	case []any:
		return plainText(x)
	case string:
		return x
	case map[string]any:
		return str(x["name"])
	}
	return ""
}

func numberOf(v map[string]any) (float64, bool) {
	typ := str(v["type"])
	switch x := v[typ].(type) {
	case float64:
		return x, true
	case map[string]any:
		if typ == "unique_id" {
			n, ok := x["number"].(float64)
			return n, ok
		}
	}
	return 0, false
}

func selectName(v map[string]any) string {
	o, _ := v[str(v["type"])].(map[string]any)
	return str(o["name"])
}

func dateOf(v map[string]any) string {
	typ := str(v["type"])
	switch x := v[typ].(type) {
	case map[string]any:
		return str(x["start"])
	case string:
		return x
	}
	return ""
}

// listOf returns option names (multi_select) or ids (people, relation).
func listOf(v map[string]any, kind string) []string {
	typ := str(v["type"])
	var out []string
	switch x := v[typ].(type) {
	case []any:
		for _, e := range x {
			m, _ := e.(map[string]any)
			if kind == "multi_select" {
				out = append(out, str(m["name"]))
			} else {
				out = append(out, str(m["id"]))
			}
		}
	case map[string]any:
		out = append(out, str(x["id"]))
	}
	return out
}

// sortPages orders pages (as stored) by Notion sort objects; empty values
// go last in either direction. The sort is stable (creation order breaks
// ties).
func (m *matcher) sortPages(pages []map[string]any, sorts []any) *apiError {
	type key struct {
		prop, ts string
		desc     bool
		sp       map[string]any
	}
	var keys []key
	for i, raw := range sorts {
		so, ok := raw.(map[string]any)
		if !ok {
			return validation("body failed validation: body.sorts[%d] should be an object, instead was `%s`.", i, compact(raw))
		}
		dir := str(so["direction"])
		if dir != "ascending" && dir != "descending" {
			return validation("body failed validation: body.sorts[%d].direction should be `\"ascending\"` or `\"descending\"`, instead was `%s`.", i, compact(so["direction"]))
		}
		k := key{desc: dir == "descending"}
		if ts, ok := so["timestamp"].(string); ok {
			if ts != "created_time" && ts != "last_edited_time" {
				return validation("body failed validation: body.sorts[%d].timestamp should be `\"created_time\"` or `\"last_edited_time\"`, instead was `%q`.", i, ts)
			}
			k.ts = ts
		} else {
			name, sp := findProp(m.schema, str(so["property"]))
			if sp == nil {
				return validation("Could not find sort property with name or id: %s", str(so["property"]))
			}
			k.prop, k.sp = name, sp
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil
	}
	// Each page's values of the sort keys, computed once and moved with
	// it, not per comparison.
	type sortee struct {
		p    map[string]any
		vals []map[string]any
	}
	items := make([]sortee, len(pages))
	for i, p := range pages {
		v := m.view(p)
		vals := make([]map[string]any, len(keys))
		for j, k := range keys {
			if k.ts != "" {
				vals[j] = map[string]any{"type": k.ts, k.ts: p[k.ts]}
			} else {
				vals[j] = m.prop(&v, k.prop, k.sp)
			}
		}
		items[i] = sortee{p, vals}
	}
	sort.SliceStable(items, func(i, j int) bool {
		for n, k := range keys {
			a, b := items[i].vals[n], items[j].vals[n]
			c := compareValues(a, b, k.sp)
			if c == 0 {
				continue
			}
			ea, eb := isEmptyValue(a), isEmptyValue(b)
			if ea != eb {
				return eb
			}
			if k.desc {
				return c > 0
			}
			return c < 0
		}
		return false
	})
	for i, it := range items {
		pages[i] = it.p
	}
	return nil
}

func compareValues(a, b map[string]any, sp map[string]any) int {
	ea, eb := isEmptyValue(a), isEmptyValue(b)
	switch {
	case ea && eb:
		return 0
	case ea:
		return 1
	case eb:
		return -1
	}
	typ := str(a["type"])
	switch typ {
	case "number":
		x, _ := numberOf(a)
		y, _ := numberOf(b)
		return cmp3(x < y, x > y)
	case "checkbox":
		x, _ := a[typ].(bool)
		y, _ := b[typ].(bool)
		return cmp3(!x && y, x && !y)
	case "select", "status":
		x, y := optionIndex(sp, selectName(a)), optionIndex(sp, selectName(b))
		return cmp3(x < y, x > y)
	case "date", "created_time", "last_edited_time":
		x, y := dateOf(a), dateOf(b)
		return cmp3(dateLess(x, y), dateLess(y, x))
	}
	x, y := strings.ToLower(sortText(a)), strings.ToLower(sortText(b))
	return cmp3(x < y, x > y)
}

func sortText(v map[string]any) string {
	if s := textOf(v); s != "" {
		return s
	}
	return sortKey(v)
}

func optionIndex(sp map[string]any, name string) int {
	cfg, _ := sp[str(sp["type"])].(map[string]any)
	opts, _ := cfg["options"].([]any)
	for i, o := range opts {
		if m, _ := o.(map[string]any); str(m["name"]) == name {
			return i
		}
	}
	return len(opts)
}

func cmp3(less, more bool) int {
	switch {
	case less:
		return -1
	case more:
		return 1
	}
	return 0
}
