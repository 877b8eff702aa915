package engine_test

// Execution-order and pairedItem scenarios, restated in our own words after
// the v1/legacy engine tests in n8n's packages/core/test/helpers/constants.ts
// and checked against the recordings in testdata/oracle. They use small
// test-only node types (below) so the engine is exercised without depending
// on the real If/Merge/Set nodes.

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/limit"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

// testNode is a node type defined by functions, for engine tests.
type testNode struct {
	desc engine.Description
	exec func(ex *engine.Exec) ([][]data.Item, error)
}

func (n testNode) Describe() engine.Description { return n.desc }
func (n testNode) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return n.exec(ex)
}

func numParam(p engine.Params, name string, def int) int {
	if f, ok := p.Value(name).(float64); ok {
		return int(f)
	}
	return def
}

// orderNodes are the node types of the scenarios:
//
//	test.emit    emits the objects of parameter "items" as new items (no pairedItem set)
//	test.fork    two outputs: items whose json[field] equals "equals" go to output 0, others to 1
//	test.append  "inputs" inputs (default 2), appends them; needs 1 input with data (Merge append)
//	test.both    like test.append but every input is required (Merge chooseBranch)
//	test.find    for each item, resolves $('<node>').item and emits {found: json} or {error: message}
func orderNodes() []engine.Node {
	inputs := func(p engine.Params, _ float64) int { return numParam(p, "inputs", 2) }
	appendAll := func(ex *engine.Exec) ([][]data.Item, error) {
		out := []data.Item{}
		for _, in := range ex.Inputs() {
			out = append(out, in...)
		}
		return [][]data.Item{out}, nil
	}
	return []engine.Node{
		manualtrigger.New(), noop.New(), limit.New(),
		testNode{
			desc: engine.Description{Type: "test.emit", Versions: []float64{1}},
			exec: func(ex *engine.Exec) ([][]data.Item, error) {
				list, _ := ex.Params().Value("items").([]any)
				out := make([]data.Item, 0, len(list))
				for _, v := range list {
					m, _ := v.(*data.Object)
					out = append(out, data.Item{JSON: m})
				}
				return [][]data.Item{out}, nil
			},
		},
		testNode{
			desc: engine.Description{Type: "test.fork", Versions: []float64{1},
				Outputs: func(engine.Params, float64) int { return 2 }},
			exec: func(ex *engine.Exec) ([][]data.Item, error) {
				field, _ := ex.Params().Value("field").(string)
				yes, no := []data.Item{}, []data.Item{}
				for _, it := range ex.Input(0) {
					if jsvalue.Equal(it.JSON.Value(field), ex.Params().Value("equals")) {
						yes = append(yes, it)
					} else {
						no = append(no, it)
					}
				}
				return [][]data.Item{yes, no}, nil
			},
		},
		testNode{
			desc: engine.Description{Type: "test.append", Versions: []float64{1}, Inputs: inputs,
				RequiredInputs: func(engine.Params, float64) (int, []int) { return 1, nil }},
			exec: appendAll,
		},
		testNode{
			desc: engine.Description{Type: "test.both", Versions: []float64{1}, Inputs: inputs,
				RequiredInputs: func(p engine.Params, v float64) (int, []int) { return inputs(p, v), nil }},
			exec: appendAll,
		},
		testNode{
			desc: engine.Description{Type: "test.find", Versions: []float64{1}},
			exec: func(ex *engine.Exec) ([][]data.Item, error) {
				target, _ := ex.Params().Value("node").(string)
				in := ex.Input(0)
				out := make([]data.Item, len(in))
				for i := range in {
					it, err := ex.ExpressionData(i).PairedItem(target, i)
					j := data.ObjectOf("found", it.JSON)
					if err != nil {
						j = data.ObjectOf("error", err.Error())
					}
					out[i] = data.Item{JSON: j, Paired: data.One(i)}
				}
				return [][]data.Item{out}, nil
			},
		},
	}
}

