package notion

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Notion's request size limits.
const (
	maxTextLen   = 2000
	maxArrayLen  = 100
	maxURLLen    = 2000
	maxEmailLen  = 200
	maxPhoneLen  = 200
	maxEquation  = 1000
	maxBlockList = 100
)

func defaultAnnotations() map[string]any {
	return map[string]any{"bold": false, "italic": false, "strikethrough": false, "underline": false, "code": false, "color": "default"}
}

// richText returns one plain text run.
func richText(s string) []any {
	if s == "" {
		return []any{}
	}
	return []any{map[string]any{
		"type": "text", "text": map[string]any{"content": s, "link": nil},
		"annotations": defaultAnnotations(), "plain_text": s, "href": nil,
	}}
}

func plainText(v any) string {
	list, _ := v.([]any)
	var b strings.Builder
	for _, r := range list {
		m, _ := r.(map[string]any)
		b.WriteString(str(m["plain_text"]))
	}
	return b.String()
}

// normRichText turns request rich text into full runs.
func (s *Server) normRichText(in []any) ([]any, error) {
	return s.normRichTextAt(in, "rich_text")
}

func (s *Server) normRichTextAt(in []any, path string) ([]any, error) {
	if len(in) > maxArrayLen {
		return nil, validation("body failed validation: body.%s.length should be ≤ `%d`, instead was `%d`.", path, maxArrayLen, len(in))
	}
	out := make([]any, 0, len(in))
	for i, r := range in {
		m, ok := r.(map[string]any)
		if !ok {
			return nil, validation("body failed validation: body.%s[%d] should be an object, instead was `%s`.", path, i, compact(r))
		}
		ann := defaultAnnotations()
		if a, ok := m["annotations"].(map[string]any); ok {
			for k, v := range a {
				if _, known := ann[k]; known && v != nil {
					ann[k] = v
				}
			}
		}
		typ := str(m["type"])
		if typ == "" {
			for _, k := range []string{"text", "mention", "equation"} {
				if _, ok := m[k]; ok {
					typ = k
					break
				}
			}
		}
		run := map[string]any{"type": typ, "annotations": ann, "href": nil}
		switch typ {
		case "text":
			t, _ := m["text"].(map[string]any)
			content, ok := t["content"].(string)
			if !ok {
				return nil, validation("body failed validation: body.%s[%d].text.content should be a string, instead was `%s`.", path, i, compact(t["content"]))
			}
			if n := utf16Len(content); n > maxTextLen {
				return nil, validation("body failed validation: body.%s[%d].text.content.length should be ≤ `%d`, instead was `%d`.", path, i, maxTextLen, n)
			}
			var link any
			if l, ok := t["link"].(map[string]any); ok && l != nil {
				link = map[string]any{"url": l["url"]}
				run["href"] = l["url"]
			}
			run["text"] = map[string]any{"content": content, "link": link}
			run["plain_text"] = content
		case "equation":
			e, _ := m["equation"].(map[string]any)
			expr := str(e["expression"])
			if utf16Len(expr) > maxEquation {
				return nil, validation("body failed validation: body.%s[%d].equation.expression.length should be ≤ `%d`, instead was `%d`.", path, i, maxEquation, utf16Len(expr))
			}
			run["equation"] = map[string]any{"expression": expr}
			run["plain_text"] = expr
		case "mention":
			mm, _ := m["mention"].(map[string]any)
			mt := str(mm["type"])
			if mt == "" {
				for _, k := range []string{"user", "page", "database", "date"} {
					if _, ok := mm[k]; ok {
						mt = k
					}
				}
			}
			inner, _ := mm[mt].(map[string]any)
			plain := "Untitled"
			switch mt {
			case "user":
				if u := s.st.userBy[NormID(str(inner["id"]))]; u != nil {
					plain = "@" + str(u["name"])
					inner = u
				}
			case "page":
				if p := s.page(NormID(str(inner["id"]))); p != nil {
					if t := titleText(s.renderPage(p)["properties"].(map[string]any)); t != "" {
						plain = t
					}
				}
			case "date":
				plain = str(inner["start"])
				if e := str(inner["end"]); e != "" {
					plain += " → " + e
				}
			}
			run["mention"] = map[string]any{"type": mt, mt: inner}
			run["plain_text"] = plain
		default:
			return nil, validation("body failed validation: body.%s[%d].type should be `text`, `mention` or `equation`, instead was `%s`.", path, i, typ)
		}
		out = append(out, run)
	}
	return out, nil
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	if !utf8.ValidString(s) {
		return len(s)
	}
	return n
}

