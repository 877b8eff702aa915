package jsvalue

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

type named string

func (n named) String() string { return "named:" + string(n) }

func TestToString(t *testing.T) {
	u := data.Undefined
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"negative zero", negZ, "0"},
		{"NaN", nan, "NaN"},
		{"Infinity", inf, "Infinity"},
		{"-Infinity", negInf, "-Infinity"},
		{"1e21", 1e21, "1e+21"},
		{"-1e21", -1e21, "-1e+21"},
		{"below 1e21", 1e20, "100000000000000000000"},
		{"1e-7", 1e-7, "1e-7"},
		{"1e-6", 1e-6, "0.000001"},
		{"0.1+0.2", add(0.1, 0.2), "0.30000000000000004"},
		{"small exponent", 123e-20, "1.23e-18"},
		{"2^53+2", math.Pow(2, 53) + 2, "9007199254740994"},
		{"min denormal", 5e-324, "5e-324"},
		{"max", math.MaxFloat64, "1.7976931348623157e+308"},
		{"integer", 100.0, "100"},
		{"fraction", -1.5, "-1.5"},
		{"int", 42, "42"},
		{"int64", int64(-7), "-7"},
		{"json.Number", json.Number("1.50"), "1.5"},
		{"string", " a ", " a "},
		{"null", nil, "null"},
		{"undefined", u, "undefined"},
		{"true", true, "true"},
		{"false", false, "false"},
		{"empty array", []any{}, ""},
		{"null element", []any{nil}, ""},
		{"nested array", []any{1.0, []any{2.0, []any{nil, u, 3.0}}, map[string]any{}}, "1,2,,,3,[object Object]"},
		{"array of empty array", []any{[]any{}}, ""},
		{"strings", []any{"a", "", "b"}, "a,,b"},
		{"object", map[string]any{"a": 1.0}, "[object Object]"},
		{"stringer", named("x"), "named:x"},
		{"other", struct{}{}, "[object Object]"},
	}
	for _, tc := range tests {
		if got := ToString(tc.in); got != tc.want {
			t.Errorf("%s: ToString(%#v) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestJoin(t *testing.T) {
	tests := []struct {
		in   []any
		sep  string
		want string
	}{
		{nil, "-", ""},
		{[]any{nil}, "-", ""},
		{[]any{1.0}, "-", "1"},
		{[]any{1.0, nil, data.Undefined, "x"}, " | ", "1 |  |  | x"},
	}
	for _, tc := range tests {
		if got := Join(tc.in, tc.sep, ToString); got != tc.want {
			t.Errorf("Join(%#v, %q) = %q, want %q", tc.in, tc.sep, got, tc.want)
		}
	}
}

func TestStringify(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{map[string]any{"b": 1.0, "a": []any{nan, "<&>"}, "u": data.Undefined}, `{"a":[null,"<&>"],"b":1}`},
		{1e21, "1e+21"},
		{nil, "null"},
	}
	for _, tc := range tests {
		if got := Stringify(tc.in); got != tc.want {
			t.Errorf("Stringify(%#v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestTypeOfTruthy(t *testing.T) {
	tests := []struct {
		in     any
		typeOf string
		truthy bool
	}{
		{data.Undefined, "undefined", false},
		{nil, "object", false},
		{true, "boolean", true},
		{false, "boolean", false},
		{0.0, "number", false},
		{negZ, "number", false},
		{nan, "number", false},
		{inf, "number", true},
		{0.5, "number", true},
		{0, "number", false},
		{int64(2), "number", true},
		{json.Number("0"), "number", false},
		{"", "string", false},
		{"0", "string", true},
		{" ", "string", true},
		{[]any{}, "object", true},
		{map[string]any{}, "object", true},
		{named(""), "object", true},
	}
	for _, tc := range tests {
		if got := TypeOf(tc.in); got != tc.typeOf {
			t.Errorf("TypeOf(%#v) = %q, want %q", tc.in, got, tc.typeOf)
		}
		if got := Truthy(tc.in); got != tc.truthy {
			t.Errorf("Truthy(%#v) = %v, want %v", tc.in, got, tc.truthy)
		}
		if got := IsNullish(tc.in); got != (tc.in == nil || tc.in == data.Undefined) {
			t.Errorf("IsNullish(%#v) = %v", tc.in, got)
		}
	}
}

func BenchmarkToString(b *testing.B) {
	in := []any{"s", 42.0, add(0.1, 0.2), []any{1.0, "a", nil}, true, nil}
	for b.Loop() {
		for _, v := range in {
			ToString(v)
		}
	}
}
