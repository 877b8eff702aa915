package jsvalue

import (
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// ToString is JavaScript's String(v) for JSON values: numbers print as
// Number.prototype.toString does, arrays join their elements with ","
// (null and undefined elements print as ""), plain objects are
// "[object Object]". A value with a String method (a Luxon-like DateTime)
// prints with it, as String() calls an object's toString.
func ToString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return NumberToString(x)
	case nil:
		return "null"
	case data.UndefinedType:
		return "undefined"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case []any:
		return Join(x, ",", ToString)
	case *data.Object:
		return "[object Object]"
	}
	if f, ok := AsNumber(v); ok {
		return NumberToString(f)
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return "[object Object]"
}

// Join is Array.prototype.join: null and undefined elements become "", the
// others are converted by str. Callers with their own runtime values (the
// expression engine) pass their own String(v).
func Join(a []any, sep string, str func(any) string) string {
	switch len(a) {
	case 0:
		return ""
	case 1:
		if IsNullish(a[0]) {
			return ""
		}
		return str(a[0])
	}
	var b strings.Builder
	for i, e := range a {
		if i > 0 {
			b.WriteString(sep)
		}
		if !IsNullish(e) {
			b.WriteString(str(e))
		}
	}
	return b.String()
}

// Stringify is JSON.stringify(v) with object keys sorted (Go maps keep no
// insertion order); "" when v cannot be encoded.
func Stringify(v any) string {
	b, err := data.MarshalValue(v)
	if err != nil {
		return ""
	}
	return string(b)
}