// normValue validates a property value of a create/update request (or a
// seed) against the schema and returns the stored form, nil for computed
// properties that are not stored.
func (s *Server) normValue(db map[string]any, name string, sp map[string]any, raw any, seed bool) (map[string]any, error) {
	typ := str(sp["type"])
	path := "properties." + name
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, validation("body failed validation: body.%s should be an object, instead was `%s`.", path, compact(raw))
	}
	if t := str(m["type"]); t != "" && t != typ {
		return nil, validation("%s is expected to be %s.", name, typ)
	}
	switch typ {
	case "rollup", "created_time", "created_by", "last_edited_time", "last_edited_by", "unique_id", "button", "verification":
		if seed {
			return nil, nil
		}
		return nil, validation("Cannot update %s property %s: it is computed by Notion.", typ, name)
	case "formula":
		if seed {
			if f, ok := m["formula"].(map[string]any); ok {
				return map[string]any{"id": sp["id"], "type": typ, typ: f}, nil
			}
			return nil, nil
		}
		return nil, validation("Cannot update formula property %s: it is computed by Notion.", name)
	}
	v, has := m[typ]
	if !has {
		return nil, validation("body failed validation: body.%s.%s should be defined, instead was `undefined`.", path, typ)
	}
	out := map[string]any{"id": sp["id"], "type": typ}
	fail := func(want string) (map[string]any, error) {
		return nil, validation("body failed validation: body.%s.%s should be %s, instead was `%s`.", path, typ, want, compact(v))
	}
	switch typ {
	case "title", "rich_text":
		list, ok := v.([]any)
		if !ok {
			return fail("an array")
		}
		rt, err := s.normRichTextAt(list, path+"."+typ)
		if err != nil {
			return nil, err
		}
		out[typ] = rt
	case "number":
		if _, ok := v.(float64); !ok && v != nil {
			return fail("a number or `null`")
		}
		out[typ] = v
	case "checkbox":
		if _, ok := v.(bool); !ok {
			return fail("a boolean")
		}
		out[typ] = v
	case "url", "email", "phone_number":
		if v == nil {
			out[typ] = nil
			break
		}
		sv, ok := v.(string)
		if !ok {
			return fail("a string or `null`")
		}
		limit := map[string]int{"url": maxURLLen, "email": maxEmailLen, "phone_number": maxPhoneLen}[typ]
		if utf16Len(sv) > limit {
			return nil, validation("body failed validation: body.%s.%s.length should be ≤ `%d`, instead was `%d`.", path, typ, limit, utf16Len(sv))
		}
		if sv == "" {
			out[typ] = nil
			break
		}
		out[typ] = sv
	case "select", "status":
		if v == nil {
			out[typ] = nil
			break
		}
		o, ok := v.(map[string]any)
		if !ok {
			return fail("an object or `null`")
		}
		opt, err := s.option(sp, name, o, typ == "select")
		if err != nil {
			return nil, err
		}
		out[typ] = opt
	case "multi_select":
		list, ok := v.([]any)
		if !ok {
			return fail("an array")
		}
		if len(list) > maxArrayLen {
			return nil, validation("body failed validation: body.%s.multi_select.length should be ≤ `%d`, instead was `%d`.", path, maxArrayLen, len(list))
		}
		opts := make([]any, 0, len(list))
		for _, e := range list {
			o, ok := e.(map[string]any)
			if !ok {
				return fail("an array of objects")
			}
			opt, err := s.option(sp, name, o, true)
			if err != nil {
				return nil, err
			}
			opts = append(opts, opt)
		}
		out[typ] = opts
	case "date":
		if v == nil {
			out[typ] = nil
			break
		}
		d, ok := v.(map[string]any)
		if !ok {
			return fail("an object or `null`")
		}
		start, ok := d["start"].(string)
		if !ok {
			return nil, validation("body failed validation: body.%s.date.start should be a string, instead was `%s`.", path, compact(d["start"]))
		}
		if _, _, err := parseDate(start); err != nil {
			return nil, validation("body failed validation: body.%s.date.start should be a valid ISO 8601 date string, instead was `%q`.", path, start)
		}
		if e, ok := d["end"].(string); ok {
			if _, _, err := parseDate(e); err != nil {
				return nil, validation("body failed validation: body.%s.date.end should be a valid ISO 8601 date string, instead was `%q`.", path, e)
			}
		}
		out[typ] = map[string]any{"start": start, "end": d["end"], "time_zone": d["time_zone"]}
	case "people":
		list, ok := v.([]any)
		if !ok {
			return fail("an array")
		}
		people := make([]any, 0, len(list))
		for _, e := range list {
			o, _ := e.(map[string]any)
			id := NormID(str(o["id"]))
			if !isID(id) {
				return nil, validation("body failed validation: body.%s.people[].id should be a valid uuid, instead was `%q`.", path, str(o["id"]))
			}
			if u := s.st.userBy[id]; u != nil {
				people = append(people, u)
			} else {
				people = append(people, map[string]any{"object": "user", "id": id})
			}
		}
		out[typ] = people
	case "relation":
		list, ok := v.([]any)
		if !ok {
			return fail("an array")
		}
		if len(list) > maxArrayLen {
			return nil, validation("body failed validation: body.%s.relation.length should be ≤ `%d`, instead was `%d`.", path, maxArrayLen, len(list))
		}
		rel := make([]any, 0, len(list))
		for _, e := range list {
			o, _ := e.(map[string]any)
			id := NormID(str(o["id"]))
			if !isID(id) {
				return nil, validation("body failed validation: body.%s.relation[].id should be a valid uuid, instead was `%q`.", path, str(o["id"]))
			}
			rel = append(rel, map[string]any{"id": id})
		}
		out[typ] = rel
	case "files":
		list, ok := v.([]any)
		if !ok {
			return fail("an array")
		}
		out[typ] = list
	default:
		out[typ] = v
	}
	return out, nil
}

