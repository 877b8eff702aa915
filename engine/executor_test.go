package engine_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/limit"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/stopanderror"
)

func coreNodes() []engine.Node {
	return []engine.Node{manualtrigger.New(), noop.New(), limit.New(), stopanderror.New()}
}

// A fan-out runs the higher child (smaller y) first and depth-first; a node
// fed by two parents on one input runs once per delivery.
func TestV1OrderAndDoubleFeed(t *testing.T) {
	wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Low","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,100],"parameters":{}},
	 {"name":"High","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,-100],"parameters":{}},
	 {"name":"HighChild","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,-100],"parameters":{}},
	 {"name":"Twice","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[600,0],"parameters":{}}],
	 "connections":{
	  "Start":{"main":[[{"node":"Low","type":"main","index":0},{"node":"High","type":"main","index":0}]]},
	  "High":{"main":[[{"node":"HighChild","type":"main","index":0}]]},
	  "HighChild":{"main":[[{"node":"Twice","type":"main","index":0}]]},
	  "Low":{"main":[[{"node":"Twice","type":"main","index":0}]]}}}`
	res := enginetest.Run(t, wf, enginetest.Options{Nodes: coreNodes()})
	want := []string{"Start", "High", "HighChild", "Twice", "Low", "Twice"}
	if got := enginetest.Order(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	runs := res.Data.ResultData.RunData["Twice"]
	if len(runs) != 2 || runs[1].Source[0].PreviousNode != "Low" {
		t.Fatalf("Twice runs: %+v", runs)
	}
	if res.Status != "success" || !res.Finished || res.Data.ResultData.LastNodeExecuted != "Twice" {
		t.Fatalf("status %s finished %v last %s", res.Status, res.Finished, res.Data.ResultData.LastNodeExecuted)
	}
}

func TestStopAndErrorStopsTheRun(t *testing.T) {
	wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Fail","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[200,0],"parameters":{"errorMessage":"boom"}},
	 {"name":"After","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,200],"parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"Fail","type":"main","index":0},{"node":"After","type":"main","index":0}]]}}}`
	res := enginetest.Run(t, wf, enginetest.Options{Nodes: coreNodes()})
	if res.Status != "error" || res.Data.ResultData.Error.Message != "boom" || res.Data.ResultData.LastNodeExecuted != "Fail" {
		t.Fatalf("status %s error %+v", res.Status, res.Data.ResultData.Error)
	}
	if _, ran := res.Data.ResultData.RunData["After"]; ran {
		t.Fatal("After ran after the error")
	}
	if got := res.Data.ResultData.RunData["Fail"][0]; got.ExecutionStatus != "error" || got.Data != nil {
		t.Fatalf("failed task: %+v", got)
	}
}

func TestContinueRegularOutputPassesInputThrough(t *testing.T) {
	wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Fail","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[200,0],"onError":"continueRegularOutput","parameters":{"errorMessage":"boom"}},
	 {"name":"After","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,0],"parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"Fail","type":"main","index":0}]]},"Fail":{"main":[[{"node":"After","type":"main","index":0}]]}}}`
	res := enginetest.Run(t, wf, enginetest.Options{Nodes: coreNodes()})
	if res.Status != "success" {
		t.Fatalf("status %s", res.Status)
	}
	if got := enginetest.Order(res); !reflect.DeepEqual(got, []string{"Start", "Fail", "After"}) {
		t.Fatalf("order %v", got)
	}
	if f := res.Data.ResultData.RunData["Fail"][0]; f.ExecutionStatus != "error" || len(f.Data.Main[0]) != 1 {
		t.Fatalf("Fail task %+v", f)
	}
}

// blockNode waits until the run is canceled, like a slow API call would.
type blockNode struct{ started chan struct{} }

func (blockNode) Describe() engine.Description {
	return engine.Description{Type: "test.block", Versions: []float64{1}}
}

func (b blockNode) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	close(b.started)
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestCancelEndsTheRunAsCanceled(t *testing.T) {
	wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Slow","type":"test.block","typeVersion":1,"position":[200,0],"parameters":{}},
	 {"name":"After","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,0],"parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"Slow","type":"main","index":0}]]},"Slow":{"main":[[{"node":"After","type":"main","index":0}]]}}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		t.Fatal(err)
	}
	b := blockNode{started: make(chan struct{})}
	e := enginetest.Engine(t, enginetest.Options{Nodes: append(coreNodes(), b)})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-b.started; cancel() }()
	res, err := e.Run(ctx, w, engine.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "canceled" || res.Finished {
		t.Fatalf("status %q finished %v, want canceled", res.Status, res.Finished)
	}
	if _, ran := res.Data.ResultData.RunData["After"]; ran {
		t.Fatal("a node ran after the cancel")
	}
}

// threeNode outputs three items that all come from its first input item.
type threeNode struct{}

func (threeNode) Describe() engine.Description {
	return engine.Description{Type: "test.three", Versions: []float64{1}}
}

func (threeNode) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	out := make([]data.Item, 3)
	for i := range out {
		out[i] = data.Item{JSON: data.ObjectOf("n", float64(i)), Paired: data.One(0)}
	}
	return [][]data.Item{out}, nil
}

// newItemsFailNode makes new items (so it gets its inputs without the
// pairedItem copies), records the pairedItem of the inputs it got, and
// fails.
type newItemsFailNode struct{ got *[]int }

func (newItemsFailNode) Describe() engine.Description {
	return engine.Description{Type: "test.newItemsFail", Versions: []float64{1}, NewItems: true}
}

func (n newItemsFailNode) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	for _, it := range ex.Input(0) {
		*n.got = append(*n.got, it.Paired.List()[0].Item)
	}
	return nil, engine.OperationError(-1, "boom")
}

// TestContinueAfterErrorPointsInputsAtThemselves: a node that makes new
// items gets its inputs as their source output them (no copies); when it
// fails and passes them on, they point at their own position, as n8n's
// copies do.
func TestContinueAfterErrorPointsInputsAtThemselves(t *testing.T) {
	wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Three","type":"test.three","typeVersion":1,"position":[200,0],"parameters":{}},
	 {"name":"Fail","type":"test.newItemsFail","typeVersion":1,"position":[400,0],"onError":"continueRegularOutput","parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"Three","type":"main","index":0}]]},"Three":{"main":[[{"node":"Fail","type":"main","index":0}]]}}}`
	var got []int
	res := enginetest.Run(t, wf, enginetest.Options{Nodes: append(coreNodes(), threeNode{}, newItemsFailNode{got: &got})})
	// The node got Three's items themselves, not copies (their pairedItem
	// is still Three's).
	if want := []int{0, 0, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("the node's inputs have pairedItem %v, want %v: they were copied", got, want)
	}
	f := res.Data.ResultData.RunData["Fail"][0]
	if f.ExecutionStatus != "error" || f.Data == nil || len(f.Data.Main[0]) != 3 {
		t.Fatalf("Fail task %+v", f)
	}
	for i, it := range f.Data.Main[0] {
		if ps := it.Paired.List(); len(ps) != 1 || ps[0].Item != i {
			t.Errorf("item %d: pairedItem %+v, want {item: %d}", i, ps, i)
		}
	}
	// The source's run data keeps its own pairedItem.
	for i, it := range res.Data.ResultData.RunData["Three"][0].Data.Main[0] {
		if ps := it.Paired.List(); len(ps) != 1 || ps[0].Item != 0 {
			t.Errorf("Three's item %d: pairedItem %+v, want {item: 0}", i, ps)
		}
	}
}

