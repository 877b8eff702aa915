package jsvalue

import (
	"math"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestLt(t *testing.T) {
	for _, c := range []struct {
		a, b any
		want bool
	}{
		{"a", "b", true}, {"b", "a", false}, {"B", "a", true}, {"ab", "abc", true},
		{"\uFFFF", "😀", false}, {"😀", "\uFFFF", true}, // UTF-16: surrogates before U+E000
		{1.0, 2.0, true}, {"10", 9.0, false}, {"9", 10.0, true}, {nil, 1.0, true},
		{data.Undefined, 1.0, false}, {math.NaN(), 1.0, false}, {true, 2.0, true},
	} {
		if got := Lt(c.a, c.b); got != c.want {
			t.Errorf("Lt(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestGetterMatchesGet(t *testing.T) {
	obj := data.ObjectOf("a", data.ObjectOf("b", []any{1.0, data.ObjectOf("c", "x")}), "a.b", "literal", "plain", true)
	other := data.ObjectOf("a", data.ObjectOf("b", []any{1.0, data.ObjectOf("c", "x")}))
	for _, p := range []string{"a", "a.b", "a.b[1].c", "a.b.1.c", "plain", "missing", "a.x.y", "['a']"} {
		g := Getter(p)
		for _, o := range []*data.Object{obj, other} {
			w, wok := Get(o, p)
			v, ok := g(o)
			if ok != wok || !Equal(v, w) {
				t.Errorf("Getter(%q) = %v %v, Get = %v %v", p, v, ok, w, wok)
			}
		}
	}
}
