package jsruntime

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/scope"
)

// fakeData is a scope.Data with input items only.
type fakeData struct{ items []data.Item }

func (f fakeData) ItemIndex() int          { return 0 }
func (f fakeData) RunIndex() int           { return 0 }
func (f fakeData) InputItems() []data.Item { return f.items }
func (f fakeData) NodeExists(string) bool  { return false }
func (f fakeData) NodeOutput(string, int, int) ([]data.Item, error) {
	return nil, &scope.Error{Message: "Referenced node doesn't exist"}
}
func (f fakeData) PairedItem(string, int) (data.Item, error) { return data.Item{}, nil }
func (f fakeData) IsExecuted(string) bool                    { return false }
func (f fakeData) NodeParameters(string) (*data.Object, bool) {
	return nil, false
}
func (f fakeData) Parameters() *data.Object           { return data.NewObject(0) }
func (f fakeData) PrevNode() (string, int, int, bool) { return "", 0, 0, false }
func (f fakeData) Workflow() scope.WorkflowInfo       { return scope.WorkflowInfo{Name: "wf"} }
func (f fakeData) Execution() scope.ExecutionInfo     { return scope.ExecutionInfo{} }
func (f fakeData) Vars() *data.Object                 { return nil }
func (f fakeData) Env() (map[string]string, bool)     { return nil, false }
func (f fakeData) Now() time.Time                     { return time.Unix(0, 0) }
func (f fakeData) Location() *time.Location           { return time.UTC }

func newRT(t testing.TB, ctx context.Context, opts Options, items ...data.Item) *Runtime {
	t.Helper()
	rt := New(ctx, opts)
	rt.Bind(fakeData{items}, items)
	return rt
}

func run(t *testing.T, rt *Runtime, code string) (any, error) {
	t.Helper()
	v, err := rt.RunBody("Code", code)
	if err != nil {
		return nil, err
	}
	return rt.FromJS(v)
}

func TestResults(t *testing.T) {
	items := []data.Item{{JSON: data.ObjectOf("b", 1.0, "a", "x")}}
	cases := []struct{ code, want string }{
		{`return {b: 1, a: 2, 10: 3, 2: 4}`, `{"2":4,"10":3,"b":1,"a":2}`},
		{`return $json`, `{"b":1,"a":"x"}`},
		{`return $input.all().map(i => i.json.a)`, `["x"]`},
		{`return await Promise.resolve([1, 2])`, `[1,2]`},
		{`await new Promise(r => setTimeout(r, 5)); return 'late'`, `"late"`},
		{`return {d: new Date(0), u: undefined, f: () => 1, n: null}`, `{"d":"1970-01-01T00:00:00.000Z","n":null}`},
		{`return $jmespath({a: [{b: 1}, {b: 2}]}, 'a[*].b')`, `[1,2]`},
		{`return $workflow.name`, `"wf"`},
		{`return 'ab'.repeat(2)`, `"abab"`},
	}
	for _, c := range cases {
		rt := newRT(t, context.Background(), Options{}, items...)
		got, err := run(t, rt, c.code)
		if err != nil {
			t.Errorf("%s: %v", c.code, err)
			continue
		}
		b, _ := data.MarshalValue(got)
		if string(b) != c.want {
			t.Errorf("%s = %s, want %s", c.code, b, c.want)
		}
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		code, name, msg string
		line            int
	}{
		{"const a = {};\nreturn a.b.c", "TypeError", "Cannot read properties of undefined (reading 'c')", 2},
		{"\n\nreturn nope", "ReferenceError", "nope is not defined", 3},
		{"const o = {};\n  o.nope(1)", "TypeError", "o.nope is not a function", 2},
		{"let f = 5; f()", "TypeError", "f is not a function", 1},
		{"const o = {a: {}};\no.a['x']()", "TypeError", "o.a['x'] is not a function", 2},
		{"throw new Error('boom')", "Error", "boom", 1},
		{"return require('fs')", "VMError", "Cannot find module 'fs'", 1},
		{"return $env.HOME", "ExpressionError", "access to env vars denied", 1},
		{"return [", "SyntaxError", "", 2},
	}
	for _, c := range cases {
		rt := newRT(t, context.Background(), Options{})
		_, err := run(t, rt, c.code)
		var se *ScriptError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v, want a ScriptError", c.code, err)
			continue
		}
		if se.Name != c.name || c.msg != "" && se.Message != c.msg || se.Line != c.line {
			t.Errorf("%q: got %s %q line %d, want %s %q line %d", c.code, se.Name, se.Message, se.Line, c.name, c.msg, c.line)
		}
	}
}

func TestRequireCryptoWhenAllowed(t *testing.T) {
	rt := newRT(t, context.Background(), Options{AllowBuiltin: []string{"crypto"}})
	got, err := run(t, rt, `return require('crypto').createHash('sha256').update('x').digest('hex')`)
	if err != nil || !strings.HasPrefix(got.(string), "2d711642") {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestLimits(t *testing.T) {
	t.Run("timeout", func(t *testing.T) {
		rt := newRT(t, context.Background(), Options{Timeout: 50 * time.Millisecond})
		_, err := run(t, rt, `while (true) {}`)
		var te *TimeoutError
		if !errors.As(err, &te) {
			t.Fatalf("err = %v, want a timeout", err)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		rt := newRT(t, ctx, Options{})
		time.AfterFunc(30*time.Millisecond, cancel)
		_, err := run(t, rt, `for (;;) {}`)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("memory", func(t *testing.T) {
		rt := newRT(t, context.Background(), Options{MaxHeapGrowth: 64 << 20})
		_, err := run(t, rt, `const a = []; for (;;) a.push({x: 'y'.repeat(100) + a.length})`)
		if !errors.Is(err, ErrMemory) {
			t.Fatalf("err = %v, want ErrMemory", err)
		}
	})
	t.Run("string", func(t *testing.T) {
		rt := newRT(t, context.Background(), Options{})
		_, err := run(t, rt, `return 'x'.repeat(2 ** 30)`)
		var se *ScriptError
		if !errors.As(err, &se) || se.Message != "Invalid string length" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("pending forever", func(t *testing.T) {
		rt := newRT(t, context.Background(), Options{})
		_, err := run(t, rt, `await new Promise(() => {})`)
		var te *TimeoutError
		if !errors.As(err, &te) {
			t.Fatalf("err = %v, want a timeout", err)
		}
	})
}

func TestLegacyContext(t *testing.T) {
	items := []data.Item{{JSON: data.ObjectOf("a", 1.0)}, {JSON: data.ObjectOf("a", 2.0)}}
	rt := newRT(t, context.Background(), Options{}, items...)
	got, err := run(t, rt, `const s = getWorkflowStaticData('global'); s.n = 1; return [$item(1).$json.a, getWorkflowStaticData('global').n, $getNodeParameter('x', 0, 'dflt')]`)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := data.MarshalValue(got)
	if string(b) != `[2,1,"dflt"]` {
		t.Fatalf("got %s", b)
	}
}
