package expression

import (
	"context"
	"testing"
)

// TestFastPaths pins the results of the per-element shortcuts (string +
// integer, split into a sized slice, Array.from over {length}, callback
// argument reuse, Object.assign ownership) to JavaScript's.
func TestFastPaths(t *testing.T) {
	e := New(Options{})
	d := simpleData(map[string]any{"s": "a@b@c"})
	for _, tt := range []struct{ src, want string }{
		{`'u' + 7`, `"u7"`},
		{`7 + 'u'`, `"7u"`},
		{`'u' + -0`, `"u0"`},
		{`-0 + 'u'`, `"0u"`},
		{`'u' + -12`, `"u-12"`},
		{`'u' + 1.5`, `"u1.5"`},
		{`'u' + 999999999999999`, `"u999999999999999"`},
		{`'u' + 1e15`, `"u1000000000000000"`},
		{`'u' + 1e21`, `"u1e+21"`},
		{`'u' + NaN`, `"uNaN"`},
		{`$json.s.split('@')`, `["a","b","c"]`},
		{`$json.s.split('@', 2)`, `["a","b"]`},
		{`$json.s.split('@', 0)`, `[]`},
		{`$json.s.split('@', 9)`, `["a","b","c"]`},
		{`'a@'.split('@')`, `["a",""]`},
		{`''.split('@')`, `[""]`},
		{`$json.s.split('@@')`, `["a@b@c"]`},
		{`Array.from({length: 3}, (_, i) => i * 2)`, `[0,2,4]`},
		{`Array.from({length: 2})`, `[null,null]`},
		{`Array.from({length: 2, 1: 'x'}, (v, i) => v ?? i)`, `[0,"x"]`},
		{`[1, 2, 3].map((v, i, a) => v + i + a.length)`, `[4,6,8]`},
		{`[1, 2, 3].reduce((acc, v, i, a) => acc + v * i + a.length, 0)`, `17`},
		{`[1, 2, 3].map((...r) => r.length)`, `[3,3,3]`},
		{`['1', '2', '3'].map(parseInt)`, `[1,null,null]`},
		{`[1, 2].map(x => [x]).map(a => a.length)`, `[1,1]`},
		{`(() => { const o = {a: 1}; const p = Object.assign(o, {b: 2}); return o === p })()`, `true`},
		{`Object.assign($json, {b: 2}) === $json`, `false`},
	} {
		v, err := e.Evaluate(context.Background(), "={{ "+tt.src+" }}", d)
		if err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		got, _, err := RenderJSON(v)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s = %s (%v), want %s", tt.src, got, err, tt.want)
		}
	}
}
