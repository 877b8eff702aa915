package notion

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/internal/intern"
)

// snakeCase is change-case 4.1.2's snakeCase: words split at lower→upper
// and "ABc" boundaries and at runs of characters outside [A-Za-z0-9],
// lower-cased and joined with "_".
func snakeCase(s string) string {
	var words []string
	var cur []rune
	rs := []rune(s)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	isLower := func(r rune) bool { return r >= 'a' && r <= 'z' }
	isUpper := func(r rune) bool { return r >= 'A' && r <= 'Z' }
	isDigit := func(r rune) bool { return r >= '0' && r <= '9' }
	for i, r := range rs {
		if !isLower(r) && !isUpper(r) && !isDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			switch {
			case (isLower(prev) || isDigit(prev)) && isUpper(r):
				flush()
			case isUpper(prev) && isUpper(r) && i+1 < len(rs) && isLower(rs[i+1]):
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return strings.Join(words, "_")
}

// simplifier remembers the output key of each property name
// ("property_" + its snake case), so pages of one run convert every name
// once and their items share the key strings.
type simplifier struct {
	keys map[string]string
	// strs shares the short values pages repeat (statuses, relation ids,
	// rollup values, timestamps) among the run's items.
	strs intern.Table
}

// value is jsValue with short strings shared through s.strs (s may be
// nil).
func (s *simplifier) value(r gjson.Result) any {
	if s == nil {
		return jsValue(r)
	}
	if r.Type == gjson.String {
		if n := len(r.Raw); n >= 2 && r.Raw[0] == '"' && r.Raw[n-1] == '"' && strings.IndexByte(r.Raw, '\\') < 0 && utf8.ValidString(r.Raw) {
			return s.strs.String(r.Raw[1 : n-1])
		}
	}
	v := jsValue(r)
	if str, ok := v.(string); ok {
		return s.strs.Own(str)
	}
	return v
}

// propertyKey is prepend's key for a property name.
func (s *simplifier) propertyKey(name string) string {
	if k, ok := s.keys[name]; ok {
		return k
	}
	if s.keys == nil {
		s.keys = map[string]string{}
	}
	k := "property_" + snakeCase(name)
	if len(s.keys) < maxCachedKeys {
		s.keys[strings.Clone(name)] = k
	}
	return k
}

// maxCachedKeys bounds the name cache (a database has tens of
// properties; answers that invent names per page must not grow it).
const maxCachedKeys = 4096

// simplifyObjects is n8n's simplifyObjects (version 2) over raw API
// objects; objects it does not know produce nothing. Keys come in n8n's
// order: id, name, url, then the page's properties.
func simplifyObjects(objects []gjson.Result) ([]*data.Object, error) {
	var s simplifier
	return s.objects(objects)
}

func (s *simplifier) objects(objects []gjson.Result) ([]*data.Object, error) {
	out := make([]*data.Object, 0, len(objects))
	for _, o := range objects {
		object := o.Get("object").String()
		parentType := o.Get("parent.type").String()
		switch {
		case object == "page" && (parentType == "page_id" || parentType == "workspace"):
			first := o.Get("properties.title.title.0")
			if !first.Exists() {
				return nil, fmt.Errorf("Cannot read properties of undefined (reading 'plain_text')")
			}
			out = append(out, data.ObjectOf("id", jsValue(o.Get("id")), "name", jsValue(first.Get("plain_text")), "url", jsValue(o.Get("url"))))
		case object == "page" && parentType == "database_id":
			item, err := s.databasePage(o)
			if err != nil {
				return nil, err
			}
			out = append(out, item)
		case object == "database":
			item := data.ObjectOf("id", jsValue(o.Get("id")))
			name := o.Get("title.0.plain_text")
			if s := name.String(); name.Exists() && truthy(jsValue(name)) {
				item.Set("name", s)
			} else {
				item.Set("name", "")
			}
			item.Set("url", jsValue(o.Get("url")))
			out = append(out, item)
		}
	}
	return out, nil
}

// databasePage simplifies a database page in one pass over its
// properties: {id, name, url, ...prepend("property", simplified)}.
func (s *simplifier) databasePage(o gjson.Result) (*data.Object, error) {
	top := pageTop(o)
	props := properties(top.properties)
	title := -1
	for i, p := range props {
		if p.v.Get("type").String() == "title" {
			title = i
			break
		}
	}
	if title < 0 {
		return nil, fmt.Errorf("Cannot read properties of undefined (reading 'title')")
	}
	name := s.titleValue(props[title].v)
	keys, fast := s.prependedKeys(props)
	if !fast {
		// Names whose keys collide: prepend's in-place moves decide.
		return s.databasePageSlow(o, name)
	}
	item := data.NewObject(3 + len(props))
	item.Set("id", jsValue(top.id))
	item.Set("name", name)
	item.Set("url", jsValue(top.url))
	for i, p := range props {
		var v any
		var err error
		switch p.v.Get("type").String() {
		case "title", "rich_text":
			// A page's own texts are mostly its own (names, ids of other
			// systems): they are not offered to the shared strings, which
			// then keep the values pages do repeat. A title of one text run
			// is the name already read (its plain_text).
			if runs := p.v.Get("title").Array(); i == title && len(runs) == 1 && runs[0].Get("type").String() == "text" {
				if _, ok := name.(string); ok {
					v = name
					break
				}
			}
			v, err = simplifyProperty(p.v)
		default:
			v, err = s.property(p.v)
		}
		if err != nil {
			return nil, err
		}
		// JS keeps a key whose value is undefined; it vanishes when the
		// item is serialised, so it is not set.
		if !data.IsUndefined(v) {
			item.Set(keys[i], v)
		}
	}
	dropUndefined(item)
	return item, nil
}

// pageFields are the members of a page the simplified item reads.
type pageFields struct{ id, url, properties gjson.Result }

// pageTop reads a page's id, url and properties in one pass over its
// members: looked up one by one, each url lookup scanned past the whole
// properties object again (a fifth of simplifying a page). The first
// occurrence of a key wins, as with Get.
func pageTop(o gjson.Result) pageFields {
	var f pageFields
	left := 3
	o.ForEach(func(k, v gjson.Result) bool {
		var dst *gjson.Result
		switch k.Str {
		case "id":
			dst = &f.id
		case "url":
			dst = &f.url
		case "properties":
			dst = &f.properties
		default:
			return true
		}
		if !dst.Exists() {
			*dst = v
			left--
		}
		return left > 0
	})
	return f
}

// prependedKeys returns each property's output key, and whether prepend
// moves every key to a key of its own: no two names give the same key and
// no name is itself such a key (else its delete would remove a moved one).
func (s *simplifier) prependedKeys(props []property) ([]string, bool) {
	keys := make([]string, len(props))
	for i, p := range props {
		if strings.HasPrefix(p.k, "property_") {
			return nil, false
		}
		keys[i] = s.propertyKey(p.k)
		for _, k := range keys[:i] {
			if k == keys[i] {
				return nil, false
			}
		}
	}
	return keys, true
}

// databasePageSlow is the literal form: simplified properties, prepend
// with its moves and deletes, undefined values dropped.
func (s *simplifier) databasePageSlow(o gjson.Result, name any) (*data.Object, error) {
	item := data.ObjectOf("id", jsValue(o.Get("id")))
	item.Set("name", name)
	item.Set("url", jsValue(o.Get("url")))
	props, err := simplifyProperties(o.Get("properties"))
	if err != nil {
		return nil, err
	}
	for k, v := range s.prependKeys(props).All() {
		item.Set(k, v)
	}
	dropUndefined(item)
	return item, nil
}

// dropUndefined deletes keys whose value is undefined (JS keeps them; they
// vanish when the item is serialised).
func dropUndefined(item *data.Object) {
	for i := 0; i < item.Len(); i++ {
		if data.IsUndefined(item.ValueAt(i)) {
			for _, k := range slices.Clone(item.Keys()) {
				if data.IsUndefined(item.Value(k)) {
					item.Delete(k)
				}
			}
			return
		}
	}
}

// simplifyProperties is n8n's simplifyProperties: each property's
// simplified value under its name, in the properties' JavaScript order.
func simplifyProperties(props gjson.Result) (*data.Object, error) {
	out := data.NewObject(8)
	var err error
	forEachProperty(props, func(key string, p gjson.Result) bool {
		var v any
		if v, err = simplifyProperty(p); err != nil {
			return false
		}
		out.Set(key, v)
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// prependKeys is n8n's prepend("property", properties): every key, in
// order, is moved to property_snake_case(key) — set (an existing key keeps
// its place) then the old key deleted, as the JavaScript does in place.
func (s *simplifier) prependKeys(props *data.Object) *data.Object {
	for _, k := range slices.Clone(props.Keys()) {
		props.Set(s.propertyKey(k), props.Value(k))
		props.Delete(k)
	}
	return props
}

// property is one key of an object and its raw value.
type property struct {
	k string
	v gjson.Result
}

// properties lists an object's keys in JavaScript's order: integer keys
// ascending first, then the rest in document order.
func properties(props gjson.Result) []property {
	var ints []property
	rest := make([]property, 0, 12)
	props.ForEach(func(k, v gjson.Result) bool {
		if isArrayIndex(k.String()) {
			ints = append(ints, property{k.String(), v})
		} else {
			rest = append(rest, property{k.String(), v})
		}
		return true
	})
	if len(ints) == 0 {
		return rest
	}
	for i := 1; i < len(ints); i++ {
		for j := i; j > 0 && indexLess(ints[j].k, ints[j-1].k); j-- {
			ints[j], ints[j-1] = ints[j-1], ints[j]
		}
	}
	return append(ints, rest...)
}

// forEachProperty visits an object's keys in JavaScript's order.
func forEachProperty(props gjson.Result, fn func(key string, v gjson.Result) bool) {
	for _, e := range properties(props) {
		if !fn(e.k, e.v) {
			return
		}
	}
}

func isArrayIndex(s string) bool {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(s) < 10 || s < "4294967295"
}

func indexLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// propertyTitle is n8n's getPropertyTitle: the first title fragment's
// plain_text, or "".
func propertyTitle(props gjson.Result) (any, error) {
	var title gjson.Result
	found := false
	forEachProperty(props, func(_ string, p gjson.Result) bool {
		if p.Get("type").String() == "title" {
			title, found = p, true
			return false
		}
		return true
	})
	if !found {
		return nil, fmt.Errorf("Cannot read properties of undefined (reading 'title')")
	}
	return titleValue(title), nil
}

// titleValue is getPropertyTitle's answer for the title property p.
func titleValue(title gjson.Result) any { return (*simplifier)(nil).titleValue(title) }

func (s *simplifier) titleValue(title gjson.Result) any {
	first := title.Get("title.0")
	if !first.Exists() {
		return ""
	}
	v := jsValue(first.Get("plain_text"))
	if !truthy(v) {
		return ""
	}
	return v
}

// simplifyProperty is n8n's simplifyProperty; undefined means the key is
// dropped.
func simplifyProperty(p gjson.Result) (any, error) {
	return (*simplifier)(nil).property(p)
}

// property is simplifyProperty with the run's shared strings (s may be
// nil: nothing shared).
func (s *simplifier) property(p gjson.Result) (any, error) {
	typ := p.Get("type").String()
	val := p.Get(gjson.Escape(typ))
	switch typ {
	case "text":
		return s.value(p.Get("plain_text")), nil
	case "rich_text", "title":
		if !val.IsArray() {
			return "", nil
		}
		runs := val.Array()
		switch len(runs) {
		case 0:
			return "", nil
		case 1:
			// One run (the common case) is its text itself: shared with
			// the name the page's title gave, not joined into a new string.
			v, err := s.property(runs[0])
			if err != nil {
				return nil, err
			}
			if _, ok := v.(string); ok {
				return v, nil
			}
			return joinString(v), nil
		}
		var b strings.Builder
		for _, t := range runs {
			v, err := s.property(t)
			if err != nil {
				return nil, err
			}
			b.WriteString(joinString(v))
		}
		return b.String(), nil
	case "url", "created_time", "checkbox", "number", "last_edited_time", "email", "phone_number", "date":
		return s.value(val), nil
	case "created_by", "last_edited_by", "select":
		if !truthy(s.value(val)) {
			return nil, nil
		}
		return s.value(val.Get("name")), nil
	case "people":
		if !val.IsArray() {
			return s.value(val), nil
		}
		out := []any{}
		for _, person := range val.Array() {
			e := s.value(person.Get("person.email"))
			if !truthy(e) {
				e = data.NewObject(0)
			}
			out = append(out, e)
		}
		return out, nil
	case "multi_select":
		list := val
		if !val.IsArray() {
			list = val.Get("options")
		}
		out := []any{}
		for _, o := range list.Array() {
			n := s.value(o.Get("name"))
			if !truthy(n) {
				n = data.NewObject(0)
			}
			out = append(out, n)
		}
		return out, nil
	case "relation":
		if !val.IsArray() {
			return s.value(val.Get("database_id")), nil
		}
		out := []any{}
		for _, o := range val.Array() {
			id := s.value(o.Get("id"))
			if !truthy(id) {
				id = data.NewObject(0)
			}
			out = append(out, id)
		}
		return out, nil
	case "formula":
		return s.value(val.Get(gjson.Escape(val.Get("type").String()))), nil
	case "rollup":
		fnR := val.Get("function")
		if !fnR.Exists() || fnR.Type == gjson.Null {
			return nil, fmt.Errorf("Cannot read properties of %s (reading 'startsWith')", map[bool]string{true: "null", false: "undefined"}[fnR.Type == gjson.Null && fnR.Exists()])
		}
		fn := fnR.String()
		switch {
		case strings.HasPrefix(fn, "count") || strings.Contains(fn, "empty"):
			n := s.value(val.Get("number"))
			if strings.Contains(fn, "percent") {
				f, _ := n.(float64)
				return f * 100, nil
			}
			return n, nil
		case strings.HasPrefix(fn, "show") && val.Get("type").String() == "array":
			var elems []any
			for _, e := range val.Get("array").Array() {
				v, err := s.property(e)
				if err != nil {
					return nil, err
				}
				if list, ok := v.([]any); ok {
					elems = append(elems, list...)
				} else {
					elems = append(elems, v)
				}
			}
			if elems == nil {
				elems = []any{}
			}
			for i, e := range elems {
				if data.IsUndefined(e) {
					elems[i] = nil
				}
			}
			if fn == "show_unique" {
				elems = uniqueValues(elems)
			}
			return elems, nil
		}
		return data.Undefined, nil
	case "files":
		out := []any{}
		for _, f := range val.Array() {
			out = append(out, s.value(f.Get(gjson.Escape(f.Get("type").String())+".url")))
		}
		for i, e := range out {
			if data.IsUndefined(e) {
				out[i] = nil
			}
		}
		return out, nil
	case "status":
		if !val.Exists() || val.Type == gjson.Null {
			return data.Undefined, nil
		}
		return s.value(val.Get("name")), nil
	}
	return data.Undefined, nil
}

// joinString is how Array.prototype.join prints an element.
func joinString(v any) string {
	if v == nil || data.IsUndefined(v) {
		return ""
	}
	return jsString(v)
}

// uniqueValues is [...new Set(elems)]: primitives by value, objects by
// identity (each object is distinct).
func uniqueValues(elems []any) []any {
	seen := map[string]bool{}
	out := []any{}
	for _, e := range elems {
		switch e.(type) {
		case *data.Object, []any:
			out = append(out, e)
			continue
		}
		b, _ := json.Marshal(e)
		k := fmt.Sprintf("%T:%s", e, b)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

// simplifyBlocks is n8n's simplifyBlocksOutput: root_id is added, the
// timestamps and author removed, and the type's text (or a child page's
// title) becomes content, added last.
func simplifyBlocks(blocks []*data.Object, rootID string) {
	for _, b := range blocks {
		typ, _ := b.Value("type").(string)
		b.Set("root_id", rootID)
		b.Delete("created_time")
		b.Delete("last_edited_time")
		b.Delete("created_by")
		content, _ := b.Value(typ).(*data.Object)
		switch typ {
		case "child_page", "child_database":
			if content == nil {
				continue
			}
			b.Set("content", content.Value("title"))
			b.Delete(typ)
			continue
		}
		if text, ok := content.Value("text").([]any); ok {
			var s strings.Builder
			for _, t := range text {
				tm, _ := t.(*data.Object)
				if pt := tm.Value("plain_text"); truthy(pt) {
					s.WriteString(jsString(pt))
				}
			}
			b.Set("content", s.String())
			b.Delete(typ)
		}
	}
}
