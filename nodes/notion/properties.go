package notion

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jomei/notionapi"

	"github.com/n8n-go/n8n-go/engine/data"
)

// propertyDefaults are the defaults of the propertiesUi entry fields
// (DatabasePageDescription.ts).
var propertyDefaults = map[string]any{
	"title": "", "richText": false, "textContent": "", "phoneValue": "", "multiSelectValue": []any{},
	"selectValue": "", "statusValue": "", "emailValue": "", "ignoreIfEmpty": false, "urlValue": "",
	"peopleValue": []any{}, "relationValue": []any{}, "checkboxValue": false, "numberValue": 0.0,
	"range": false, "includeTime": true, "date": "", "dateStart": "", "dateEnd": "", "timezone": "default",
	"fileUrls": data.NewObject(0),
}

var uuidRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$`)
})

// uuidValidate is the uuid package's validate().
func uuidValidate(v any) bool {
	s, ok := v.(string)
	return ok && uuidRe().MatchString(s)
}

// mapProperties is n8n's mapProperties(properties, timezone, 2): entries
// whose key is not a string are skipped, and so are entries whose value
// is falsy (a url with ignoreIfEmpty).
func mapProperties(entries []any, loc *time.Location) (*data.Object, error) {
	out := data.NewObject(len(entries))
	for _, e := range entries {
		m, _ := e.(*data.Object)
		key, ok := m.Value("key").(string)
		if !ok {
			continue
		}
		name, typ := nameAndType(key)
		v, err := propertyValue(m, typ, loc)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue
		}
		out.Set(name.(string), v)
	}
	return out, nil
}

// propertyValue is n8n's getPropertyKeyValue (version 2). A nil result
// means undefined (the entry is dropped).
func propertyValue(m *data.Object, typ any, loc *time.Location) (any, error) {
	f := func(name string) any { return field(m, name, propertyDefaults) }
	switch typ {
	case "rich_text":
		if f("richText") == false {
			if content, ok := f("textContent").(string); ok {
				return notionapi.RichTextProperty{RichText: []notionapi.RichText{{Text: &notionapi.Text{Content: content}}}}, nil
			}
			return data.ObjectOf("rich_text", []any{data.ObjectOf("text", data.ObjectOf("content", f("textContent")))}), nil
		}
		texts, err := richTextUI(m.Value("text"))
		if err != nil {
			return nil, err
		}
		return data.ObjectOf("rich_text", texts), nil
	case "title":
		if t, ok := f("title").(string); ok {
			return notionapi.TitleProperty{Title: []notionapi.RichText{{Text: &notionapi.Text{Content: t}}}}, nil
		}
		return data.ObjectOf("title", []any{data.ObjectOf("text", data.ObjectOf("content", f("title")))}), nil
	case "number":
		return data.ObjectOf("type", "number", "number", f("numberValue")), nil
	case "url":
		u := f("urlValue")
		if !truthy(u) && truthy(f("ignoreIfEmpty")) {
			return nil, nil
		}
		return data.ObjectOf("type", "url", "url", u), nil
	case "checkbox":
		if b, ok := f("checkboxValue").(bool); ok {
			return notionapi.CheckboxProperty{Type: notionapi.PropertyTypeCheckbox, Checkbox: b}, nil
		}
		return data.ObjectOf("type", "checkbox", "checkbox", f("checkboxValue")), nil
	case "relation":
		list, ok := f("relationValue").([]any)
		if !ok {
			return nil, fmt.Errorf("value.relationValue.filter is not a function")
		}
		rel := []any{}
		for _, r := range list {
			s, ok := r.(string)
			if !ok || s == "" {
				continue
			}
			for _, id := range strings.Split(s, ",") {
				id = strings.TrimSpace(id)
				if !uuidValidate(id) && !(len(id) == 32 && uuidValidate(id[:8]+"-"+id[8:12]+"-"+id[12:16]+"-"+id[16:20]+"-"+id[20:])) {
					return nil, fmt.Errorf("The relation id \"%s\" is not a valid uuid with optional dashes.", id)
				}
				rel = append(rel, data.ObjectOf("id", id))
			}
		}
		return data.ObjectOf("type", "relation", "relation", rel), nil
	case "multi_select":
		v := f("multiSelectValue")
		if v == nil || data.IsUndefined(v) || v == "" {
			return data.ObjectOf("type", "multi_select", "multi_select", []any{}), nil
		}
		var list []any
		switch x := v.(type) {
		case []any:
			list = x
		case string:
			for _, p := range strings.Split(x, ",") {
				list = append(list, strings.TrimSpace(p))
			}
		default:
			return nil, fmt.Errorf("multiSelectValue.split is not a function")
		}
		opts := []any{}
		for _, o := range list {
			if o == nil {
				continue
			}
			if uuidValidate(o) {
				opts = append(opts, data.ObjectOf("id", o))
			} else {
				opts = append(opts, data.ObjectOf("name", o))
			}
		}
		return data.ObjectOf("type", "multi_select", "multi_select", opts), nil
	case "email":
		return data.ObjectOf("type", "email", "email", f("emailValue")), nil
	case "people":
		list, ok := f("peopleValue").([]any)
		if !ok {
			list = []any{f("peopleValue")}
		}
		people := make([]any, 0, len(list))
		for _, p := range list {
			people = append(people, data.ObjectOf("id", p))
		}
		return data.ObjectOf("type", "people", "people", people), nil
	case "phone_number":
		return data.ObjectOf("type", "phone_number", "phone_number", f("phoneValue")), nil
	case "select":
		v := f("selectValue")
		if v == nil || data.IsUndefined(v) || v == "" {
			return data.ObjectOf("type", "select", "select", nil), nil
		}
		return data.ObjectOf("type", "select", "select", data.ObjectOf("name", v)), nil
	case "status":
		if s, ok := f("statusValue").(string); ok && s != "" {
			return notionapi.StatusProperty{Type: notionapi.PropertyTypeStatus, Status: notionapi.Status{Name: s}}, nil
		}
		return data.ObjectOf("type", "status", "status", data.ObjectOf("name", f("statusValue"))), nil
	case "date":
		tz, err := zone(f("timezone"), loc)
		if err != nil {
			return nil, err
		}
		dateOnly := !truthy(f("includeTime"))
		var date any
		if f("range") == true {
			date = data.ObjectOf("start", momentFormat(f("dateStart"), tz, dateOnly), "end", momentFormat(f("dateEnd"), tz, dateOnly))
		} else {
			date = data.ObjectOf("start", momentFormat(f("date"), tz, dateOnly), "end", nil)
		}
		// Only the fields shown for the range setting are filled in.
		single, rangeStart, rangeEnd := m.Value("date"), m.Value("dateStart"), m.Value("dateEnd")
		if f("range") == true {
			if rangeStart == nil {
				rangeStart = ""
			}
			if rangeEnd == nil {
				rangeEnd = ""
			}
		} else if single == nil {
			single = ""
		}
		if single == "" || (rangeStart == "" && rangeEnd == "") {
			date = nil
		}
		return data.ObjectOf("type", "date", "date", date), nil
	case "files":
		fu, _ := f("fileUrls").(*data.Object)
		list, ok := fu.Value("fileUrl").([]any)
		if !ok {
			return nil, fmt.Errorf("Cannot read properties of undefined (reading 'map')")
		}
		files := make([]any, 0, len(list))
		for _, e := range list {
			fm, _ := e.(*data.Object)
			files = append(files, data.ObjectOf("name", field(fm, "name", map[string]any{"name": ""}), "type", "external",
				"external", data.ObjectOf("url", field(fm, "url", map[string]any{"url": ""}))))
		}
		return data.ObjectOf("type", "files", "files", files), nil
	}
	return data.NewObject(0), nil
}

// richTextUI is n8n's getTexts over the rich-text UI's text.text[] list.
func richTextUI(v any) ([]any, error) {
	m, _ := v.(*data.Object)
	list, _ := m.Value("text").([]any)
	out := []any{}
	for _, e := range list {
		t, _ := e.(*data.Object)
		ann := annotationUI(t.Value("annotationUi"))
		switch field(t, "textType", map[string]any{"textType": "text"}) {
		case "text":
			text := data.ObjectOf("content", field(t, "text", map[string]any{"text": ""}))
			if link := t.Value("textLink"); truthy(t.Value("isLink")) && link != "" && link != nil {
				text.Set("link", data.ObjectOf("url", link))
			}
			out = append(out, data.ObjectOf("type", "text", "text", text, "annotations", ann))
		case "mention":
			mt := jsString(field(t, "mentionType", map[string]any{"mentionType": ""}))
			var inner *data.Object
			if mt == "date" {
				if truthy(t.Value("range")) {
					inner = data.ObjectOf("start", t.Value("dateStart"), "end", t.Value("dateEnd"))
				} else {
					inner = data.ObjectOf("start", t.Value("date"), "end", nil)
				}
			} else {
				id := t.Value(mt)
				if rl, ok := id.(*data.Object); ok && rl.Value("__rl") == true {
					id = rl.Value("value")
				}
				inner = data.ObjectOf("id", id)
			}
			out = append(out, data.ObjectOf("type", "mention", "mention", data.ObjectOf("type", mt, mt, inner), "annotations", ann))
		case "equation":
			out = append(out, data.ObjectOf("type", "equation", "equation", data.ObjectOf("expression", t.Value("expression")), "annotations", ann))
		}
	}
	return out, nil
}

// annotationUI is the entry's annotationUi collection (default {}).
func annotationUI(v any) any {
	if v == nil {
		return data.NewObject(0)
	}
	return v
}

// formatBlocks is n8n's formatBlocks over blockUi.blockValues[].
func formatBlocks(blocks []any) ([]any, error) {
	out := make([]any, 0, len(blocks))
	for _, b := range blocks {
		m, _ := b.(*data.Object)
		typ := jsString(field(m, "type", map[string]any{"type": "paragraph"}))
		content := data.NewObject(2)
		if typ == "to_do" {
			content.Set("checked", field(m, "checked", map[string]any{"checked": false}))
		}
		if typ == "image" {
			content.Set("type", "external")
			content.Set("external", data.ObjectOf("url", field(m, "url", map[string]any{"url": ""})))
		} else {
			var text []any
			if field(m, "richText", map[string]any{"richText": false}) == false {
				text = []any{data.ObjectOf("text", data.ObjectOf("content", field(m, "textContent", map[string]any{"textContent": ""})))}
			} else {
				var err error
				if text, err = richTextUI(m.Value("text")); err != nil {
					return nil, err
				}
			}
			content.Set("text", text)
		}
		out = append(out, data.ObjectOf("object", "block", "type", typ, typ, content))
	}
	return out, nil
}
