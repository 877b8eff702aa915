package comparedatasets

import (
	"math"
	"sort"
	"strconv"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// This file holds the lodash helpers Compare Datasets relies on: isEqual
// and get/set/unset by path come from engine/jsvalue; appendCanon is the
// node's own hash key that agrees with isEqual.

// num reports a number of any Go representation; isEqual and appendCanon
// must agree on what is one.
func num(v any) (float64, bool) { return jsvalue.AsNumber(v) }

// isEqual is lodash isEqual: deep, key order irrelevant, NaN equals NaN,
// an undefined-valued key is still a key.
func isEqual(a, b any) bool { return jsvalue.Equal(a, b) }

// appendCanon writes a canonical form of v such that two values have the
// same form exactly when isEqual holds; it keys the hash join.
func appendCanon(b []byte, v any) []byte {
	if x, ok := num(v); ok {
		if math.IsNaN(x) {
			return append(b, "nNaN;"...)
		}
		if x == 0 {
			x = 0 // -0 equals 0
		}
		b = append(b, 'n')
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
		return append(b, ';')
	}
	switch x := v.(type) {
	case nil:
		return append(b, 'z')
	case data.UndefinedType:
		return append(b, 'u')
	case bool:
		if x {
			return append(b, 't')
		}
		return append(b, 'f')
	case string:
		b = append(b, 's')
		b = strconv.AppendInt(b, int64(len(x)), 10)
		b = append(b, ':')
		return append(b, x...)
	case []any:
		b = append(b, '[')
		for _, e := range x {
			b = appendCanon(b, e)
		}
		return append(b, ']')
	case *data.Object:
		keys := append([]string(nil), x.Keys()...)
		sort.Strings(keys)
		b = append(b, '{')
		for _, k := range keys {
			b = appendCanon(b, k)
			b = appendCanon(b, x.Value(k))
		}
		return append(b, '}')
	}
	// Anything else never equals another value: give it a unique form.
	return append(b, '?')
}

// get is lodash get on an item's json: undefined when the path does not
// resolve.
func get(obj *data.Object, path string) any { return getAny(obj, path) }

// getAny is lodash get on any value.
func getAny(v any, path string) any {
	if r, ok := jsvalue.Get(v, path); ok {
		return r
	}
	return data.Undefined
}

// set is lodash set. For an undefined value lodash still creates the path
// and stores undefined at its end, which JSON output drops; item JSON never
// holds data.Undefined, so the leaf is removed again.
func set(obj *data.Object, path string, v any) {
	jsvalue.Set(obj, path, v)
	if data.IsUndefined(v) {
		jsvalue.Unset(obj, path)
	}
}

// unset is lodash unset.
func unset(v any, path string) { jsvalue.Unset(v, path) }
