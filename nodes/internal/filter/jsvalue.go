package filter

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Values inside items and resolved parameters are Go JSON values: nil (null),
// data.Undefined, bool, float64 (also int, int64, json.Number), string,
// []any and map[string]any. Dates from expressions are anything with a
// UnixMilli method (time.Time, the expression engine's DateTime). These
// helpers give them JavaScript's meaning.

// millier is a date value (time.Time, Luxon-like DateTime).
type millier interface{ UnixMilli() int64 }

// normalize turns the other numeric representations into float64.
func normalize(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case float32:
		return float64(x)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return math.NaN()
		}
		return f
	}
	return v
}

// TypeOf is JavaScript's typeof.
func TypeOf(v any) string {
	switch normalize(v).(type) {
	case data.UndefinedType:
		return "undefined"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	}
	return "object"
}

func isUndef(v any) bool { return data.IsUndefined(v) }

// isNaN reports a float64 NaN (JS Number.isNaN).
func isNaN(v any) bool {
	f, ok := normalize(v).(float64)
	return ok && math.IsNaN(f)
}

// Truthy is JavaScript's Boolean(v).
func Truthy(v any) bool {
	switch x := normalize(v).(type) {
	case nil, data.UndefinedType:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case string:
		return x != ""
	}
	return true
}

// JSString is JavaScript's String(v).
func JSString(v any) string {
	switch x := normalize(v).(type) {
	case nil:
		return "null"
	case data.UndefinedType:
		return "undefined"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return data.FormatNumber(x, false)
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e == nil || isUndef(e) {
				continue
			}
			parts[i] = JSString(e)
		}
		return strings.Join(parts, ",")
	case time.Time:
		return x.Format("Mon Jan 02 2006 15:04:05 GMT-0700")
	case interface{ String() string }:
		return x.String()
	}
	return "[object Object]"
}

// stringify is JSON.stringify for objects and arrays.
func stringify(v any) string {
	b, err := data.MarshalValue(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// isJSWhite reports JavaScript's whitespace and line terminators.
func isJSWhite(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func jsTrim(s string) string { return strings.TrimFunc(s, isJSWhite) }

// stringToNumber is JavaScript's StringToNumber.
func stringToNumber(s string) float64 {
	s = jsTrim(s)
	if s == "" {
		return 0
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			n, err := strconv.ParseUint(s[2:], base, 64)
			if err != nil {
				return math.NaN()
			}
			return float64(n)
		}
	}
	// Only decimal literals: strconv also takes "inf", "nan", "0x1p3" and "1_0".
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return math.NaN()
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f
		}
		return math.NaN()
	}
	return f
}

// ToNumber is JavaScript's Number(v).
func ToNumber(v any) float64 {
	switch x := normalize(v).(type) {
	case nil:
		return 0
	case data.UndefinedType:
		return math.NaN()
	case bool:
		if x {
			return 1
		}
		return 0
	case float64:
		return x
	case string:
		return stringToNumber(x)
	case []any:
		return stringToNumber(JSString(x))
	case millier:
		return float64(x.UnixMilli())
	}
	return math.NaN()
}

// sameRef reports whether two maps or slices are the same JS object.
func sameRef(a, b any) bool {
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	if ra.Kind() != rb.Kind() {
		return false
	}
	switch ra.Kind() {
	case reflect.Map:
		return ra.UnsafePointer() == rb.UnsafePointer()
	case reflect.Slice:
		return ra.Len() == rb.Len() && ra.UnsafePointer() == rb.UnsafePointer()
	}
	return false
}

// sameValueZero is Array.prototype.includes' equality.
func sameValueZero(a, b any) bool {
	a, b = normalize(a), normalize(b)
	switch x := a.(type) {
	case nil:
		return b == nil
	case data.UndefinedType:
		return isUndef(b)
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.IsNaN(x) && math.IsNaN(y))
	case string:
		y, ok := b.(string)
		return ok && x == y
	}
	return sameRef(a, b)
}

// strictEquals is JavaScript's ===.
func strictEquals(a, b any) bool {
	if isNaN(a) || isNaN(b) {
		return false
	}
	return sameValueZero(a, b)
}

// relNumber converts an operand of <, > as JavaScript does for the values a
// filter produces (numbers, null, undefined, booleans).
func relNumber(v any) float64 { return ToNumber(v) }

var undefined any = data.Undefined
