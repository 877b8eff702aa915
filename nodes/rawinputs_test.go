package nodes

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
)

// threeItems outputs three items that all point at item 0 of its input,
// so that a node's inputs show whether the engine copied them (the copies
// point at their own position).
type threeItems struct{}

func (threeItems) Describe() engine.Description {
	return engine.Description{Type: "test.three", Versions: []float64{1}}
}

func (threeItems) Execute(context.Context, *engine.Exec) ([][]data.Item, error) {
	out := make([]data.Item, 3)
	for i := range out {
		out[i] = data.Item{JSON: data.ObjectOf("n", float64(i)), Paired: data.One(0)}
	}
	return [][]data.Item{out}, nil
}

// seeInputs runs a registered node under its own type and records the
// pairedItem of the first input's items as the engine handed them over.
type seeInputs struct {
	engine.Node
	got *[]int
}

func (s seeInputs) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	for _, it := range ex.Input(0) {
		*s.got = append(*s.got, it.Paired.List()[0].Item)
	}
	return s.Node.Execute(ctx, ex)
}

// TestPassThroughNodesTakeRawInputs: If, Filter, Switch, Merge and
// Aggregate get their input items as their source output them (no
// 40-byte copy per item, Description.RawInputs), and what they output
// still points at the inputs' own positions, as n8n's copies do.
func TestPassThroughNodesTakeRawInputs(t *testing.T) {
	cond := `{"conditions":{"options":{"caseSensitive":true,"leftValue":"","typeValidation":"strict","version":2},"conditions":[{"id":"c","leftValue":"={{ $json.n }}","rightValue":0,"operator":{"type":"number","operation":"gte"}}],"combinator":"and"},"options":{}}`
	for _, c := range []struct {
		typ, params string
		version     float64
		two         bool   // both inputs from the source
		want        string // the first output's pairedItem
	}{
		{"n8n-nodes-base.if", cond, 2.2, false, `[{"item":0},{"item":1},{"item":2}]`},
		{"n8n-nodes-base.filter", cond, 2.2, false, `[{"item":0},{"item":1},{"item":2}]`},
		{"n8n-nodes-base.switch", `{"rules":{"values":[` + cond + `]},"options":{}}`, 3.2, false, `[{"item":0},{"item":1},{"item":2}]`},
		{"n8n-nodes-base.merge", `{}`, 3.2, true, `[{"item":0},{"item":1},{"item":2},{"item":0,"input":1},{"item":1,"input":1},{"item":2,"input":1}]`},
		{"n8n-nodes-base.aggregate", `{"aggregate":"aggregateAllItemData","options":{}}`, 1, false, `[[{"item":0},{"item":1},{"item":2}]]`},
	} {
		t.Run(c.typ, func(t *testing.T) {
			var got []int
			nodes := []engine.Node{threeItems{}}
			for _, n := range All() {
				if n.Describe().Type == c.typ {
					n = seeInputs{Node: n, got: &got}
				}
				nodes = append(nodes, n)
			}
			second := ""
			if c.two {
				second = `,{"node":"Node","type":"main","index":1}`
			}
			wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
			 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
			 {"name":"Three","type":"test.three","typeVersion":1,"position":[200,0],"parameters":{}},
			 {"name":"Node","type":"` + c.typ + `","typeVersion":` + strconv.FormatFloat(c.version, 'f', -1, 64) + `,"position":[400,0],"parameters":` + c.params + `}],
			 "connections":{"Start":{"main":[[{"node":"Three","type":"main","index":0}]]},"Three":{"main":[[{"node":"Node","type":"main","index":0}` + second + `]]}}}`
			res := enginetest.Run(t, wf, enginetest.Options{Nodes: nodes, Expressions: expression.New(expression.Options{})})
			if want := []int{0, 0, 0}; !reflect.DeepEqual(got, want) {
				t.Errorf("inputs had pairedItem %v, want Three's %v: the engine copied them", got, want)
			}
			var paired []data.Paired
			for _, it := range res.Data.ResultData.RunData["Node"][0].Data.Main[0] {
				paired = append(paired, it.Paired)
			}
			if b, _ := marshalPaired(paired); b != c.want {
				t.Errorf("output pairedItem %s, want %s", b, c.want)
			}
		})
	}
}

func marshalPaired(ps []data.Paired) (string, error) {
	out := "["
	for i, p := range ps {
		b, err := p.MarshalJSON()
		if err != nil {
			return "", err
		}
		if i > 0 {
			out += ","
		}
		out += string(b)
	}
	return out + "]", nil
}