// flow builds workflow JSON from compact node and edge lists.
type flow struct {
	v1    bool
	nodes []string // `Name|type|x|y|{params}`; type without the n8n-nodes-base. prefix for core nodes
	edges []string // `From[:output] -> To[:input]`
}

func (f flow) json(t testing.TB) string {
	t.Helper()
	var nodes []map[string]any
	for _, spec := range f.nodes {
		parts := strings.SplitN(spec, "|", 5)
		if len(parts) < 4 {
			t.Fatalf("bad node spec %q", spec)
		}
		typ := parts[1]
		if !strings.HasPrefix(typ, "test.") {
			typ = "n8n-nodes-base." + typ
		}
		params := map[string]any{}
		if len(parts) == 5 && parts[4] != "" {
			if err := json.Unmarshal([]byte(parts[4]), &params); err != nil {
				t.Fatalf("params of %q: %v", spec, err)
			}
		}
		var x, y float64
		fmt.Sscan(parts[2], &x)
		fmt.Sscan(parts[3], &y)
		nodes = append(nodes, map[string]any{"name": parts[0], "type": typ, "typeVersion": 1,
			"position": []float64{x, y}, "parameters": params})
	}
	conns := map[string]map[string][][]map[string]any{}
	for _, e := range f.edges {
		from, to, ok := strings.Cut(e, " -> ")
		if !ok {
			t.Fatalf("bad edge %q", e)
		}
		src, out := splitIndex(from)
		dst, in := splitIndex(to)
		if conns[src] == nil {
			conns[src] = map[string][][]map[string]any{"main": {}}
		}
		m := conns[src]["main"]
		for len(m) <= out {
			m = append(m, []map[string]any{})
		}
		m[out] = append(m[out], map[string]any{"node": dst, "type": "main", "index": in})
		conns[src]["main"] = m
	}
	settings := map[string]any{}
	if f.v1 {
		settings["executionOrder"] = "v1"
	}
	b, err := json.Marshal(map[string]any{"name": "order", "nodes": nodes, "connections": conns, "settings": settings})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func splitIndex(s string) (string, int) {
	name, idx, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return name, 0
	}
	var n int
	fmt.Sscan(idx, &n)
	return name, n
}

// itemsOf renders one output of one run as "json@pairedItem" strings.
func itemsOf(t *testing.T, res *engine.Result, node string, run, output int) []string {
	t.Helper()
	out := []string{}
	for _, it := range enginetest.Output(res, node, run, output) {
		b, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		s := string(m["json"])
		if p, ok := m["pairedItem"]; ok {
			var v any // re-encoded for a stable key order
			if err := json.Unmarshal(p, &v); err != nil {
				t.Fatal(err)
			}
			pb, _ := json.Marshal(v)
			s += "@" + string(pb)
		}
		out = append(out, s)
	}
	return out
}

// sourcesOf renders a run's source list as "Node[:output][#run]" or "null".
func sourcesOf(res *engine.Result, node string, run int) []string {
	runs := res.Data.ResultData.RunData[node]
	if run >= len(runs) {
		return nil
	}
	out := []string{}
	for _, s := range runs[run].Source {
		if s == nil {
			out = append(out, "null")
			continue
		}
		v := s.PreviousNode
		if s.PreviousNodeOutput != 0 {
			v += fmt.Sprintf(":%d", s.PreviousNodeOutput)
		}
		if s.PreviousNodeRun != 0 {
			v += fmt.Sprintf("#%d", s.PreviousNodeRun)
		}
		out = append(out, v)
	}
	return out
}

type expectRun struct {
	node    string
	run     int
	output  int
	items   []string // nil: not checked
	sources []string // nil: not checked
}

