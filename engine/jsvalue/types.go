package jsvalue

import (
	"math"

	"github.com/n8n-go/n8n-go/engine/data"
)

// IsNullish reports null or undefined (what ?? and ?. test).
func IsNullish(v any) bool {
	switch v.(type) {
	case nil, data.UndefinedType:
		return true
	}
	return false
}

// Truthy is JavaScript's Boolean(v): false for null, undefined, false, 0,
// -0, NaN and ""; true for everything else, empty arrays and objects too.
func Truthy(v any) bool {
	switch x := v.(type) {
	case string:
		return x != ""
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case nil, data.UndefinedType:
		return false
	case *data.Object, []any:
		return true
	}
	if f, ok := AsNumber(v); ok {
		return f != 0 && !math.IsNaN(f)
	}
	return true
}

// TypeOf is JavaScript's typeof for JSON values: "undefined", "boolean",
// "number", "string", and "object" for null, arrays, objects and anything
// else (callers with functions answer "function" themselves).
func TypeOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case data.UndefinedType:
		return "undefined"
	case nil, *data.Object, []any:
		return "object"
	}
	if _, ok := AsNumber(v); ok {
		return "number"
	}
	return "object"
}
