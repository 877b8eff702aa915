package filter_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

// bothWays evaluates its "conditions" parameter for every item through
// EvalParam and through Prepared and records both outcomes.
type bothWays struct{ got *[]string }

func (bothWays) Describe() engine.Description {
	return engine.Description{Type: "test.bothWays", Versions: []float64{1}}
}

func (b bothWays) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	p := filter.Prepare(ex, "conditions")
	for i := range ex.Input(0) {
		for _, loose := range []bool{false, true} {
			ok1, err1 := filter.EvalParam(ex, "conditions", i, loose)
			ok2, err2 := p.Eval(ex, i, loose)
			*b.got = append(*b.got, fmt.Sprintf("%v %s | %v %s", ok1, describeErr(err1), ok2, describeErr(err2)))
		}
	}
	return [][]data.Item{ex.Input(0)}, nil
}

func describeErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	ne := engine.AsNodeError(err)
	return fmt.Sprintf("%s [%s] %v %d", ne.Message, ne.Description, ne.Context, ne.ItemIndex)
}

// TestPreparedMatchesEvalParam: Prepared resolves only the condition
// operands; every outcome, errors included, must be EvalParam's.
func TestPreparedMatchesEvalParam(t *testing.T) {
	cond := func(left, right, op string) string {
		return `{"id":"c","leftValue":` + left + `,"rightValue":` + right + `,"operator":` + op + `}`
	}
	num := `{"type":"number","operation":"gt"}`
	str := `{"type":"string","operation":"equals"}`
	filterOf := func(conds ...string) string {
		list := ""
		for i, c := range conds {
			if i > 0 {
				list += ","
			}
			list += c
		}
		return `{"options":{"caseSensitive":true,"leftValue":"","typeValidation":"strict","version":2},"conditions":[` + list + `],"combinator":"and"}`
	}
	for _, params := range []string{
		filterOf(cond(`"={{ $json.score }}"`, `50`, num)),
		filterOf(cond(`"={{ $json.score }}"`, `"={{ $json.limit }}"`, num), cond(`"={{ $json.name }}"`, `"user 7"`, str)),
		filterOf(cond(`"={{ $json.name }}"`, `50`, num)),                              // type error, strict
		filterOf(cond(`"={{ $json.nope.deeper }}"`, `50`, num)),                       // undefined operand
		filterOf(cond(`"={{ $json.score }}"`, `"={{ $('Nope').item.json.x }}"`, num)), // expression error
		filterOf(cond(`"={{ $json.score }}"`, `"={{ $json.nope.x.y }}"`, num)),
		filterOf(`"={{ 1 }}"`, cond(`"={{ $json.score }}"`, `50`, num)), // an expression that is not a condition
		filterOf(`7`, cond(`"={{ $json.score }}"`, `50`, num)),
		filterOf(cond(`"={{ $json.score }}"`, `50`, `{"type":"number","operation":"={{ 'lt' }}"}`)),
		filterOf(`{"id":"c","rightValue":50,"operator":` + num + `}`), // no leftValue
		filterOf(cond(`{"a":"={{ $json.score }}"}`, `50`, `{"type":"object","operation":"notEmpty","singleValue":true}`)),
		`{"options":{"caseSensitive":"={{ true }}"},"conditions":[` + cond(`"={{ $json.score }}"`, `50`, num) + `],"combinator":"or"}`,
		`{"options":{},"conditions":[],"combinator":"and"}`,
		`{"options":{},"conditions":"={{ [] }}","combinator":"and"}`,
		`"={{ $json.score > 50 }}"`,
	} {
		wf := `{"nodes":[{"name":"F","type":"test.bothWays","typeVersion":1,"position":[0,0],"parameters":{"conditions":` + params + `}}],
		 "connections":{},"settings":{"executionOrder":"v1"}}`
		w, err := workflow.Parse([]byte(wf), "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		eng := enginetest.Engine(t, enginetest.Options{Nodes: []engine.Node{bothWays{&got}}, Expressions: expression.New(expression.Options{})})
		items := []data.Item{
			{JSON: data.ObjectOf("score", 7.0, "limit", 5.0, "name", "user 7")},
			{JSON: data.ObjectOf("score", 70.0, "limit", 80.0, "name", "user 70")},
			{JSON: data.ObjectOf("score", "70", "name", 3.0)},
		}
		if _, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "F", StartItems: items}); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2*len(items) {
			t.Fatalf("%s: %d outcomes", params, len(got))
		}
		for _, g := range got {
			a, b, _ := strings.Cut(g, " | ")
			if a != b {
				t.Errorf("%s:\n EvalParam %s\n Prepared  %s", params, a, b)
			}
		}
	}
}