func checkRuns(t *testing.T, res *engine.Result, wantOrder []string, runs []expectRun) {
	t.Helper()
	if res.Status != "success" {
		t.Errorf("status %q, error %+v", res.Status, res.Data.ResultData.Error)
	}
	if got := enginetest.Order(res); !reflect.DeepEqual(got, wantOrder) {
		t.Errorf("order:\n got  %v\n want %v", got, wantOrder)
	}
	for _, r := range runs {
		if r.items != nil {
			if got := itemsOf(t, res, r.node, r.run, r.output); !reflect.DeepEqual(got, r.items) {
				t.Errorf("%s run %d output %d:\n got  %v\n want %v", r.node, r.run, r.output, got, r.items)
			}
		}
		if r.sources != nil {
			if got := sourcesOf(res, r.node, r.run); !reflect.DeepEqual(got, r.sources) {
				t.Errorf("%s run %d source: got %v, want %v", r.node, r.run, got, r.sources)
			}
		}
	}
}

func runFlow(t *testing.T, f flow) *engine.Result {
	t.Helper()
	return enginetest.Run(t, f.json(t), enginetest.Options{Nodes: orderNodes()})
}

// A node connected twice to the same input runs once per delivery. In v1 the
// higher parent's branch goes first, depth-first; in v0 deliveries queue in
// connection order, breadth-first.
func TestOrderNodeFedTwiceOnOneInput(t *testing.T) {
	f := flow{nodes: []string{
		"Start|manualTrigger|0|300", "Set1|test.emit|250|200|" + `{"items":[{"v":1}]}`,
		"Set2|noOp|500|400", "After|noOp|750|400",
	}, edges: []string{"Start -> Set1", "Start -> Set2", "Set1 -> Set2", "Set2 -> After"}}

	f.v1 = true
	checkRuns(t, runFlow(t, f), []string{"Start", "Set1", "Set2", "After", "Set2", "After"}, []expectRun{
		{node: "Set2", run: 0, items: []string{`{"v":1}@{"item":0}`}, sources: []string{"Set1"}},
		{node: "Set2", run: 1, items: []string{`{}@{"item":0}`}, sources: []string{"Start"}},
		{node: "After", run: 1, items: []string{`{}@{"item":0}`}, sources: []string{"Set2#1"}},
	})

	f.v1 = false
	checkRuns(t, runFlow(t, f), []string{"Start", "Set1", "Set2", "Set2", "After", "After"}, []expectRun{
		{node: "Set2", run: 0, sources: []string{"Start"}},
		{node: "Set2", run: 1, sources: []string{"Set1"}},
		{node: "After", run: 0, sources: []string{"Set2"}},
		{node: "After", run: 1, sources: []string{"Set2#1"}},
	})
}

// forkFlow: three items forked on "hi"; the false branch (output 1) sits
// higher on the canvas than the true branch; both join an Append.
func forkFlow(v1 bool) flow {
	return flow{v1: v1, nodes: []string{
		"Start|manualTrigger|0|300",
		"Emit|test.emit|200|300|" + `{"items":[{"n":1,"hi":false},{"n":2,"hi":true},{"n":3,"hi":false}]}`,
		"Fork|test.fork|400|300|" + `{"field":"hi","equals":true}`,
		"True Low|noOp|600|450", "False High|noOp|600|150",
		"Append|test.append|800|300", "After|noOp|1000|300",
		"Find|test.find|1200|300|" + `{"node":"Emit"}`,
	}, edges: []string{
		"Start -> Emit", "Emit -> Fork", "Fork:0 -> True Low", "Fork:1 -> False High",
		"True Low -> Append:0", "False High -> Append:1", "Append -> After", "After -> Find",
	}}
}