// probeNode records Exec.OutputMayChange for each node run and passes
// its input on; with newItems it declares NewItems, as Set does.
type probeNode struct {
	typ      string
	newItems bool
	seen     map[string]bool
}

func (p probeNode) Describe() engine.Description {
	return engine.Description{Type: p.typ, Versions: []float64{1}, NewItems: p.newItems}
}

func (p probeNode) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	p.seen[ex.Name()] = ex.OutputMayChange()
	return [][]data.Item{ex.Input(0)}, nil
}

// changerNode changes its input objects in place (ChangesInputs), as
// Compare Datasets' mix does.
type changerNode struct{}

func (changerNode) Describe() engine.Description {
	return engine.Description{Type: "test.changer", Versions: []float64{1},
		ChangesInputs: func(engine.Params, float64) bool { return true }}
}

func (changerNode) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{ex.Input(0)}, nil
}

// TestOutputMayChange: the outputs of the nodes whose objects can reach a
// node that changes its inputs may change (through nodes that pass objects
// on, up to and including one that makes new items); no other's may.
func TestOutputMayChange(t *testing.T) {
	wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Before new","type":"test.probe","typeVersion":1,"position":[200,0],"parameters":{}},
	 {"name":"New","type":"test.probeNew","typeVersion":1,"position":[400,0],"parameters":{}},
	 {"name":"Pass","type":"test.probe","typeVersion":1,"position":[600,0],"parameters":{}},
	 {"name":"Change","type":"test.changer","typeVersion":1,"position":[800,0],"parameters":{}},
	 {"name":"After","type":"test.probe","typeVersion":1,"position":[1000,0],"parameters":{}},
	 {"name":"Elsewhere","type":"test.probe","typeVersion":1,"position":[200,200],"parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"Before new","type":"main","index":0},{"node":"Elsewhere","type":"main","index":0}]]},
	  "Before new":{"main":[[{"node":"New","type":"main","index":0}]]},"New":{"main":[[{"node":"Pass","type":"main","index":0}]]},
	  "Pass":{"main":[[{"node":"Change","type":"main","index":0}]]},"Change":{"main":[[{"node":"After","type":"main","index":0}]]}}}`
	seen := map[string]bool{}
	nodes := append(coreNodes(), changerNode{},
		probeNode{typ: "test.probe", seen: seen}, probeNode{typ: "test.probeNew", newItems: true, seen: seen})
	enginetest.Run(t, wf, enginetest.Options{Nodes: nodes})
	want := map[string]bool{"Before new": false, "New": true, "Pass": true, "After": false, "Elsewhere": false}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("OutputMayChange by node = %v, want %v", seen, want)
	}
}

// rawPassNode declares RawInputs: it records the pairedItem of the inputs
// it got, passes every second one on through Exec.Own, and checks that
// OwnList hands out the run's shared entries.
type rawPassNode struct {
	got    *[]int
	shared *bool
}

func (rawPassNode) Describe() engine.Description {
	return engine.Description{Type: "test.rawPass", Versions: []float64{1}, RawInputs: true}
}

func (n rawPassNode) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	in := ex.Input(0)
	var out []data.Item
	for i, it := range in {
		*n.got = append(*n.got, it.Paired.List()[0].Item)
		if i%2 == 0 {
			out = append(out, ex.Own(0, i))
		}
	}
	a, b := ex.OwnList(len(in)), ex.OwnList(len(in))
	*n.shared = len(a) == len(in) && &a[0] == &b[0] && a[len(a)-1].Item == len(in)-1
	return [][]data.Item{out}, nil
}

// TestRawInputsPassOnThroughOwn: a RawInputs node gets its inputs as their
// source output them (no copies), and the items it passes on through Own
// point at their own input position, as n8n's copies do.
func TestRawInputsPassOnThroughOwn(t *testing.T) {
	wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Three","type":"test.three","typeVersion":1,"position":[200,0],"parameters":{}},
	 {"name":"Pass","type":"test.rawPass","typeVersion":1,"position":[400,0],"parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"Three","type":"main","index":0}]]},"Three":{"main":[[{"node":"Pass","type":"main","index":0}]]}}}`
	var got []int
	var shared bool
	res := enginetest.Run(t, wf, enginetest.Options{Nodes: append(coreNodes(), threeNode{}, rawPassNode{got: &got, shared: &shared})})
	if want := []int{0, 0, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("the node's inputs have pairedItem %v, want %v (Three's): they were copied", got, want)
	}
	if !shared {
		t.Errorf("OwnList did not hand out the run's shared {item: i} entries")
	}
	out := res.Data.ResultData.RunData["Pass"][0].Data.Main[0]
	var paired []int
	for _, it := range out {
		paired = append(paired, it.Paired.List()[0].Item)
	}
	if want := []int{0, 2}; !reflect.DeepEqual(paired, want) {
		t.Errorf("passed items have pairedItem %v, want %v", paired, want)
	}
}
