package notion

import (
	"slices"
	"strings"
)

// appendPage appends page p as the API shows it: the bytes encoding
// renderUncached(p, depth) gives, written straight from the stored page
// and its database's plan (pagePlan). An update answers its page so (the
// page just changed: no cached render can serve it), and so does a query:
// building the rendered maps only to encode them was most of an update's
// cost in the template benchmark (a map per property, then their keys
// sorted again by the encoder). Computed values other than show_original
// rollups of stored values are still computed as maps.
//
// Pages outside a database, and schemas whose shape the short path does
// not mirror exactly (two title properties, a property type named like
// the value's own keys), are rendered and encoded as before.
func (s *Server) appendPage(b []byte, p map[string]any, depth int) ([]byte, bool) {
	dbID := parentDB(p)
	db := s.database(dbID)
	if db == nil {
		return appendValue(b, s.renderUncached(p, depth))
	}
	plan := s.pagePlan(dbID, db)
	if plan.fallback {
		return appendValue(b, s.renderUncached(p, depth))
	}
	stored, _ := p["properties"].(map[string]any)
	var title any = []any{}
	if plan.title != "" {
		if sv, ok := stored[plan.title].(map[string]any); ok {
			if v, has := sv["title"]; has {
				title = v
			}
		}
	}
	sj := s.storedJSONOf(str(p["id"]))
	props := func(b []byte) ([]byte, bool) { return s.appendProperties(b, p, db, plan, stored, sj, depth) }
	if b, ok, done := s.appendPageFields(b, p, props, title, sj); done {
		return b, ok
	}
	fields := make([]field, 0, len(p)+2)
	for k, v := range p {
		if k != "properties" && k != "url" {
			fields = append(fields, field{k, v})
		}
	}
	fields = append(fields, field{"properties", appendFunc(props)}, field{"url", pageURL(plainText(title), str(p["id"]))})
	return appendFields(b, fields)
}

// pageMembers are the members of a page as normPage stores it (it makes
// every page, seeded or created, with exactly these keys besides
// "properties", and updates replace their values), with the url a render
// adds, in byte order, each with what precedes its value.
var pageMembers = [...]struct{ key, head string }{
	{"archived", `{"archived":`}, {"cover", `,"cover":`}, {"created_by", `,"created_by":`},
	{"created_time", `,"created_time":`}, {"icon", `,"icon":`}, {"id", `,"id":`},
	{"in_trash", `,"in_trash":`}, {"last_edited_by", `,"last_edited_by":`},
	{"last_edited_time", `,"last_edited_time":`}, {"object", `,"object":`},
	{"parent", `,"parent":`}, {"properties", `,"properties":`},
	{"public_url", `,"public_url":`}, {"url", `,"url":`},
}

// appendPageFields writes page p's members in pageMembers' order, without
// collecting and sorting them; done is false (nothing written) when p has
// other keys, for appendPage's general path.
func (s *Server) appendPageFields(b []byte, p map[string]any, props func([]byte) ([]byte, bool), title any, sj *storedJSON) (_ []byte, ok, done bool) {
	if len(p) != len(pageMembers)-1 {
		return b, false, false
	}
	var vals [len(pageMembers)]any
	for i, m := range pageMembers {
		if m.key == "properties" || m.key == "url" {
			continue
		}
		v, has := p[m.key]
		if !has {
			return b, false, false
		}
		vals[i] = v
	}
	for i, m := range pageMembers {
		b = append(b, m.head...)
		switch m.key {
		case "properties":
			b, ok = props(b)
		case "url":
			b, ok = appendPageURL(b, title, str(p["id"])), true
		case "created_by":
			b, ok = appendKept(b, &sj.createdBy, vals[i])
		case "parent":
			b, ok = appendKept(b, &sj.parent, vals[i])
		default:
			b, ok = appendValue(b, vals[i])
		}
		if !ok {
			return b, false, true
		}
	}
	return append(b, '}'), true, true
}

// appendProperties writes the rendered properties of p, in the plan's
// (byte) order of their names.
func (s *Server) appendProperties(b []byte, p, db map[string]any, plan *pagePlan, stored map[string]any, sj *storedJSON, depth int) ([]byte, bool) {
	b = append(b, '{')
	for i := range plan.props {
		pp := &plan.props[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, pp.head...)
		var ok bool
		if b, ok = s.appendPropertyValue(b, p, db, pp, stored, sj, depth); !ok {
			return b, false
		}
		b = append(b, pp.tail...)
	}
	return append(b, '}'), true
}

