package filter

import (
	"math"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// parsed is n8n's ValidationResult.
type parsed struct {
	valid bool
	value any
}

// parseSingle is n8n's parseSingleFilterValue: it converts one side of a
// condition to the operator's type.
func parseSingle(v any, typ string, strict bool, version int, loc *time.Location) parsed {
	v = normalize(v)
	if typ == "any" || v == nil || isUndef(v) {
		return parsed{true, v}
	}
	if typ == "boolean" && !strict {
		if version >= 2 {
			if b, ok := parseBoolean(v); ok {
				return parsed{true, b}
			}
		}
		return parsed{true, Truthy(v)}
	}
	if typ == "number" {
		if isNaN(v) {
			return parsed{true, v}
		}
		emptyStr := false
		if s, ok := v.(string); ok && jsTrim(s) == "" {
			emptyStr = true
		}
		if a, ok := v.([]any); ok && len(a) == 0 {
			emptyStr = true
		}
		if emptyStr && version >= 3 {
			return parsed{true, nil}
		}
	}
	return validateFieldType(v, typ, strict, loc)
}

// validateFieldType is n8n's validateFieldType with parseStrings on.
func validateFieldType(v any, typ string, strict bool, loc *time.Location) parsed {
	switch strings.ToLower(typ) {
	case "string":
		if _, ok := v.(string); ok {
			return parsed{true, v} // as is: String(s) would box it again
		} else if strict {
			return parsed{}
		}
		switch x := v.(type) {
		case *data.Object, []any:
			return parsed{true, stringify(x)}
		}
		return parsed{true, JSString(v)}
	case "number":
		if f, ok := v.(float64); ok {
			if math.IsNaN(f) {
				return parsed{}
			}
			return parsed{true, v} // as is: Number(n) would box it again
		} else if strict {
			return parsed{}
		}
		n := ToNumber(v)
		if math.IsNaN(n) {
			return parsed{}
		}
		return parsed{true, n}
	case "boolean":
		if _, ok := v.(bool); strict && !ok {
			return parsed{}
		}
		b, ok := parseBoolean(v)
		return parsed{ok, b}
	case "datetime":
		t, ok := parseDateTime(v, loc)
		if !ok {
			return parsed{}
		}
		return parsed{true, t}
	case "object":
		if strict && TypeOf(v) != "object" {
			return parsed{}
		}
		o, ok := parseObject(v)
		if !ok {
			return parsed{}
		}
		return parsed{true, o}
	case "array":
		if _, ok := v.([]any); strict && !ok {
			return parsed{}
		}
		a, ok := parseArray(v)
		if !ok {
			return parsed{}
		}
		return parsed{true, a}
	}
	return parsed{true, v}
}

// parseBoolean is n8n's tryToParseBoolean.
func parseBoolean(v any) (bool, bool) {
	if b, ok := v.(bool); ok {
		return b, true
	}
	if s, ok := v.(string); ok {
		switch strings.ToLower(s) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
		if jsTrim(s) == "" {
			return false, false
		}
	}
	switch ToNumber(v) {
	case 0:
		return false, true
	case 1:
		return true, true
	}
	return false, false
}

// parseArray is n8n's tryToParseArray.
func parseArray(v any) ([]any, bool) {
	if a, ok := v.([]any); ok {
		return a, true
	}
	s := JSString(v)
	out, err := data.ParseJSONString(s)
	if err != nil {
		if out, err = data.ParseJSONString(strings.ReplaceAll(s, "'", `"`)); err != nil {
			return nil, false
		}
	}
	a, ok := out.([]any)
	return a, ok
}

// parseObject is n8n's tryToParseObject (jsonParse with acceptJSObject).
func parseObject(v any) (*data.Object, bool) {
	if m, ok := v.(*data.Object); ok {
		return m, true
	}
	s := JSString(v)
	out, err := data.ParseJSONString(s)
	if err != nil {
		if out, err = data.ParseJSONString(jsObjectToJSON(s)); err != nil {
			return nil, false
		}
	}
	m, ok := out.(*data.Object)
	return m, ok
}

var (
	bareKey = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([{,]\s*)([A-Za-z_$][A-Za-z0-9_$]*)\s*:`)
	})
	singleQuote = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`'((?:[^'\\]|\\.)*)'`)
	})
	trailComma = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`,\s*([}\]])`)
	})
)

// jsObjectToJSON turns a simple JavaScript object literal ({a: 'x'}) into
// JSON, which covers what n8n's parseJSObject accepts in practice.
func jsObjectToJSON(s string) string {
	s = singleQuote().ReplaceAllStringFunc(s, func(m string) string {
		inner := m[1 : len(m)-1]
		inner = strings.ReplaceAll(inner, `\'`, `'`)
		inner = strings.ReplaceAll(inner, `"`, `\"`)
		return `"` + inner + `"`
	})
	s = bareKey().ReplaceAllString(s, `$1"$2":`)
	return trailComma().ReplaceAllString(s, "$1")
}

