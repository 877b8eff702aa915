package engine_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes"
)

// BenchmarkParkAndResume: a run of 200 items parked at a long Wait, its
// document written, read back with ParseResult and resumed (what `serve`
// does for each parked execution).
func BenchmarkParkAndResume(b *testing.B) {
	const wf = `{"name":"p","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Make","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],"parameters":{"jsCode":"return Array.from({length: 200}, (_, i) => ({json: {i, name: 'item ' + i}}));"}},
	 {"name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[400,0],"parameters":{"amount":2,"unit":"minutes"}},
	 {"name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[600,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"j","value":"={{ $json.i + 1 }}","type":"number"}]},"options":{}}}],
	 "connections":{"Start":{"main":[[{"node":"Make","type":"main","index":0}]]},"Make":{"main":[[{"node":"Wait","type":"main","index":0}]]},"Wait":{"main":[[{"node":"After","type":"main","index":0}]]}}}`
	eng := enginetest.Engine(b, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{})})
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := eng.Run(ctx, w, engine.RunOptions{CanPark: true, ExecutionID: "1"})
		if err != nil || res.Status != "waiting" {
			b.Fatalf("park: %v %v", err, res.Status)
		}
		var buf bytes.Buffer
		if err := res.WriteJSON(&buf); err != nil {
			b.Fatal(err)
		}
		parked, err := engine.ParseResult(buf.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		res, err = eng.Run(ctx, w, engine.RunOptions{Resume: parked, ExecutionID: "1"})
		if err != nil || res.Status != "success" {
			b.Fatalf("resume: %v %v", err, res.Status)
		}
		if out := res.Data.ResultData.RunData["After"]; len(out) != 1 || len(out[0].Data.Main[0]) != 200 || !strings.Contains(out[0].Data.Main[0][199].JSON.Keys()[0], "j") {
			b.Fatalf("After: %+v", out)
		}
	}
}
