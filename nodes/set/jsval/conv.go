package jsval

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// isJSSpace reports JavaScript's WhiteSpace and LineTerminator characters
// (what String.prototype.trim and Number() strip).
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// Trim is String.prototype.trim.
func Trim(s string) string { return strings.TrimFunc(s, isJSSpace) }

// ToNumber is JavaScript's Number(v).
func ToNumber(v any) float64 {
	switch x := v.(type) {
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
	case float32:
		return float64(x)
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return math.NaN()
		}
		return f
	case string:
		return StringToNumber(x)
	case []any:
		return StringToNumber(ToString(x))
	}
	return math.NaN()
}

// StringToNumber is JavaScript's StringToNumber.
func StringToNumber(s string) float64 {
	s = Trim(s)
	if s == "" {
		return 0
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
			f := 0.0
			for _, c := range s[2:] {
				d := digitVal(c)
				if d < 0 || d >= base {
					return math.NaN()
				}
				f = f*float64(base) + float64(d)
			}
			return f
		}
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	if !decimalLiteral(s) {
		return math.NaN()
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

func digitVal(c rune) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// decimalLiteral checks StrDecimalLiteral: [+-] (digits [. digits] | . digits) [e [+-] digits].
func decimalLiteral(s string) bool {
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		ed := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			ed++
		}
		if ed == 0 {
			return false
		}
	}
	return i == len(s)
}

// ToString is JavaScript's String(v).
func ToString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case data.UndefinedType:
		return "undefined"
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return data.FormatNumber(x, false)
	case float32:
		return data.FormatNumber(float64(x), false)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case json.Number:
		return data.FormatNumber(ToNumber(x), false)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e == nil || data.IsUndefined(e) {
				continue
			}
			parts[i] = ToString(e)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		return "[object Object]"
	}
	return "[object Object]"
}

// Stringify is JSON.stringify(v) (object keys sorted: Go maps keep no order).
func Stringify(v any) string {
	b, err := data.MarshalValue(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// TypeOf is JavaScript's typeof for JSON values.
func TypeOf(v any) string {
	switch v.(type) {
	case data.UndefinedType:
		return "undefined"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, float32, int, int64, json.Number:
		return "number"
	}
	return "object"
}

// Describe is n8n's getValueDescription: 'x' for primitives, 'null', array
// or object.
func Describe(v any) string {
	switch v.(type) {
	case nil:
		return "'null'"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "'" + ToString(v) + "'"
}

// Truthy is JavaScript's !!v.
func Truthy(v any) bool {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0 && !math.IsNaN(x)
	case int:
		return x != 0
	case int64:
		return x != 0
	}
	return true
}
