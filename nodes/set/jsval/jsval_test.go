package jsval

import (
	"math"
	"reflect"
	"testing"
)

func TestStringToPath(t *testing.T) {
	tests := map[string][]string{
		"a.b.c":               {"a", "b", "c"},
		"a[0].b":              {"a", "0", "b"},
		`a["b.c"].d`:          {"a", "b.c", "d"},
		`a['x\'y']`:           {"a", "x'y"},
		".a":                  {"", "a"},
		"a..b":                {"a", "", "b"},
		"a.":                  {"a", ""},
		"data.person[0].name": {"data", "person", "0", "name"},
	}
	for in, want := range tests {
		if got := StringToPath(in); !reflect.DeepEqual(got, want) {
			t.Errorf("StringToPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSetGetUnset(t *testing.T) {
	obj := map[string]any{"a.b": 1}
	Set(obj, "a.b", 2) // an existing literal key wins
	Set(obj, "x[1].y", "v")
	Set(obj, "m.n", true)
	want := map[string]any{"a.b": 2.0, "x": []any{nil, map[string]any{"y": "v"}}, "m": map[string]any{"n": true}}
	if obj["a.b"] != 2 || !reflect.DeepEqual(obj["x"], want["x"]) || !reflect.DeepEqual(obj["m"], want["m"]) {
		t.Errorf("Set: %#v", obj)
	}
	if v, ok := Get(obj, "x[1].y"); !ok || v != "v" {
		t.Errorf("Get = %v %v", v, ok)
	}
	if _, ok := Get(obj, "x[5].y"); ok {
		t.Error("Get of a missing path is defined")
	}
	Unset(obj, "m.n")
	if !reflect.DeepEqual(obj["m"], map[string]any{}) {
		t.Errorf("Unset: %#v", obj["m"])
	}
}

func TestToNumber(t *testing.T) {
	tests := []struct {
		in   any
		want float64
	}{
		{"", 0}, {" 5 ", 5}, {"0x1f", 31}, {"0b11", 3}, {"1e3", 1000}, {".5", 0.5}, {"5.", 5},
		{"-Infinity", math.Inf(-1)}, {true, 1}, {nil, 0}, {[]any{7.0}, 7}, {[]any{}, 0},
	}
	for _, tc := range tests {
		if got := ToNumber(tc.in); got != tc.want {
			t.Errorf("ToNumber(%#v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	for _, bad := range []any{"abc", "1_000", "-0x10", "0x", map[string]any{}, []any{1.0, 2.0}, "infinity"} {
		if got := ToNumber(bad); !math.IsNaN(got) {
			t.Errorf("ToNumber(%#v) = %v, want NaN", bad, got)
		}
	}
}

func TestParseLoose(t *testing.T) {
	got, err := ParseLoose(`{a: 1, 'b': 'two', c: [true, -2,], d: ident, /* c */ "e": null,}`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": 1.0, "b": "two", "c": []any{true, -2.0}, "d": "ident", "e": nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v", got)
	}
	if _, err := ParseLoose("{nope"); err == nil {
		t.Error("invalid literal parsed")
	}
}

func TestMergeDeep(t *testing.T) {
	src := map[string]any{"o": map[string]any{"q": 2.0}, "l": []any{"y", "z"}}
	dst := map[string]any{"o": map[string]any{"p": 1.0}, "l": []any{"x"}}
	got := Merge(map[string]any{}, nil, dst, src)
	want := map[string]any{"o": map[string]any{"p": 1.0, "q": 2.0}, "l": []any{"y", "z"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %#v", got)
	}
	if !reflect.DeepEqual(dst["o"], map[string]any{"p": 1.0}) {
		t.Error("Merge changed a source")
	}
}
