package notion

import (
	"slices"
	"strings"
)

// appendPage appends page p as the API shows it: the bytes encoding
// renderUncached(p, depth) gives, written straight from the stored page
// and its schema. An update answers its page so (the page just changed:
// no cached render can serve it), and building the rendered maps only to
// encode them was most of an update's cost in the template benchmark
// (a map per property, then their keys sorted again by the encoder).
// Computed values (rollups, formulas) are still computed as maps.
//
// Pages outside a database, and schemas whose shape the short path does
// not mirror exactly (two title properties, a property type named like
// the value's own keys), are rendered and encoded as before.
func (s *Server) appendPage(b []byte, p map[string]any, depth int) ([]byte, bool) {
	db := s.database(parentDB(p))
	if db == nil {
		return appendValue(b, s.renderUncached(p, depth))
	}
	schema, _ := db["properties"].(map[string]any)
	stored, _ := p["properties"].(map[string]any)
	var small [32]string
	names := small[:0]
	titles := 0
	var title any = []any{}
	for name, raw := range schema {
		names = append(names, name)
		sp, _ := raw.(map[string]any)
		switch str(sp["type"]) {
		case "title":
			titles++
			if sv, ok := stored[name].(map[string]any); ok {
				if v, has := sv["title"]; has {
					title = v
				}
			}
		case "id", "type", "has_more":
			titles = 2 // not mirrored: fall back
		}
	}
	if titles > 1 {
		return appendValue(b, s.renderUncached(p, depth))
	}
	slices.Sort(names)
	fields := make([]field, 0, len(p)+2)
	for k, v := range p {
		if k != "properties" && k != "url" {
			fields = append(fields, field{k, v})
		}
	}
	props := appendFunc(func(b []byte) ([]byte, bool) {
		return s.appendProperties(b, p, db, schema, names, stored, depth)
	})
	fields = append(fields, field{"properties", props}, field{"url", pageURL(plainText(title), str(p["id"]))})
	return appendFields(b, fields)
}

// appendProperties writes the rendered properties of p, names sorted.
func (s *Server) appendProperties(b []byte, p, db, schema map[string]any, names []string, stored map[string]any, depth int) ([]byte, bool) {
	b = append(b, '{')
	for i, name := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, name)
		b = append(b, ':')
		sp, _ := schema[name].(map[string]any)
		var ok bool
		if b, ok = s.appendProperty(b, p, db, name, sp, stored, depth); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

// appendProperty writes what propertyValue returns for the property.
func (s *Server) appendProperty(b []byte, p, db map[string]any, name string, sp, stored map[string]any, depth int) ([]byte, bool) {
	typ := str(sp["type"])
	// The type as stored (a string already in an interface: no copy per
	// property).
	tv := sp["type"]
	if _, ok := tv.(string); !ok {
		tv = ""
	}
	// The members in byte order without sorting them per property: typ
	// goes between the fixed keys (appendPage fell back for a typ equal to
	// one of them); its value, nil here, is written by appendPropertyValue.
	var small [4]field
	fields := small[:0]
	if typ == "relation" {
		fields = append(fields, field{"has_more", jsonFalse})
	}
	fields = append(fields, field{"id", sp["id"]}, field{"type", tv})
	at := len(fields)
	for at > 0 && typ < fields[at-1].k {
		at--
	}
	fields = slices.Insert(fields, at, field{typ, nil})
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.k)
		b = append(b, ':')
		var ok bool
		if i == at {
			b, ok = s.appendPropertyValue(b, p, db, name, typ, sp, stored, depth)
		} else {
			b, ok = appendValue(b, f.v)
		}
		if !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

// appendPropertyValue writes the value propertyValue puts under the
// property's type.
func (s *Server) appendPropertyValue(b []byte, p, db map[string]any, name, typ string, sp, stored map[string]any, depth int) ([]byte, bool) {
	switch typ {
	case "rollup":
		return s.appendRollup(b, p, db, sp, depth)
	case "formula":
		return appendValue(b, s.formula(p, db, sp, stored, depth))
	case "created_time", "last_edited_time":
		return appendValue(b, p[typ])
	case "created_by", "last_edited_by":
		return appendValue(b, s.fullUser(p[typ]))
	}
	if sv, ok := stored[name].(map[string]any); ok {
		if v, found := sv[typ]; found {
			return s.appendStored(b, str(p["id"]), name, v)
		}
	}
	return appendValue(b, emptyJSON(typ))
}

// appendRollup writes what rollup returns. A show_original rollup of
// stored values (the template's) is written from the related pages'
// stored JSON (appendStored), without the element maps rollup builds;
// any other is computed by rollup and encoded.
func (s *Server) appendRollup(b []byte, p, db, sp map[string]any, depth int) ([]byte, bool) {
	cfg, _ := sp["rollup"].(map[string]any)
	fn := str(cfg["function"])
	if fn == "" {
		fn = "show_original"
	}
	if fn != "show_original" {
		return appendValue(b, s.rollup(p, db, sp, depth))
	}
	schema, _ := db["properties"].(map[string]any)
	relName, _ := findProp(schema, str(orDefault(cfg["relation_property_name"], cfg["relation_property_id"])))
	stored, _ := p["properties"].(map[string]any)
	rel, _ := stored[relName].(map[string]any)
	ids, _ := rel["relation"].([]any)
	target := str(orDefault(cfg["rollup_property_name"], cfg["rollup_property_id"]))
	start := len(b)
	b = append(b, `{"array":[`...)
	n := 0
	for _, r := range ids {
		if depth >= maxDepth {
			break
		}
		rm, _ := r.(map[string]any)
		other := s.page(str(rm["id"]))
		if other == nil || other["archived"] == true {
			continue
		}
		odb := s.database(parentDB(other))
		if odb == nil {
			continue
		}
		oschema, _ := odb["properties"].(map[string]any)
		name, osp := findProp(oschema, target)
		if osp == nil {
			continue
		}
		typ := str(osp["type"])
		if computedType(typ) || typ == "type" {
			// Computed (or a type named like the element's other key):
			// rollup's elements, not mirrored here.
			return appendValue(b[:start], s.rollup(p, db, sp, depth))
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		// The element {"type": typ, typ: value}, keys in byte order.
		b = append(b, '{')
		if typ > "type" {
			b = append(b, `"type":`...)
			b = appendString(b, typ)
			b = append(b, ',')
		}
		b = appendString(b, typ)
		b = append(b, ':')
		var ok bool
		ostored, _ := other["properties"].(map[string]any)
		v, found := any(nil), false
		if sv, isMap := ostored[name].(map[string]any); isMap {
			v, found = sv[typ]
		}
		if found {
			b, ok = s.appendStored(b, str(other["id"]), name, v)
		} else {
			b, ok = appendValue(b, emptyJSON(typ))
		}
		if !ok {
			return b, false
		}
		if typ < "type" {
			b = append(b, `,"type":`...)
			b = appendString(b, typ)
		}
		b = append(b, '}')
	}
	b = append(b, `],"function":`...)
	b = appendString(b, fn)
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

// pageAnswer is page p rendered for an answer: its JSON (appendPage), or,
// when a value cannot be encoded here, the rendered page for encode to
// report. The JSON is in the server's page buffer: it is good until the
// next pageAnswer, so only for the answer encoded under the same hold of
// s.mu (handle).
func (s *Server) pageAnswer(p map[string]any) any {
	b, ok := s.appendPage(s.pageBuf[:0], p, 0)
	if cap(b) <= maxScratch {
		s.pageBuf = b[:0]
	}
	if !ok {
		return s.renderUncached(p, 0)
	}
	return pageBytes(b)
}
