package jsval

import (
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// The conversions below are JavaScript's and live in engine/jsvalue, shared
// with the expression engine and the filter; these names stay so the nodes
// that import jsval keep working.

// Trim is String.prototype.trim.
func Trim(s string) string { return jsvalue.Trim(s) }

// ToNumber is JavaScript's Number(v).
func ToNumber(v any) float64 { return jsvalue.ToNumber(v) }

// StringToNumber is JavaScript's StringToNumber.
func StringToNumber(s string) float64 { return jsvalue.StringToNumber(s) }

// ToString is JavaScript's String(v).
func ToString(v any) string { return jsvalue.ToString(v) }

// Stringify is JSON.stringify(v) (object keys sorted: Go maps keep no order).
func Stringify(v any) string { return jsvalue.Stringify(v) }

// TypeOf is JavaScript's typeof for JSON values.
func TypeOf(v any) string { return jsvalue.TypeOf(v) }

// Truthy is JavaScript's !!v.
func Truthy(v any) bool { return jsvalue.Truthy(v) }

// Describe is n8n's getValueDescription (used in Set's type conversion
// errors): 'x' for primitives, 'null', array or object.
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