// DateTime is a parsed date (n8n's Luxon DateTime): only its instant matters
// to the filter operators.
type DateTime struct{ Time time.Time }

// UnixMilli is Luxon's toMillis.
func (d DateTime) UnixMilli() int64 { return d.Time.UnixMilli() }

// String is Luxon's toString (ISO with offset).
func (d DateTime) String() string { return d.Time.Format("2006-01-02T15:04:05.000-07:00") }

// parseDateTime is n8n's tryToParseDateTime: ISO, HTTP, RFC 2822, SQL, then
// Date.parse. Naive dates are read in loc.
func parseDateTime(v any, loc *time.Location) (DateTime, bool) {
	if loc == nil {
		loc = time.UTC
	}
	switch x := v.(type) {
	case DateTime:
		return x, true
	case time.Time:
		return DateTime{x}, true
	case interface{ Time() time.Time }:
		return DateTime{x.Time()}, true
	case millier:
		return DateTime{time.UnixMilli(x.UnixMilli()).In(loc)}, true
	}
	s := jsTrim(JSString(v))
	if t, ok := parseISO(s, loc); ok {
		return DateTime{t}, true
	}
	for _, layout := range httpLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return DateTime{t}, true
		}
	}
	for _, layout := range rfc2822Layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return DateTime{t}, true
		}
	}
	for _, layout := range sqlLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return DateTime{t}, true
		}
	}
	for _, layout := range dateParseLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return DateTime{t}, true
		}
	}
	return DateTime{}, false
}

var isoRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([+-]\d{6}|\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:[T ]?` +
		`(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$`)
})

// parseISO covers Luxon's fromISO calendar forms (date, date-time with
// optional seconds, fraction and offset). Week and ordinal dates are not
// supported.
func parseISO(s string, loc *time.Location) (time.Time, bool) {
	m := isoRe().FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	// Luxon requires the "T" separator between date and time.
	if strings.Contains(s, " ") {
		return time.Time{}, false
	}
	if m[4] != "" && !strings.Contains(s, "T") {
		return time.Time{}, false
	}
	atoi := func(x string, def int) int {
		if x == "" {
			return def
		}
		n := 0
		sign := 1
		for i, c := range x {
			if i == 0 && (c == '+' || c == '-') {
				if c == '-' {
					sign = -1
				}
				continue
			}
			n = n*10 + int(c-'0')
		}
		return sign * n
	}
	y, mo, d := atoi(m[1], 0), atoi(m[2], 1), atoi(m[3], 1)
	h, mi, sec := atoi(m[4], 0), atoi(m[5], 0), atoi(m[6], 0)
	ns := 0
	if m[7] != "" {
		frac := (m[7] + "000000000")[:9]
		ns = atoi(frac, 0)
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	zone := loc
	if m[8] != "" {
		if m[8] == "Z" {
			zone = time.UTC
		} else {
			off := strings.ReplaceAll(m[8][1:], ":", "")
			oh := atoi(off[:2], 0)
			om := 0
			if len(off) >= 4 {
				om = atoi(off[2:4], 0)
			}
			secs := oh*3600 + om*60
			if m[8][0] == '-' {
				secs = -secs
			}
			zone = time.FixedZone("", secs)
		}
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, ns, zone)
	if t.Day() != d { // 2024-02-30
		return time.Time{}, false
	}
	return t, true
}

var httpLayouts = []string{
	"Mon, 02 Jan 2006 15:04:05 GMT",
	"Monday, 02-Jan-06 15:04:05 GMT",
	"Mon Jan _2 15:04:05 2006",
}

var rfc2822Layouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 MST",
}

var sqlLayouts = []string{
	"2006-01-02 15:04:05.999999999 -07:00",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"15:04:05.999999999",
	"15:04:05",
}

// dateParseLayouts approximate V8's lenient Date.parse fallbacks.
var dateParseLayouts = []string{
	"Mon Jan 02 2006 15:04:05 GMT-0700",
	"Mon Jan 02 2006",
	"Jan 2 2006",
	"Jan 2, 2006",
	"January 2, 2006",
	"January 2 2006",
	"2 January 2006",
	"1/2/2006",
	"1/2/2006 15:04:05",
	"1/2/2006 15:04",
	"2006/1/2",
	"2006/1/2 15:04:05",
}

// ParseDate reads a date string the way the filter's dateTime type does.
func ParseDate(s string, loc *time.Location) (time.Time, bool) {
	d, ok := parseDateTime(s, loc)
	return d.Time, ok
}
