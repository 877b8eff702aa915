package engine_test

import (
	"reflect"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
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
