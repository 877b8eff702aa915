package jsvalue

import (
	"reflect"

	"github.com/n8n-go/n8n-go/engine/data"
)

// SameRef reports whether a and b are the same JavaScript object: the same
// map, or slices sharing their backing array, length and capacity. Empty
// slices count only when non-nil and at the same address, which is why
// builders of array literals allocate a capacity of at least one: two
// literals must stay two objects.
func SameRef(a, b any) bool {
	switch x := a.(type) {
	case *data.Object:
		y, ok := b.(*data.Object)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || cap(x) != cap(y) {
			return false
		}
		if len(x) == 0 {
			return x != nil && reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
		}
		return &x[0] == &y[0]
	}
	return false
}

// identical compares values outside JSON (pointers to runtime objects,
// small structs) with Go's ==, which is JavaScript identity for pointers;
// values Go cannot compare are never identical.
func identical(a, b any) bool {
	ra := reflect.ValueOf(a)
	if !ra.IsValid() || reflect.TypeOf(b) != ra.Type() || !ra.Comparable() {
		return false
	}
	return a == b
}

// StrictEquals is JavaScript's ===: numbers by value (NaN is unequal to
// itself, 0 equals -0), strings and booleans by value, null and undefined
// only to themselves, arrays and objects by identity.
func StrictEquals(a, b any) bool {
	if eq, ok := equalPrimitive(a, b); ok {
		return eq
	}
	switch a.(type) {
	case *data.Object, []any:
		return SameRef(a, b)
	}
	return identical(a, b)
}

// equalPrimitive compares a JSON primitive a (a number of any Go type, a
// string, a boolean, null or undefined) with b as === does; ok is false when
// a is not a primitive.
func equalPrimitive(a, b any) (eq, ok bool) {
	switch x := a.(type) {
	case string:
		y, isStr := b.(string)
		return isStr && x == y, true
	case float64:
		if y, isFloat := b.(float64); isFloat {
			return x == y, true
		}
	case bool:
		y, isBool := b.(bool)
		return isBool && x == y, true
	case nil:
		return b == nil, true
	case data.UndefinedType:
		return data.IsUndefined(b), true
	}
	if x, isNum := AsNumber(a); isNum {
		y, isNum := AsNumber(b)
		return isNum && x == y, true
	}
	return false, false
}

// SameValueZero is the equality of Array.prototype.includes, Set and Map:
// === except that NaN equals NaN.
func SameValueZero(a, b any) bool { return StrictEquals(a, b) || IsNaN(a) && IsNaN(b) }

// Equal is lodash isEqual for JSON values: deep, object key order does not
// matter, arrays compare in order, NaN equals NaN, 0 equals -0, numbers of
// any Go type compare by value, and a key holding undefined still counts as
// a key ({a: undefined} is not {}). Values outside JSON are never equal: no
// caller compares them, and lodash's rules for them (dates by time, regexps
// by source) would need their types here.
func Equal(a, b any) bool {
	if eq, ok := equalPrimitive(a, b); ok {
		return eq || IsNaN(a) && IsNaN(b)
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case *data.Object:
		y, ok := b.(*data.Object)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for k, v := range x.All() {
			w, ok := y.Get(k)
			if !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	}
	return false
}
