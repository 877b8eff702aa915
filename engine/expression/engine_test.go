package expression

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestSplitTemplate(t *testing.T) {
	tests := []struct {
		in   string
		want []chunk
	}{
		{"", []chunk{{text: ""}}},
		{"abc", []chunk{{text: "abc"}}},
		{"{{ a }}", []chunk{{text: ""}, {code: true, text: " a ", pos: 2}}},
		{"x{{a}}y", []chunk{{text: "x"}, {code: true, text: "a", pos: 3}, {text: "y", pos: 6}}},
		{`\{{a}}`, []chunk{{text: `\{{a}}`}}},
		{`a\\{{b}}`, []chunk{{text: `a\`}, {code: true, text: "b", pos: 5}}},
		{"{{ a", []chunk{{text: ""}, {code: true, text: " a", pos: 2}}},
		{`{{ "\}}" }}`, []chunk{{text: ""}, {code: true, text: ` "}}" `, pos: 2}}},
	}
	for _, tt := range tests {
		got := splitTemplate(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitTemplate(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func simpleData(j map[string]any) *fakeData {
	return simpleObject(data.FromMap(j))
}

func simpleObject(j *data.Object) *fakeData {
	return &fakeData{c: testContext{Items: []data.Item{{JSON: j}}}}
}

func TestCompileErrorsHavePositions(t *testing.T) {
	e := New(Options{})
	_, err := e.Compile("=abc {{ $json.a + }}")
	var xe *Error
	if !errors.As(err, &xe) || xe.Message != "invalid syntax" || xe.Position < 7 {
		t.Fatalf("got %#v", err)
	}
	_, err = e.Compile("={{ 'a'.match(/(?<=a)b(?!/) }}")
	if !errors.As(err, &xe) {
		t.Fatalf("bad regex: got %v", err)
	}
}

func TestStepLimitAndContext(t *testing.T) {
	e := New(Options{MaxSteps: 1000})
	d := simpleData(map[string]any{})
	_, err := e.Evaluate(context.Background(), "={{ numberList(1, 100000).map(x => x).length }}", d)
	var xe *Error
	if !errors.As(err, &xe) || xe.Message != "Expression exceeded the step limit" {
		t.Fatalf("step limit: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e2 := New(Options{})
	_, err = e2.Evaluate(ctx, "={{ numberList(1, 100000).map(x => x).length }}", d)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: got %v", err)
	}
}

func TestIntegersFromItems(t *testing.T) {
	e := New(Options{})
	d := simpleData(map[string]any{"n": 3, "m": int64(4), "a": []any{1, 2}})
	got, err := e.Evaluate(context.Background(), "={{ $json.n + $json.m + $json.a[1] }}", d)
	if err != nil || got != 9.0 {
		t.Fatalf("got %#v, %v", got, err)
	}
}

func TestConcurrentEvaluation(t *testing.T) {
	e := New(Options{})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			d := simpleData(map[string]any{"n": float64(g), "list": []any{1.0, 2.0, 3.0}})
			for i := 0; i < 200; i++ {
				got, err := e.Evaluate(context.Background(), "={{ $json.list.map(x => x * $json.n).sum() }}", d)
				if err != nil || got != float64(6*g) {
					t.Errorf("g=%d: got %#v, %v", g, got, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestRenderJSON(t *testing.T) {
	for _, tt := range []struct {
		v    any
		want string
		ok   bool
	}{
		{data.Undefined, "", false},
		{data.ObjectOf("b", 1.0, "a", []any{"x"}), `{"b":1,"a":["x"]}`, true},
		{newDateTime(mustTime("2024-01-02T03:04:05Z"), nil), `"2024-01-02T03:04:05.000Z"`, true},
	} {
		b, ok, err := RenderJSON(tt.v)
		if err != nil || ok != tt.ok || string(b) != tt.want {
			t.Errorf("RenderJSON(%#v) = %s, %v, %v", tt.v, b, ok, err)
		}
	}
}

func BenchmarkJSONName(b *testing.B) {
	e := New(Options{})
	d := simpleData(map[string]any{"name": "Ada"})
	p, err := e.Compile("={{ $json.name }}")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Eval(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMedium(b *testing.B) {
	e := New(Options{})
	d := &fakeData{c: testContext{
		Items: []data.Item{{JSON: data.ObjectOf("status", "Done"), Paired: data.One(0)}},
		Nodes: []testNode{{Name: "Globals", Items: []data.Item{{JSON: data.ObjectOf("workspace_id", "ws1")}}}},
	}}
	p, err := e.Compile(`={{ ['Done', 'Obsolete'].includes($json.status) ? $('Globals').item.json.workspace_id : 'none' }}`)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		v, err := p.Eval(ctx, d)
		if err != nil || v != "ws1" {
			b.Fatal(v, err)
		}
	}
}

func BenchmarkCompileCached(b *testing.B) {
	e := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Compile("={{ $json.name }}"); err != nil {
			b.Fatal(err)
		}
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// BenchmarkBuildAndStringify is the pure data workflow's generator
// (testdata/bench/pure-data.sh) at 1,000 items: Array.from with an arrow
// function building objects, then JSON.stringify of the whole array.
func BenchmarkBuildAndStringify(b *testing.B) {
	e := New(Options{})
	d := simpleData(map[string]any{})
	p, err := e.Compile(`={{ JSON.stringify({items: Array.from({length: 1000}, (_, i) => ({id: i, name: 'user ' + i, email: 'user' + i + '@example.com', score: i % 100, tags: ['a', 'b']}))}) }}`)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Eval(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEnrich is the pure data workflow's Enrich node
// (testdata/bench/pure-data.sh) on one item: its three expressions, a
// string method, a split and index, and arithmetic on $json.
func BenchmarkEnrich(b *testing.B) {
	e := New(Options{})
	d := simpleObject(data.ObjectOf("id", 7.0, "name", "user 7", "email", "user7@example.com", "score", 7.0, "tags", []any{"a", "b"}))
	var progs []*Program
	for _, src := range []string{"={{ $json.name.toUpperCase() }}", "={{ $json.email.split('@')[1] }}", "={{ $json.score * 2 }}"} {
		p, err := e.Compile(src)
		if err != nil {
			b.Fatal(err)
		}
		progs = append(progs, p)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range progs {
			if _, err := p.Eval(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
