package jsvalue

import (
	"reflect"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Expected values are lodash 4.17 get/set/unset run by Node (key order included).

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

// sample is a fresh object for each path operation.
func sample(t *testing.T) *data.Object {
	t.Helper()
	m, err := data.ParseJSONObject([]byte(`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"01":"z","0":"w"}}`))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestGet(t *testing.T) {
	tests := []struct {
		path string
		want any // nil with ok=false: undefined
		ok   bool
	}{
		{"a.b", 1.0, true},
		{"a.c[1].d", 3.0, true},
		{"a.c.1.d", 3.0, true},
		{"x.y", 5.0, true}, // an existing key wins over the path
		{"s.length", 5.0, true},
		{"l[1]", 2.0, true},
		{"l.01", nil, false},
		{"l.-1", nil, false},
		{"n", nil, true},
		{"n.q", nil, false},
		{"e.01", "z", true},
		{"e[0]", "w", true},
		{"a['b']", 1.0, true},
		{`a["c"][0]["d"]`, 2.0, true},
		{"", nil, false},
		{"a..b", nil, false},
		{"a.", nil, false},
		{"[0]", nil, false},
		{"zz.q", nil, false},
	}
	for _, tc := range tests {
		got, ok := Get(sample(t), tc.path)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Get(%q) = %#v, %v; want %#v, %v", tc.path, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSetUnset(t *testing.T) {
	tests := []struct {
		path       string
		set, unset string // the object after set(obj, path, "V") and after unset(obj, path)
	}{
		{"a.c[1].d",
			`{"a":{"b":1,"c":[{"d":2},{"d":"V"}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`,
			`{"a":{"b":1,"c":[{"d":2},{}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`},
		{"q.0.r",
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"},"q":[{"r":"V"}]}`,
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`},
		{"q.01.r",
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"},"q":{"01":{"r":"V"}}}`,
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`},
		{"x.y",
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":"V","s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`,
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`},
		{"l[5]",
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3,null,null,"V"],"n":null,"e":{"0":"w","01":"z"}}`,
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`},
		{"l[1]",
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,"V",3],"n":null,"e":{"0":"w","01":"z"}}`,
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,null,3],"n":null,"e":{"0":"w","01":"z"}}`},
		{"s.t",
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":{"t":"V"},"l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`,
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`},
		{"__proto__.p",
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`,
			`{"a":{"b":1,"c":[{"d":2},{"d":3}]},"x.y":5,"s":"héllo","l":[1,2,3],"n":null,"e":{"0":"w","01":"z"}}`},
	}
	for _, tc := range tests {
		m := sample(t)
		Set(m, tc.path, "V")
		if got := Stringify(m); got != tc.set {
			t.Errorf("Set(%q):\n got %s\nwant %s", tc.path, got, tc.set)
		}
		m = sample(t)
		Unset(m, tc.path)
		if got := Stringify(m); got != tc.unset {
			t.Errorf("Unset(%q):\n got %s\nwant %s", tc.path, got, tc.unset)
		}

		// The copying forms give the same object from a top-level copy
		// and leave the original, whose nested values the copy shares,
		// as it was.
		orig := sample(t)
		before := Stringify(orig)
		cp := orig.CloneGrow(0)
		SetCopying(cp, tc.path, "V")
		if got := Stringify(cp); got != tc.set {
			t.Errorf("SetCopying(%q):\n got %s\nwant %s", tc.path, got, tc.set)
		}
		cp = orig.CloneGrow(0)
		UnsetCopying(cp, tc.path)
		if got := Stringify(cp); got != tc.unset {
			t.Errorf("UnsetCopying(%q):\n got %s\nwant %s", tc.path, got, tc.unset)
		}
		if got := Stringify(orig); got != before {
			t.Errorf("%q: the copying forms changed the shared original:\n got %s\nwant %s", tc.path, got, before)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	obj := data.ObjectOf("data", data.ObjectOf("person", []any{data.ObjectOf("name", "Ada")}))
	for b.Loop() {
		Get(obj, "data.person[0].name")
	}
}
