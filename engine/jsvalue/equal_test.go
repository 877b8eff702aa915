package jsvalue

import (
	"encoding/json"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestStrictEqualsSameValueZero(t *testing.T) {
	obj := data.ObjectOf("a", 1.0)
	arr := make([]any, 0, 1)
	one := []any{1.0}
	p, q := new(int), new(int)
	tests := []struct {
		name       string
		a, b       any
		strict, sz bool
	}{
		{"NaN", nan, nan, false, true},
		{"zeros", 0.0, negZ, true, true},
		{"int and float", 3, 3.0, true, true},
		{"json.Number and float", json.Number("2.50"), 2.5, true, true},
		{"string and number", "1", 1.0, false, false},
		{"strings", "a", "a", true, true},
		{"bools", true, true, true, true},
		{"bool and number", true, 1.0, false, false},
		{"nulls", nil, nil, true, true},
		{"null and undefined", nil, data.Undefined, false, false},
		{"undefineds", data.Undefined, data.Undefined, true, true},
		{"same object", obj, obj, true, true},
		{"equal objects", obj, data.ObjectOf("a", 1.0), false, false},
		{"same array", one, one, true, true},
		{"equal arrays", one, []any{1.0}, false, false},
		{"same empty array", arr, arr, true, true},
		{"distinct empty arrays", arr, make([]any, 0, 1), false, false},
		{"nil arrays", []any(nil), []any(nil), false, false},
		{"same pointer", p, p, true, true},
		{"distinct pointers", p, q, false, false},
		{"uncomparable", []string{"a"}, []string{"a"}, false, false},
	}
	for _, tc := range tests {
		if got := StrictEquals(tc.a, tc.b); got != tc.strict {
			t.Errorf("%s: StrictEquals = %v, want %v", tc.name, got, tc.strict)
		}
		if got := SameValueZero(tc.a, tc.b); got != tc.sz {
			t.Errorf("%s: SameValueZero = %v, want %v", tc.name, got, tc.sz)
		}
	}
}

func TestEqual(t *testing.T) {
	u := data.Undefined
	tests := []struct {
		name string
		a, b any
		want bool
	}{
		{"undefined key counts", map[string]any{"a": u}, map[string]any{}, false},
		{"nested NaN", map[string]any{"a": []any{1.0, map[string]any{"b": nan}}}, map[string]any{"a": []any{1.0, map[string]any{"b": nan}}}, true},
		{"zeros", 0.0, negZ, true},
		{"array order", []any{1.0, 2.0}, []any{2.0, 1.0}, false},
		{"key order", map[string]any{"a": 1.0, "b": 2.0}, map[string]any{"b": 2.0, "a": 1.0}, true},
		{"number and string", 1.0, "1", false},
		{"null and undefined", nil, u, false},
		{"deep difference", map[string]any{"a": map[string]any{"b": []any{1.0, map[string]any{"c": 2.0}}}}, map[string]any{"a": map[string]any{"b": []any{1.0, map[string]any{"c": 3.0}}}}, false},
		{"deep equal", map[string]any{"a": map[string]any{"b": []any{1.0, map[string]any{"c": "x"}}}}, map[string]any{"a": map[string]any{"b": []any{1.0, map[string]any{"c": "x"}}}}, true},
		{"array and object", []any{}, map[string]any{}, false},
		{"object and array", map[string]any{}, []any{}, false},
		{"int and float", map[string]any{"n": 3}, map[string]any{"n": 3.0}, true},
		{"json.Number", json.Number("1e2"), int64(100), true},
		{"length differs", []any{1.0}, []any{1.0, nil}, false},
		{"same key set, other keys", map[string]any{"a": u}, map[string]any{"b": u}, false},
		{"bools", false, false, true},
	}
	for _, tc := range tests {
		tc.a, tc.b = data.Normalize(tc.a), data.Normalize(tc.b)
		if got := Equal(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: Equal = %v, want %v", tc.name, got, tc.want)
		}
		if got := Equal(tc.b, tc.a); got != tc.want {
			t.Errorf("%s: Equal (swapped) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func BenchmarkStrictEquals(b *testing.B) {
	pairs := [][2]any{{"Done", "Done"}, {"Done", "Obsolete"}, {1.0, 1.0}, {nil, data.Undefined}}
	for b.Loop() {
		for _, p := range pairs {
			StrictEquals(p[0], p[1])
		}
	}
}
