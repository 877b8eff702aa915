package jsvalue

import (
	"reflect"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

type obj = map[string]any
type arr = []any

// mergeCase is one call of Merge or Assign: dst and srcs in, want out.
type mergeCase struct {
	name string
	dst  obj
	cust Customizer
	srcs []obj
	want obj
}

// objs converts test maps into objects (nil stays nil).
func objs(ms []obj) []*data.Object {
	out := make([]*data.Object, len(ms))
	for i, m := range ms {
		out[i] = data.FromMap(m)
	}
	return out
}

func TestMerge(t *testing.T) {
	u := data.Undefined
	concat := func(o any, _ bool, s any) (any, bool) {
		if a, ok := o.([]any); ok {
			return append(append([]any(nil), a...), s.([]any)...), true
		}
		return nil, false
	}
	tests := []mergeCase{
		{"deep objects, arrays by index", obj{}, nil,
			[]obj{{"o": obj{"p": 1.0}, "l": arr{"x"}}, {"o": obj{"q": 2.0}, "l": arr{"y", "z"}}},
			obj{"o": obj{"p": 1.0, "q": 2.0}, "l": arr{"y", "z"}}},
		{"shorter array keeps the tail", obj{"a": arr{1.0, 2.0, 3.0}}, nil,
			[]obj{{"a": arr{4.0}}}, obj{"a": arr{4.0, 2.0, 3.0}}},
		{"undefined never overwrites", obj{"a": 1.0}, nil, []obj{{"a": u}}, obj{"a": 1.0}},
		{"null overwrites", obj{"a": obj{"b": 1.0}}, nil, []obj{{"a": nil}}, obj{"a": nil}},
		{"object onto primitive", obj{"a": 1.0}, nil, []obj{{"a": obj{"b": 2.0}}}, obj{"a": obj{"b": 2.0}}},
		{"object onto null", obj{"a": nil}, nil, []obj{{"a": obj{"b": 1.0}}}, obj{"a": obj{"b": 1.0}}},
		{"array onto object", obj{"a": obj{"x": 1.0}}, nil, []obj{{"a": arr{1.0}}}, obj{"a": arr{1.0}}},
		{"array onto string", obj{"a": "s"}, nil, []obj{{"a": arr{1.0}}}, obj{"a": arr{1.0}}},
		{"object onto array: index keys", obj{"a": arr{1.0, 2.0}}, nil,
			[]obj{{"a": obj{"1": "x", "k": "y"}}}, obj{"a": arr{1.0, "x"}}},
		{"object onto array: hole", obj{"a": arr{1.0, 2.0}}, nil,
			[]obj{{"a": obj{"3": "x"}}}, obj{"a": arr{1.0, 2.0, nil, "x"}}},
		{"undefined array element keeps", obj{"a": arr{1.0, 2.0}}, nil,
			[]obj{{"a": arr{u, 3.0}}}, obj{"a": arr{1.0, 3.0}}},
		{"undefined array element fills", obj{}, nil, []obj{{"a": arr{u}}}, obj{"a": arr{nil}}},
		{"objects inside arrays", obj{"a": arr{obj{"x": 1.0}, obj{"y": 2.0}}}, nil,
			[]obj{{"a": arr{obj{"z": 3.0}}}}, obj{"a": arr{obj{"x": 1.0, "z": 3.0}, obj{"y": 2.0}}}},
		{"three sources", obj{"a": obj{"b": obj{"c": 1.0, "d": 2.0}}}, nil,
			[]obj{{"a": obj{"b": obj{"c": 3.0}}}, nil, {"a": obj{"b": obj{"e": 4.0}}}},
			obj{"a": obj{"b": obj{"c": 3.0, "d": 2.0, "e": 4.0}}}},
		{"customizer", obj{"a": arr{1.0}, "b": 1.0}, concat,
			[]obj{{"a": arr{2.0}, "b": 2.0}}, obj{"a": arr{1.0, 2.0}, "b": 2.0}},
	}
	for _, tc := range tests {
		if got := Merge(data.FromMap(tc.dst), tc.cust, objs(tc.srcs)...); !Equal(got, data.FromMap(tc.want)) {
			t.Errorf("%s: Merge = %#v, want %#v", tc.name, got, tc.want)
		}
	}
}

func TestMergeLeavesSourcesAlone(t *testing.T) {
	first := data.FromMap(obj{"o": obj{"p": 1.0}, "l": arr{"x"}})
	second := data.FromMap(obj{"o": obj{"q": 2.0}, "l": arr{"y", "z"}})
	Merge(data.NewObject(0), nil, first, second)
	if !reflect.DeepEqual(first, data.FromMap(obj{"o": obj{"p": 1.0}, "l": arr{"x"}})) {
		t.Errorf("Merge changed its first source: %#v", first)
	}
	if !reflect.DeepEqual(second, data.FromMap(obj{"o": obj{"q": 2.0}, "l": arr{"y", "z"}})) {
		t.Errorf("Merge changed its second source: %#v", second)
	}
}

func TestAssign(t *testing.T) {
	keepOld := func(o any, has bool, s any) (any, bool) { return o, has }
	tests := []mergeCase{
		{"top level only", obj{"a": obj{"x": 1.0}, "b": 1.0}, nil,
			[]obj{{"a": obj{"y": 2.0}}, {"c": 3.0}}, obj{"a": obj{"y": 2.0}, "b": 1.0, "c": 3.0}},
		{"undefined is copied", obj{"a": 1.0}, nil, []obj{{"a": data.Undefined}}, obj{"a": data.Undefined}},
		{"customizer", obj{"a": 1.0}, keepOld, []obj{{"a": 2.0, "b": 3.0}}, obj{"a": 1.0, "b": 3.0}},
	}
	for _, tc := range tests {
		if got := Assign(data.FromMap(tc.dst), tc.cust, objs(tc.srcs)...); !Equal(got, data.FromMap(tc.want)) {
			t.Errorf("%s: Assign = %#v, want %#v", tc.name, got, tc.want)
		}
	}
}

func TestArrayIndex(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true}, {"12", 12, true}, {"01", 0, false}, {"-1", 0, false},
		{"1.0", 0, false}, {"", 0, false}, {"a", 0, false}, {"1234567890123456", 0, false},
	}
	for _, tc := range tests {
		if got, ok := ArrayIndex(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("ArrayIndex(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func BenchmarkMerge(b *testing.B) {
	src := data.FromMap(obj{"a": obj{"b": arr{1.0, obj{"c": "x"}}, "d": 2.0}, "e": "f"})
	for b.Loop() {
		Merge(data.ObjectOf("a", data.ObjectOf("d", 1.0)), nil, src)
	}
}
