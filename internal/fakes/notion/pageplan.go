package notion

import (
	"slices"
	"unicode/utf8"
)

// pagePlan is how appendPage writes the pages of one database: the
// schema's properties in byte order of their names, each with the bytes
// around its value. Working it out per page (collecting and sorting the
// names, looking up each property's id, type and rollup settings, placing
// the type among the value's keys) was a third of writing a page, and a
// schema does not change between seeds (Seed drops the plans).
type pagePlan struct {
	// fallback: appendPage does not mirror this schema (two title
	// properties, a type named like a value's own keys, an id it cannot
	// encode); its pages are rendered and encoded.
	fallback bool
	// title is the name of the title property ("" when there is none).
	title string
	props []propPlan
}

// propPlan is one property of a pagePlan.
type propPlan struct {
	name, typ string
	sp        map[string]any
	// head is `"<name>":{` and the value's members before the one named
	// by typ, up to its colon; tail the members after it and the `}`.
	head, tail []byte
	// A rollup's function, relation property (by name) and rolled-up
	// property (name or id), as rollup reads them.
	fn, relation, target string
}

// pagePlan returns the plan of database db (id dbID), made at first use.
func (s *Server) pagePlan(dbID string, db map[string]any) *pagePlan {
	if pl, ok := s.plans[dbID]; ok {
		return pl
	}
	pl := makePagePlan(db)
	if s.plans == nil {
		s.plans = map[string]*pagePlan{}
	}
	s.plans[dbID] = pl
	return pl
}

func makePagePlan(db map[string]any) *pagePlan {
	schema, _ := db["properties"].(map[string]any)
	names := make([]string, 0, len(schema))
	for name := range schema {
		names = append(names, name)
	}
	slices.Sort(names)
	pl := &pagePlan{}
	titles := 0
	for _, name := range names {
		sp, _ := schema[name].(map[string]any)
		typ := str(sp["type"])
		switch typ {
		case "title":
			titles++
			pl.title = name
		case "id", "type", "has_more":
			return &pagePlan{fallback: true}
		}
		// The type as stored, or "" (as appendProperty wrote it).
		tv := sp["type"]
		if _, ok := tv.(string); !ok {
			tv = ""
		}
		var small [3]field
		fields := small[:0]
		if typ == "relation" {
			fields = append(fields, field{"has_more", false})
		}
		fields = append(fields, field{"id", sp["id"]}, field{"type", tv})
		at := len(fields)
		for at > 0 && typ < fields[at-1].k {
			at--
		}
		head := appendString(nil, name)
		head = append(head, ":{"...)
		var ok bool
		for _, f := range fields[:at] {
			head = appendString(head, f.k)
			head = append(head, ':')
			if head, ok = appendValue(head, f.v); !ok {
				return &pagePlan{fallback: true}
			}
			head = append(head, ',')
		}
		head = appendString(head, typ)
		head = append(head, ':')
		var tail []byte
		for _, f := range fields[at:] {
			tail = append(tail, ',')
			tail = appendString(tail, f.k)
			tail = append(tail, ':')
			if tail, ok = appendValue(tail, f.v); !ok {
				return &pagePlan{fallback: true}
			}
		}
		tail = append(tail, '}')
		pp := propPlan{name: name, typ: typ, sp: sp, head: head, tail: tail}
		if typ == "rollup" {
			cfg, _ := sp["rollup"].(map[string]any)
			pp.fn = str(cfg["function"])
			if pp.fn == "" {
				pp.fn = "show_original"
			}
			pp.relation, _ = findProp(schema, str(orDefault(cfg["relation_property_name"], cfg["relation_property_id"])))
			pp.target = str(orDefault(cfg["rollup_property_name"], cfg["rollup_property_id"]))
		}
		pl.props = append(pl.props, pp)
	}
	if titles > 1 {
		return &pagePlan{fallback: true}
	}
	return pl
}

// appendPageURL appends pageURL(plainText(title), id) as a JSON string
// without making the title, the slug and the url strings first. The slug
// is read byte by byte: an ASCII byte is a rune of its own whatever
// surrounds it, and every other byte only marks a word break, as the
// runes pageURL reads from the joined title do.
func appendPageURL(b []byte, title any, id string) []byte {
	for i := 0; i < len(id); i++ {
		if c := id[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return appendString(b, pageURL(plainText(title), id)) // escaped
		}
	}
	b = append(b, `"https://www.notion.so/`...)
	slug := len(b)
	dash := false
	runs, _ := title.([]any)
	for _, r := range runs {
		m, _ := r.(map[string]any)
		t := str(m["plain_text"])
		for i := 0; i < len(t); i++ {
			switch c := t[i]; {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
				if dash && len(b) > slug {
					b = append(b, '-')
				}
				dash = false
				b = append(b, c)
			default:
				dash = true
			}
		}
	}
	if len(b) > slug {
		b = append(b, '-')
	}
	for i := 0; i < len(id); i++ {
		if id[i] != '-' {
			b = append(b, id[i])
		}
	}
	return append(b, '"')
}
