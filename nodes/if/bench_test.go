package ifnode_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	ifnode "github.com/n8n-go/n8n-go/nodes/if"
)

// BenchmarkIf50k: the pure data benchmark's If (one number condition on
// $json) over 50,000 items; ns/item is the per-item cost.
func BenchmarkIf50k(b *testing.B) {
	const n = 50_000
	wf := `{"nodes":[{"name":"If","type":"n8n-nodes-base.if","typeVersion":2.2,"position":[0,0],"parameters":
	 {"conditions":{"options":{"caseSensitive":true,"leftValue":"","typeValidation":"strict","version":2},
	  "conditions":[{"id":"c","leftValue":"={{ $json.score }}","rightValue":50,"operator":{"type":"number","operation":"gt"}}],"combinator":"and"},"options":{}}}],
	 "connections":{},"settings":{"executionOrder":"v1"}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		b.Fatal(err)
	}
	items := make([]data.Item, n)
	for i := range items {
		items[i] = data.Item{JSON: data.ObjectOf("id", float64(i), "name", fmt.Sprintf("user %d", i), "score", float64(i%100))}
	}
	eng := enginetest.Engine(b, enginetest.Options{Nodes: []engine.Node{ifnode.New()}, Expressions: expression.New(expression.Options{})})
	b.ReportAllocs()
	for b.Loop() {
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "If", StartItems: items})
		if err != nil {
			b.Fatal(err)
		}
		if out := res.Data.ResultData.RunData["If"][0].Data.Main; len(out[0]) != n/2-n/100 {
			b.Fatalf("got %d true items", len(out[0]))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/item")
}
