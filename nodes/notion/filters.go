package notion

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// filterValueDefaults are the defaults of the filter condition fields
// (Filters.ts): a field the workflow omits has this value.
var filterValueDefaults = map[string]any{
	"titleValue": "", "richTextValue": "", "phoneNumberValue": "", "multiSelectValue": []any{},
	"selectValue": "", "statusValue": "", "emailValue": "", "urlValue": "", "peopleValue": "",
	"createdByValue": "", "lastEditedByValue": "", "relationValue": "", "checkboxValue": false,
	"numberValue": 0.0, "date": "", "createdTimeValue": "", "lastEditedTime": "",
	"returnType": "", "textValue": "", "dateValue": "",
}

// field reads a condition or property entry field, falling back to its
// n8n default when the workflow omits it.
func field(m *data.Object, name string, defaults map[string]any) any {
	if v, ok := m.Get(name); ok {
		return v
	}
	if d, ok := defaults[name]; ok {
		return d
	}
	return data.Undefined
}

// camelCase is change-case's camelCase for the snake_case type names.
func camelCase(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || r == ' ' })
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + strings.ToLower(parts[i][1:])
	}
	if len(parts) > 0 {
		parts[0] = strings.ToLower(parts[0])
	}
	return strings.Join(parts, "")
}

// nameAndType splits a "Name|type" key (split('|'): a missing part is
// undefined).
func nameAndType(key any) (name, typ any) {
	s, ok := key.(string)
	if !ok {
		return data.Undefined, data.Undefined
	}
	parts := strings.Split(s, "|")
	name, typ = parts[0], data.Undefined
	if len(parts) > 1 {
		typ = parts[1]
	}
	return name, typ
}

var relativeDateConditions = map[string]bool{
	"past_week": true, "past_month": true, "past_year": true, "next_week": true, "next_month": true, "next_year": true,
}

// mapFilter is n8n's mapFilters([condition]): one Notion property filter.
func mapFilter(cond *data.Object, loc *time.Location) *data.Object {
	name, typ := nameAndType(cond.Value("key"))
	key := jsString(typ)
	condition := jsString(field(cond, "condition", map[string]any{"condition": ""}))
	var value any
	if key == "last_edited_time" {
		value = field(cond, camelCase(key), filterValueDefaults)
	} else {
		value = field(cond, camelCase(key)+"Value", filterValueDefaults)
	}
	if condition == "is_empty" || condition == "is_not_empty" {
		value = true
	} else if relativeDateConditions[condition] {
		value = data.NewObject(0)
	}
	switch {
	case key == "rich_text" || key == "text":
		key = "text"
	case key == "phone_number":
		key = "phone"
	case key == "date" && condition != "is_empty" && condition != "is_not_empty":
		if d := field(cond, "date", filterValueDefaults); d == "" {
			value = data.NewObject(0)
		} else {
			value = momentUTC(d, loc)
		}
	case key == "boolean":
		key = "checkbox"
	}
	// The hidden "type" field defaults to the key's type.
	ctype := cond.Value("type")
	if ctype == nil {
		ctype = typ
	}
	if ctype == "formula" {
		rt := jsString(field(cond, "returnType", filterValueDefaults))
		if condition == "is_empty" || condition == "is_not_empty" {
			key = rt
		} else {
			v := field(cond, camelCase(rt)+"Value", filterValueDefaults)
			return data.ObjectOf("property", name, key, data.ObjectOf(rt, data.ObjectOf(condition, v)))
		}
	}
	return data.ObjectOf("property", name, key, data.ObjectOf(condition, value))
}

// mapSorting is n8n's mapSorting.
func mapSorting(sorts []any) []any {
	out := make([]any, 0, len(sorts))
	for _, s := range sorts {
		m, _ := s.(*data.Object)
		name, _ := nameAndType(field(m, "key", map[string]any{"key": ""}))
		k := "property"
		if truthy(m.Value("timestamp")) {
			k = "timestamp"
		}
		out = append(out, data.ObjectOf("direction", field(m, "direction", map[string]any{"direction": ""}), k, name))
	}
	return out
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

// momentLayouts are the ISO 8601 forms moment parses without a format.
var momentRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*$`)
})

// parseMoment is moment.tz(value, zone): an ISO string with an offset is
// an instant, one without is wall time in loc. ok is false for what moment
// calls an invalid date.
func parseMoment(v any, loc *time.Location) (time.Time, bool) {
	s, isStr := v.(string)
	if !isStr {
		switch x := v.(type) {
		case float64:
			return time.UnixMilli(int64(x)).In(loc), true
		case time.Time:
			return x.In(loc), true
		}
		s = jsString(v)
	}
	m := momentRe().FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	atoi := func(x string) int {
		n := 0
		for _, c := range x {
			n = n*10 + int(c-'0')
		}
		return n
	}
	nsec := 0
	if m[7] != "" {
		frac := (m[7] + "000000000")[:9]
		nsec = atoi(frac)
	}
	y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	h, mi, sec := atoi(m[4]), atoi(m[5]), atoi(m[6])
	if m[8] == "" {
		return time.Date(y, time.Month(mo), d, h, mi, sec, nsec, loc), true
	}
	off := 0
	if z := m[8]; z != "Z" && z != "z" {
		sign := 1
		if z[0] == '-' {
			sign = -1
		}
		digits := strings.ReplaceAll(z[1:], ":", "")
		off = atoi(digits[:2]) * 3600
		if len(digits) >= 4 {
			off += atoi(digits[2:4]) * 60
		}
		off *= sign
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, time.FixedZone("", off))
	return t.In(loc), true
}

// momentUTC is moment.tz(v, zone).utc().format().
func momentUTC(v any, loc *time.Location) string {
	t, ok := parseMoment(v, loc)
	if !ok {
		return "Invalid date"
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// momentFormat is moment.tz(v, zone).format(dateOnly ? "yyyy-MM-DD" : "").
func momentFormat(v any, loc *time.Location, dateOnly bool) string {
	t, ok := parseMoment(v, loc)
	if !ok {
		return "Invalid date"
	}
	if dateOnly {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02T15:04:05-07:00")
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return false
	case bool:
		return x
	case float64:
		return x != 0
	case int:
		return x != 0
	case string:
		return x != ""
	}
	return true
}

// zone returns the location of an IANA name ("default": the workflow's).
func zone(name any, def *time.Location) (*time.Location, error) {
	s, _ := name.(string)
	if s == "" || s == "default" {
		return def, nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: %w", s, err)
	}
	return loc, nil
}
