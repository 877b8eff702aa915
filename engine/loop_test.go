package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes"
)

// TestEndlessLoopStops: a cycle that never ends stops at the node-run
// limit with an error instead of running until memory runs out.
func TestEndlessLoopStops(t *testing.T) {
	const wf = `{"name":"forever","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"A","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}},
	 {"name":"B","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,0],"parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"A","type":"main","index":0}]]},
	  "A":{"main":[[{"node":"B","type":"main","index":0}]]},"B":{"main":[[{"node":"A","type":"main","index":0}]]}}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := nodes.Registry()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg, MaxNodeRuns: 500})
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Run(context.Background(), w, engine.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "error" || !strings.Contains(res.Data.ResultData.Error.Message, "500 node runs") {
		t.Fatalf("status %s, error %+v", res.Status, res.Data.ResultData.Error)
	}
	if n := len(res.Order); n != 500 {
		t.Errorf("%d node runs, want 500", n)
	}
}

// TestResumeURL: $execution.resumeUrl and resumeFormUrl are n8n's URLs to
// resume the execution, under the webhook base URL.
func TestResumeURL(t *testing.T) {
	const wf = `{"name":"r","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Set","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"assignments":{"assignments":[
	  {"id":"a","name":"u","value":"={{ $execution.resumeUrl }} {{ $execution.resumeFormUrl }}","type":"string"}]},"options":{}}}],
	 "connections":{"Start":{"main":[[{"node":"Set","type":"main","index":0}]]}}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := nodes.Registry()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg, Expressions: expression.New(expression.Options{}), WebhookBaseURL: "https://n8n.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Run(context.Background(), w, engine.RunOptions{ExecutionID: "42"})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Data.ResultData.RunData["Set"][0].Data.Main[0][0].JSON.Value("u")
	if want := "https://n8n.example.com/webhook-waiting/42 https://n8n.example.com/form-waiting/42"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestStartNodeSkipsCalledTriggers: as n8n execute, a run from the CLI
// starts at a Manual Trigger before an Error or Execute Workflow Trigger
// (those start runs other workflows make), and at those when alone.
func TestStartNodeSkipsCalledTriggers(t *testing.T) {
	reg, err := nodes.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ nodes, want string }{
		{`{"name":"E","type":"n8n-nodes-base.errorTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
		  {"name":"M","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}}`, "M"},
		{`{"name":"X","type":"n8n-nodes-base.executeWorkflowTrigger","typeVersion":1.1,"position":[0,0],"parameters":{}}`, "X"},
	} {
		w, err := workflow.Parse([]byte(`{"name":"s","nodes":[`+c.nodes+`],"connections":{}}`), "")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := engine.StartNode(w, reg); err != nil || got != c.want {
			t.Errorf("StartNode = %q, %v; want %q", got, err, c.want)
		}
	}
}
