package notion

// storedJSON is what is kept of one page's JSON between changes to it:
// its stored property values by property name (appendStored), and the
// elements its values make in rollups of other pages, by the rollup's
// target property (rolledElem).
type storedJSON struct {
	names  []string
	encs   [][]byte
	rolled []rolled
	// createdBy and parent are the page's members of these names: set
	// when the page is made (normPage) and never replaced.
	createdBy, parent []byte
	// meta is the page's other members but last_edited_*, properties
	// and url (pageMeta); nil until the page is answered, and again when
	// one of them is replaced (forgetPageMeta).
	meta *pageMeta
}

// appendKept appends v's JSON, kept in *kept at first use.
func appendKept(b []byte, kept *[]byte, v any) ([]byte, bool) {
	if *kept != nil {
		return append(b, *kept...), true
	}
	start := len(b)
	b, ok := appendValue(b, v)
	if ok {
		*kept = append([]byte(nil), b[start:]...)
	}
	return b, ok
}

// rolled is a page's element in a show_original rollup of target.
type rolled struct {
	target string
	kind   rolledKind
	elem   []byte // {"<type>":value,"type":"<type>"} (kind rolledValue)
}

type rolledKind uint8

const (
	rolledValue    rolledKind = iota
	rolledSkipped             // archived, or no such property: no element
	rolledComputed            // a computed property: rollup's own path
)

// storedJSONOf returns what is kept of page id's JSON, made empty at
// first use. One entry per page, not per value: looking values up one by
// one in a map of every page's properties cost as much as writing them.
func (s *Server) storedJSONOf(id string) *storedJSON {
	if sj, ok := s.valueJSON[id]; ok {
		return sj
	}
	if s.valueJSON == nil {
		s.valueJSON = map[string]*storedJSON{}
	}
	sj := &storedJSON{}
	s.valueJSON[id] = sj
	return sj
}

// storedBytes returns the kept JSON of the value stored for property
// name, if there is one.
func (sj *storedJSON) storedBytes(name string) ([]byte, bool) {
	for i, n := range sj.names {
		if n == name {
			return sj.encs[i], true
		}
	}
	return nil, false
}

// appendStored appends v, the value a page stores for property name
// (stored[name][type]), as JSON, kept in sj (the page's storedJSONOf). A
// page is written in answers many times between changes to one of its
// properties (every query page it is on, every update of another of its
// properties, every rollup of it from a related page), and encoding its
// rich text again (three maps per run, their keys sorted each time) was
// most of what writing a page cost. A stored value is never changed in
// place, only replaced (updatePage calls forgetStored then; Seed drops
// them all), so the bytes stay those encoding v gives. s.mu is held.
func (s *Server) appendStored(b []byte, sj *storedJSON, name string, v any) ([]byte, bool) {
	if enc, ok := sj.storedBytes(name); ok {
		return append(b, enc...), true
	}
	start := len(b)
	b, ok := appendValue(b, v)
	if !ok {
		return b, false
	}
	sj.names = append(sj.names, name)
	sj.encs = append(sj.encs, append([]byte(nil), b[start:]...))
	return b, true
}

// forgetStored drops what is kept of page id's JSON that its property
// name or its archived state makes (name "" for the archived state): it
// is being replaced.
func (s *Server) forgetStored(id, name string) {
	sj, ok := s.valueJSON[id]
	if !ok {
		return
	}
	// Rollup elements name their property by name or id: all go.
	sj.rolled = nil
	for i, n := range sj.names {
		if n == name {
			sj.names = append(sj.names[:i], sj.names[i+1:]...)
			sj.encs = append(sj.encs[:i], sj.encs[i+1:]...)
			return
		}
	}
}

// forgetPageMeta drops page id's kept pageMeta: one of the members it
// holds (archived, in_trash, icon, cover) is being replaced.
func (s *Server) forgetPageMeta(id string) {
	if sj, ok := s.valueJSON[id]; ok {
		sj.meta = nil
	}
}

// rolledElem is page id's element in a show_original rollup of target
// (what rollup appends for it), kept in the page's storedJSON: a task's
// rollups read the same project's values as every other task of the
// project, and finding them (the page, its database, schema, property and
// value, each a map lookup in a large heap) was most of writing a rollup.
// ok is false when id is not a page (nothing is kept: one may be created
// with it later).
func (s *Server) rolledElem(id, target string) (r rolled, ok bool) {
	if sj, has := s.valueJSON[id]; has {
		for _, r := range sj.rolled {
			if r.target == target {
				return r, true
			}
		}
	}
	other := s.page(id)
	if other == nil {
		return rolled{}, false
	}
	sj := s.storedJSONOf(id)
	r = rolled{target: target, kind: rolledSkipped}
	if odb := s.database(parentDB(other)); odb != nil && other["archived"] != true {
		oschema, _ := odb["properties"].(map[string]any)
		if name, osp := findProp(oschema, target); osp != nil {
			r = s.makeRolled(sj, other, name, osp, target)
		}
	}
	if r.kind != rolledValue || r.elem != nil {
		sj.rolled = append(sj.rolled, r)
	}
	return r, true
}

// makeRolled writes the element of other's property name (schema entry
// osp) in a rollup of target. A value that cannot be encoded gives an
// element with nil bytes (not kept; appendRollup fails on it).
func (s *Server) makeRolled(sj *storedJSON, other map[string]any, name string, osp map[string]any, target string) rolled {
	typ := str(osp["type"])
	if computedType(typ) || typ == "type" {
		// Computed (or a type named like the element's other key):
		// rollup's elements, not mirrored here.
		return rolled{target: target, kind: rolledComputed}
	}
	// The element {"type": typ, typ: value}, keys in byte order.
	b := append(make([]byte, 0, 64), '{')
	if typ > "type" {
		b = append(b, `"type":`...)
		b = appendString(b, typ)
		b = append(b, ',')
	}
	b = appendString(b, typ)
	b = append(b, ':')
	ostored, _ := other["properties"].(map[string]any)
	v, found := any(nil), false
	if sv, isMap := ostored[name].(map[string]any); isMap {
		v, found = sv[typ]
	}
	var ok bool
	if found {
		b, ok = s.appendStored(b, sj, name, v)
	} else {
		b, ok = appendValue(b, emptyJSON(typ))
	}
	if !ok {
		return rolled{target: target, kind: rolledValue}
	}
	if typ < "type" {
		b = append(b, `,"type":`...)
		b = appendString(b, typ)
	}
	return rolled{target: target, kind: rolledValue, elem: append(b, '}')}
}
