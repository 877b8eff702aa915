package expression

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Issue 21 items 5 and 6: work that was quadratic (or never ended) is
// linear now, and the time budget holds in wall time with an error. The
// inputs are sized so the old code took tens of seconds; no timing is
// asserted here except the budget's own error.
func TestLinearStringWork(t *testing.T) {
	e := New(Options{})
	for _, tc := range []struct{ expr, want string }{
		{"={{ 'a,'.repeat(2e5).replaceAll(',', ';').length }}", "400000"},
		{"={{ 'a,'.repeat(2e5).replace(/,/g, ';').length }}", "400000"},
		{"={{ 'a'.repeat(2e5).match(/a/g).length }}", "200000"},
		{"={{ ('😀' + 'a'.repeat(2e5)).match(/a/g).length }}", "200000"},
		{"={{ Array.from({length: 200000}).reduce((acc) => acc + 'x', '').length }}", "200000"},
		{"={{ 'x😀y'.repeat(3).replaceAll('😀', '-') }}", "x-yx-yx-y"},
		{"={{ 'ab'.replaceAll('', '.') }}", ".a.b."},
		{"={{ JSON.stringify([1, 2].chunk(0.5)) }}", "[[],[1],[],[2]]"},
	} {
		v, err := e.Evaluate(context.Background(), tc.expr, simpleData(map[string]any{}))
		if err != nil || toString(v) != tc.want {
			t.Errorf("%s = %v, %v; want %s", tc.expr, v, err, tc.want)
		}
	}
}

func TestTimeBudgetIsAnError(t *testing.T) {
	e := New(Options{MaxDuration: 50 * time.Millisecond, MaxSteps: 1 << 40})
	start := time.Now()
	_, err := e.Evaluate(context.Background(), "={{ Array.from({length: 1e7}).map((x, i) => i * 2).length }}", simpleData(map[string]any{}))
	if err == nil || !strings.Contains(err.Error(), "time limit") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatalf("the budget did not stop the evaluation (%v)", time.Since(start))
	}
}

// Issue 21 item 2: a value that contains itself is reported as n8n's
// JSON conversion does, not a stack overflow.
func TestCyclicValues(t *testing.T) {
	e := New(Options{})
	_, err := e.Evaluate(context.Background(), "={{ JSON.stringify((o => (Object.assign(o, {self: o}), o))({})) }}", simpleData(map[string]any{}))
	if err != nil {
		t.Fatalf("JSON.stringify of a cycle: %v (n8n swallows the TypeError: undefined)", err)
	}
	v, err := e.Evaluate(context.Background(), "={{ (o => (Object.assign(o, {self: o}), o))({}) }}", simpleData(map[string]any{}))
	if err == nil {
		if _, _, err := RenderJSON(v); err == nil {
			t.Fatalf("a cyclic result rendered without error")
		}
	}
}

// Issue 21 item 15: Object.assign on $json must not change the item other
// nodes and $('X') see.
func TestObjectAssignDoesNotAliasItems(t *testing.T) {
	e := New(Options{})
	d := simpleData(map[string]any{"a": 1.0})
	v, err := e.Evaluate(context.Background(), "={{ Object.assign($json, {b: 2}).b }}", d)
	if err != nil || v != 2.0 {
		t.Fatalf("got %v %v", v, err)
	}
	if d.c.Items[0].JSON.Has("b") {
		t.Fatal("Object.assign changed the item")
	}
}