// In v1 the higher branch runs first whatever its output index; v0 follows
// the output order. Either way Append lists input 0 first and marks input 1
// items with input:1, and $('Emit').item follows those links back.
func TestOrderForkHigherBranchFirst(t *testing.T) {
	shared := []expectRun{
		{node: "Fork", output: 0, items: []string{`{"hi":true,"n":2}@{"item":1}`}},
		{node: "Fork", output: 1, items: []string{`{"hi":false,"n":1}@{"item":0}`, `{"hi":false,"n":3}@{"item":2}`}},
		{node: "False High", items: []string{`{"hi":false,"n":1}@{"item":0}`, `{"hi":false,"n":3}@{"item":1}`},
			sources: []string{"Fork:1"}},
		{node: "Append", items: []string{`{"hi":true,"n":2}@{"item":0}`,
			`{"hi":false,"n":1}@{"input":1,"item":0}`, `{"hi":false,"n":3}@{"input":1,"item":1}`},
			sources: []string{"True Low", "False High"}},
		{node: "After", items: []string{`{"hi":true,"n":2}@{"item":0}`, `{"hi":false,"n":1}@{"item":1}`,
			`{"hi":false,"n":3}@{"item":2}`}},
		{node: "Find", items: []string{`{"found":{"hi":true,"n":2}}@{"item":0}`,
			`{"found":{"hi":false,"n":1}}@{"item":1}`, `{"found":{"hi":false,"n":3}}@{"item":2}`}},
	}
	t.Run("v1", func(t *testing.T) {
		checkRuns(t, runFlow(t, forkFlow(true)),
			[]string{"Start", "Emit", "Fork", "False High", "True Low", "Append", "After", "Find"}, shared)
	})
	t.Run("v0", func(t *testing.T) {
		checkRuns(t, runFlow(t, forkFlow(false)),
			[]string{"Start", "Emit", "Fork", "True Low", "False High", "Append", "After", "Find"}, shared)
	})
}

// deadFlow: every item goes to the fork's false output, so the Append's
// input 0 never gets data; a lower sibling branch is still pending.
func deadFlow(joinType string) flow {
	return flow{v1: true, nodes: []string{
		"Start|manualTrigger|180|240",
		"Set|test.emit|400|240|" + `{"items":[{"test":"a"}]}`,
		"IF|test.fork|620|240|" + `{"field":"test","equals":"b"}`,
		"NoOp|noOp|860|160", "NoOp1|noOp|860|300",
		"Merge|" + joinType + "|1140|220", "Sibling|noOp|400|1000",
	}, edges: []string{
		"Start -> Set", "Start -> Sibling", "Set -> IF", "IF:0 -> NoOp", "IF:1 -> NoOp1",
		"NoOp -> Merge:0", "NoOp1 -> Merge:1",
	}}
}

// v1: a multi-input node whose other input never gets data runs last, once
// the stack is empty, with [] for the missing input (null in its source)
// when it needs only one input; when it needs all, it never runs.
func TestOrderDeadBranchIntoMerge(t *testing.T) {
	t.Run("one input required", func(t *testing.T) {
		res := runFlow(t, deadFlow("test.append"))
		checkRuns(t, res, []string{"Start", "Set", "IF", "NoOp1", "Sibling", "Merge"}, []expectRun{
			{node: "Merge", items: []string{`{"test":"a"}@{"input":1,"item":0}`}, sources: []string{"null", "NoOp1"}},
		})
		if _, ran := res.Data.ResultData.RunData["NoOp"]; ran {
			t.Error("NoOp ran on an empty output")
		}
		if last := res.Data.ResultData.LastNodeExecuted; last != "Merge" {
			t.Errorf("lastNodeExecuted %q, want Merge", last)
		}
	})
	t.Run("all inputs required", func(t *testing.T) {
		res := runFlow(t, deadFlow("test.both"))
		checkRuns(t, res, []string{"Start", "Set", "IF", "NoOp1", "Sibling"}, nil)
		if _, ran := res.Data.ResultData.RunData["Merge"]; ran {
			t.Error("a node needing every input ran without one")
		}
	})
}