// appendPropertyValue writes the value propertyValue puts under the
// property's type.
func (s *Server) appendPropertyValue(b []byte, p, db map[string]any, pp *propPlan, stored map[string]any, sj *storedJSON, depth int) ([]byte, bool) {
	typ := pp.typ
	switch typ {
	case "rollup":
		return s.appendRollup(b, p, db, pp, depth)
	case "formula":
		return appendValue(b, s.formula(p, db, pp.sp, stored, depth))
	case "created_time", "last_edited_time":
		return appendValue(b, p[typ])
	case "created_by", "last_edited_by":
		return appendValue(b, s.fullUser(p[typ]))
	}
	if enc, ok := sj.storedBytes(pp.name); ok {
		return append(b, enc...), true // kept only while the value is stored
	}
	if sv, ok := stored[pp.name].(map[string]any); ok {
		if v, found := sv[typ]; found {
			return s.appendStored(b, sj, pp.name, v)
		}
	}
	return appendValue(b, emptyJSON(typ))
}

// appendRollup writes what rollup returns. A show_original rollup of
// stored values (the template's) is written from the related pages'
// stored JSON (appendStored), without the element maps rollup builds;
// any other is computed by rollup and encoded.
func (s *Server) appendRollup(b []byte, p, db map[string]any, pp *propPlan, depth int) ([]byte, bool) {
	if pp.fn != "show_original" {
		return appendValue(b, s.rollup(p, db, pp.sp, depth))
	}
	stored, _ := p["properties"].(map[string]any)
	rel, _ := stored[pp.relation].(map[string]any)
	ids, _ := rel["relation"].([]any)
	start := len(b)
	b = append(b, `{"array":[`...)
	n := 0
	for _, r := range ids {
		if depth >= maxDepth {
			break
		}
		rm, _ := r.(map[string]any)
		e, isPage := s.rolledElem(str(rm["id"]), pp.target)
		switch {
		case !isPage || e.kind == rolledSkipped:
			continue
		case e.kind == rolledComputed:
			return appendValue(b[:start], s.rollup(p, db, pp.sp, depth))
		case e.elem == nil:
			return b, false // a value encoding/json rejects
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, e.elem...)
	}
	b = append(b, `],"function":`...)
	b = appendString(b, pp.fn)
	return append(b, `,"type":"array"}`...), true
}

// computedType reports whether a property of type typ is computed
// (propertyValue does not read it from the stored page).
func computedType(typ string) bool {
	switch typ {
	case "rollup", "formula", "created_time", "last_edited_time", "created_by", "last_edited_by":
		return true
	}
	return false
}

// Encoded values an answer repeats, boxed once.
var (
	jsonFalse     any = false
	emptyListJSON any = pageBytes("[]")
	emptyIDJSON   any = pageBytes(`{"number":null,"prefix":null}`)
)

// emptyJSON is emptyValue(typ) as it encodes, without a new value per
// property.
func emptyJSON(typ string) any {
	switch typ {
	case "title", "rich_text", "multi_select", "people", "files", "relation":
		return emptyListJSON
	case "checkbox":
		return jsonFalse
	case "unique_id":
		return emptyIDJSON
	}
	return nil
}

// field is one member of an object written by appendFields.
type field struct {
	k string
	v any
}

func sortFields(fs []field) {
	slices.SortFunc(fs, func(a, b field) int { return strings.Compare(a.k, b.k) })
}

// appendFields writes fs (distinct keys) as the object appendValue writes
// for a map of them: keys in byte order.
func appendFields(b []byte, fs []field) ([]byte, bool) {
	sortFields(fs)
	return appendSortedFields(b, fs)
}

// appendSortedFields writes fs, already in byte order of their keys.
func appendSortedFields(b []byte, fs []field) ([]byte, bool) {
	b = append(b, '{')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.k)
		b = append(b, ':')
		var ok bool
		if b, ok = appendValue(b, f.v); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

// pageAnswer is page p as an answer: appendPage writing it straight
// into the answer's buffer when the answer is encoded, which handle does
// under the same hold of s.mu (not into a buffer of its own first, then
// copied). A value it cannot encode fails the answer as encoding the
// rendered page did.
func (s *Server) pageAnswer(p map[string]any) any {
	return appendFunc(func(b []byte) ([]byte, bool) { return s.appendPage(b, p, 0) })
}
