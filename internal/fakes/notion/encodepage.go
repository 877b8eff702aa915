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
//
// The members other than last_edited_*, properties and url are written
// from sj.meta, kept from the page's first answer: a page is answered
// again after most updates (the answer to the update), and looking up
// and encoding its ten unchanged members again was a third of writing a
// page besides its properties.
func (s *Server) appendPageFields(b []byte, p map[string]any, props func([]byte) ([]byte, bool), title any, sj *storedJSON) (_ []byte, ok, done bool) {
	if len(p) != len(pageMembers)-1 {
		return b, false, false
	}
	if sj.meta == nil {
		sj.meta = makePageMeta(p)
	}
	m := sj.meta
	if m == nil {
		return s.appendEachPageField(b, p, props, title, sj)
	}
	// The kept members are never removed from a page: p has them still.
	editedBy, has := p["last_edited_by"]
	editedAt, has2 := p["last_edited_time"]
	if !has || !has2 {
		return b, false, false
	}
	b = append(b, m.head...)
	if b, ok = appendValue(b, editedBy); !ok {
		return b, false, true
	}
	b = append(b, pageMembers[pmLastEditedTime].head...)
	if b, ok = appendValue(b, editedAt); !ok {
		return b, false, true
	}
	b = append(b, m.mid...)
	if b, ok = props(b); !ok {
		return b, false, true
	}
	b = append(b, m.tail...)
	b = appendPageURL(b, title, str(p["id"]))
	return append(b, '}'), true, true
}

// Indexes in pageMembers.
const (
	pmLastEditedBy   = 7
	pmLastEditedTime = 8
	pmProperties     = 11
	pmURL            = 13
)

// pageMeta is a page's JSON around its last_edited_* members, its
// properties and its url: head is from the opening brace through
// `"last_edited_by":`, mid from `,"object":` through `"properties":`,
// tail `,"public_url":<value>,"url":`. It is kept in the page's
// storedJSON until one of the members it holds is replaced: updatePage
// replaces archived, in_trash, icon and cover (and calls forgetPageMeta);
// the others are set when the page is made and never change.
type pageMeta struct{ head, mid, tail []byte }

// makePageMeta writes p's pageMeta; nil when p lacks one of its members
// or one cannot be encoded here (appendEachPageField then writes p as
// before, failing the answer or taking the general path).
func makePageMeta(p map[string]any) *pageMeta {
	// One buffer for the three segments, cut afterwards: a template
	// page's are ~370 bytes, grown from nothing they were a dozen
	// allocations.
	b := make([]byte, 0, 400)
	var cuts [2]int
	for i, m := range pageMembers {
		switch i {
		case pmLastEditedBy:
			// head ends with this member's head: its value and
			// last_edited_time are written per answer.
			b = append(b, m.head...)
			cuts[0] = len(b)
			continue
		case pmProperties:
			b = append(b, m.head...)
			cuts[1] = len(b)
			continue
		case pmLastEditedTime:
			continue
		case pmURL:
			b = append(b, m.head...)
			continue
		}
		v, has := p[m.key]
		if !has {
			return nil
		}
		b = append(b, m.head...)
		var ok bool
		if b, ok = appendValue(b, v); !ok {
			return nil
		}
	}
	return &pageMeta{head: b[:cuts[0]:cuts[0]], mid: b[cuts[0]:cuts[1]:cuts[1]], tail: b[cuts[1]:]}
}

// appendEachPageField is appendPageFields looking up and writing each
// member, for a page makePageMeta cannot keep.
func (s *Server) appendEachPageField(b []byte, p map[string]any, props func([]byte) ([]byte, bool), title any, sj *storedJSON) (_ []byte, ok, done bool) {
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
