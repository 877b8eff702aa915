package expression

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// TestWalkMatchesVM evaluates every conformance case with walks and with
// every program on expr's VM: values and errors must be the same.
func TestWalkMatchesVM(t *testing.T) {
	suite := loadSuite(t)
	walked := 0
	for fname, s := range suite {
		for i, tc := range s.Cases {
			c := merge(s.Context, tc.Context)
			if tc.JSON != nil {
				c.Items = []data.Item{{JSON: tc.JSON, Paired: data.One(0)}}
			}
			var outs [2]string
			for k, noWalk := range []bool{false, true} {
				e := New(Options{AllowEnv: tc.AllowEnv})
				e.noWalk = noWalk
				if p, err := e.Compile(tc.Expr); err == nil && !noWalk {
					for _, pt := range p.parts {
						if pt.walk != nil {
							walked++
						}
					}
				}
				got, err := e.Evaluate(context.Background(), tc.Expr, newFakeData(t, c))
				outs[k] = describeOutcome(got, err)
			}
			if outs[0] != outs[1] {
				t.Errorf("%s #%d %s:\n walk %s\n VM   %s", fname, i, tc.Expr, outs[0], outs[1])
			}
		}
	}
	if walked < 100 {
		t.Errorf("only %d programs were walks", walked)
	}
	// Lets, short circuits and closures over lets, both ways.
	d := simpleData(map[string]any{"a": 1.0, "s": "x", "n": nil})
	for _, src := range []string{
		`$json.n ?? $json.a`, `$json.a && $json.s`, `$json.n || 'd'`, `$json.a > 0 ? 'p' : 'n'`,
		`(() => { let x = 1; let y = x + 1; { let x = 5; y = y + x } return [x, y] })()`,
		`(() => { const k = 2; return [1, 2].map(v => v * k) })()`,
		`(() => { let i = 0; const f = () => i; i = 3; return f() })()`,
		`[1, 2, 3].filter(v => v > 1 && v < 3 || v === 1)`,
		`(({a, b = 4}) => a + b)({a: 1})`,
		`$json.missing?.deep ?? 'none'`,
		`($json.a, $json.s)`,
	} {
		walkAndVM(t, d, src)
	}
}

// walkAndVM evaluates src on d as a walk and on expr's VM: the outcomes
// (values or errors) must be the same.
func walkAndVM(t *testing.T, d *fakeData, src string) {
	t.Helper()
	var outs [2]string
	for k, noWalk := range []bool{false, true} {
		e := New(Options{})
		e.noWalk = noWalk
		got, err := e.Evaluate(context.Background(), "={{ "+src+" }}", d)
		outs[k] = describeOutcome(got, err)
	}
	if outs[0] != outs[1] {
		t.Errorf("%s:\n walk %s\n VM   %s", src, outs[0], outs[1])
	}
}

func describeOutcome(v any, err error) string {
	if err != nil {
		return fmt.Sprintf("error %T %v", err, err)
	}
	if data.IsUndefined(v) {
		return "undefined"
	}
	if f, ok := v.(float64); ok {
		return "number " + numberToString(f)
	}
	enc, ok, rerr := RenderJSON(v)
	return fmt.Sprintf("%T %s %v %v", v, enc, ok, rerr)
}

// TestSplitIndexMatchesVM: s.split(sep)[k], which the walk cuts out
// directly, gives what the general path gives, for every receiver,
// separator and index the shortcut must leave to it too.
func TestSplitIndexMatchesVM(t *testing.T) {
	d := simpleData(map[string]any{"email": "user1@example.com", "path": "a/b//c/", "n": 12.5, "arr": []any{"x@y"},
		"empty": "", "uni": "ü→ß→€", "none": nil})
	for _, src := range []string{
		`$json.email.split('@')[1]`, `$json.email.split('@')[0]`, `$json.email.split('@')[2]`,
		`$json.email.split('@')[4294967294]`, `$json.email.split('@')[4294967295]`, `$json.email.split('@')[-1]`,
		`$json.email.split('@')[1.5]`, `$json.email.split('')[3]`, `$json.email.split()[0]`, `$json.email.split(undefined)[0]`,
		`$json.email.split(/@/)[1]`, `$json.email.split(/(@)/)[1]`, `$json.email.split(1)[0]`, `$json.email.split('@', 1)[1]`,
		`$json.path.split('/')[3]`, `$json.path.split('/')[4]`, `$json.path.split('//')[1]`, `$json.empty.split('x')[0]`,
		`$json.uni.split('→')[2]`, `$json.n.split('.')[0]`, `$json.arr.split('@')[0]`, `$json.none.split('@')[0]`,
		`$json.missing.split('@')[0]`, `$json.email.split('@')[1].toUpperCase()`, `$json.email.split('@')['1']`,
		`$json.email.split('@')[0 + 1]`, `$json.email?.split('@')[1]`, `$json.email.split('@')?.[1]`,
	} {
		walkAndVM(t, d, src)
	}
}

// TestSplitIndexIsCut: the walk of s.split(sep)[k] calls splitAt, not
// split and an index read.
func TestSplitIndexIsCut(t *testing.T) {
	p, err := New(Options{}).Compile(`={{ $json.email.split('@')[1] }}`)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	var visit func(w *wnode)
	visit = func(w *wnode) {
		if w.kind == wCall && reflect.ValueOf(w.fn).Pointer() == reflect.ValueOf(splitAt).Pointer() {
			found = true
		}
		for i := range w.args {
			visit(&w.args[i])
		}
	}
	for _, pt := range p.parts {
		if pt.walk != nil {
			visit(pt.walk)
		}
	}
	if !found {
		t.Fatal("no splitAt in the walk")
	}
}