// v0 delivers an empty output when the connection goes to an input above 0,
// so the join sees the dead branch as a source with no items (recorded in
// testdata/oracle/fanout-merge-v0).
func TestOrderV0EmptyOutputToSecondInput(t *testing.T) {
	f := flow{nodes: []string{
		"Start|manualTrigger|0|300", "Top|noOp|250|100", "Dead|limit|250|500|" + `{"maxItems":0}`,
		"After Dead|noOp|500|500", "Merge|test.append|600|300",
	}, edges: []string{"Start -> Top", "Start -> Dead", "Top -> Merge:0", "Dead -> Merge:1", "Dead -> After Dead"}}
	res := runFlow(t, f)
	checkRuns(t, res, []string{"Start", "Top", "Dead", "Merge"}, []expectRun{
		{node: "Dead", items: []string{}},
		{node: "Merge", items: []string{`{}@{"item":0}`}, sources: []string{"Top", "Dead"}},
	})
}

// Limit keeps the original item indexes in pairedItem, and a node that runs
// twice resolves each run through its own source run.
func TestPairedItemsThroughLimitAndReruns(t *testing.T) {
	f := flow{v1: true, nodes: []string{
		"Start|manualTrigger|0|300",
		"Emit|test.emit|200|300|" + `{"items":[{"n":1},{"n":2},{"n":3},{"n":4},{"n":5}]}`,
		"Last Two|limit|400|100|" + `{"maxItems":2,"keep":"lastItems"}`,
		"Twice|noOp|600|300", "Find|test.find|800|300|" + `{"node":"Emit"}`,
	}, edges: []string{"Start -> Emit", "Emit -> Last Two", "Emit -> Twice", "Last Two -> Twice", "Twice -> Find"}}
	found := func(ns ...int) []string {
		var out []string
		for i, n := range ns {
			out = append(out, fmt.Sprintf(`{"found":{"n":%d}}@{"item":%d}`, n, i))
		}
		return out
	}
	checkRuns(t, runFlow(t, f), []string{"Start", "Emit", "Last Two", "Twice", "Find", "Twice", "Find"}, []expectRun{
		{node: "Emit", items: []string{`{"n":1}@{"item":0}`, `{"n":2}@{"item":0}`, `{"n":3}@{"item":0}`,
			`{"n":4}@{"item":0}`, `{"n":5}@{"item":0}`}},
		{node: "Last Two", items: []string{`{"n":4}@{"item":3}`, `{"n":5}@{"item":4}`}},
		{node: "Find", run: 0, items: found(4, 5), sources: []string{"Twice"}},
		{node: "Find", run: 1, items: found(1, 2, 3, 4, 5), sources: []string{"Twice#1"}},
	})
}

// The error texts of $('X').item when the link back cannot be followed.
func TestPairedItemErrors(t *testing.T) {
	f := flow{v1: true, nodes: []string{
		"Start|manualTrigger|0|300",
		"Emit|test.emit|200|300|" + `{"items":[{"n":1},{"n":2}]}`,
		// Fresh makes three new items from two: no pairedItem can be inferred.
		"Fresh|test.emit|400|300|" + `{"items":[{"m":1},{"m":2},{"m":3}]}`,
		"Through Fresh|test.find|600|200|" + `{"node":"Emit"}`,
		"Elsewhere|noOp|200|600",
		"No Path|test.find|600|400|" + `{"node":"Elsewhere"}`,
	}, edges: []string{"Start -> Emit", "Emit -> Fresh", "Fresh -> Through Fresh", "Fresh -> No Path", "Start -> Elsewhere"}}
	res := runFlow(t, f)
	missing := `{"error":"Paired item data for item from node 'Fresh' is unavailable. Ensure 'Fresh' is providing the required output."}`
	checkRuns(t, res, []string{"Start", "Emit", "Fresh", "Through Fresh", "No Path", "Elsewhere"}, []expectRun{
		{node: "Fresh", items: []string{`{"m":1}`, `{"m":2}`, `{"m":3}`}},
		{node: "Through Fresh", items: []string{missing + `@{"item":0}`, missing + `@{"item":1}`, missing + `@{"item":2}`}},
		{node: "No Path", items: []string{`{"error":"Invalid expression"}@{"item":0}`,
			`{"error":"Invalid expression"}@{"item":1}`, `{"error":"Invalid expression"}@{"item":2}`}},
	})
}