func isID(id string) bool {
	if len(id) != 36 {
		return false
	}
	return NormID(strings.ReplaceAll(id, "-", "")) == id
}

// option finds (or, for select and multi_select, creates) a schema option.
func (s *Server) option(sp map[string]any, name string, o map[string]any, create bool) (map[string]any, error) {
	typ := str(sp["type"])
	cfg, _ := sp[typ].(map[string]any)
	opts, _ := cfg["options"].([]any)
	id, byID := o["id"].(string)
	nm, byName := o["name"].(string)
	for _, e := range opts {
		om, _ := e.(map[string]any)
		if (byID && om["id"] == id) || (!byID && byName && om["name"] == nm) {
			return om, nil
		}
	}
	switch {
	case byID:
		return nil, validation("Invalid %s option id for property %s: %s.", typ, name, id)
	case !byName:
		return nil, validation("body failed validation: body.properties.%s.%s.name should be defined, instead was `undefined`.", name, typ)
	case strings.Contains(nm, ","):
		return nil, validation("Invalid %s option name for property %s: option names cannot contain commas.", typ, name)
	case !create:
		return nil, validation("Invalid status option. Status option \"%s\" does not exist for property %s.", nm, name)
	}
	opt := map[string]any{"id": shortID(name + "/" + nm), "name": nm, "color": "default"}
	cfg["options"] = append(opts, opt)
	return opt, nil
}

// parseDate reads a Notion date string: a date, or a date-time with or
// without an offset. dateOnly reports the former.
func parseDate(s string) (t time.Time, dateOnly bool, err error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, false, nil
		}
	}
	t, err = time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("not an ISO 8601 date: %q", s)
	}
	return t, true, nil
}

// textBlockTypes carry rich text under rich_text (text before 2022-02-22).
var textBlockTypes = map[string]bool{
	"paragraph": true, "heading_1": true, "heading_2": true, "heading_3": true, "bulleted_list_item": true,
	"numbered_list_item": true, "to_do": true, "toggle": true, "quote": true, "callout": true, "code": true,
}

// normBlock builds a stored block from a seed or an append request;
// parent overrides the block's own parent.
func (s *Server) normBlock(b map[string]any, parent map[string]any) (map[string]any, error) {
	id := NormID(str(b["id"]))
	if id == "" {
		id = s.newID()
	}
	typ := str(b["type"])
	if typ == "" {
		for k := range b {
			if textBlockTypes[k] || k == "image" || k == "child_page" || k == "divider" {
				typ = k
			}
		}
	}
	if typ == "" {
		return nil, validation("body failed validation: body.children[].type should be defined, instead was `undefined`.")
	}
	now := s.now()
	if parent == nil {
		p, _ := b["parent"].(map[string]any)
		parent = normParent(p)
	}
	content, _ := b[typ].(map[string]any)
	c := map[string]any{}
	for k, v := range content {
		c[k] = v
	}
	if textBlockTypes[typ] {
		list, _ := c["rich_text"].([]any)
		if t, ok := c["text"].([]any); ok {
			list = t
			delete(c, "text")
		}
		rt, err := s.normRichTextAt(list, "children[]."+typ+".rich_text")
		if err != nil {
			return nil, err
		}
		c["rich_text"] = rt
		if _, ok := c["color"]; !ok {
			c["color"] = "default"
		}
		if typ == "to_do" {
			c["checked"] = c["checked"] == true
		}
	}
	return map[string]any{
		"object": "block", "id": id, "parent": parent,
		"created_time": orDefault(b["created_time"], now), "last_edited_time": orDefault(b["last_edited_time"], now),
		"created_by": orDefault(b["created_by"], s.userRef()), "last_edited_by": orDefault(b["last_edited_by"], s.userRef()),
		"has_children": false, "archived": b["archived"] == true, "in_trash": b["archived"] == true,
		"type": typ, typ: c,
	}, nil
}

// renderBlock computes has_children and, for old API versions, writes
// rich text under "text".
func (s *Server) renderBlock(b map[string]any, legacy bool) map[string]any {
	out := make(map[string]any, len(b))
	for k, v := range b {
		out[k] = v
	}
	id := str(b["id"])
	out["has_children"] = false
	for _, c := range s.st.blocks {
		par, _ := c["parent"].(map[string]any)
		if par["block_id"] == id && c["archived"] != true {
			out["has_children"] = true
			break
		}
	}
	typ := str(b["type"])
	if legacy && textBlockTypes[typ] {
		content, _ := b[typ].(map[string]any)
		c := make(map[string]any, len(content))
		for k, v := range content {
			c[k] = v
		}
		c["text"] = c["rich_text"]
		delete(c, "rich_text")
		out[typ] = c
	}
	return out
}
