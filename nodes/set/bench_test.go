package set_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/set"
)

// benchSet runs one Set node (the template's "Map values" shape) on n items
// per iteration, starting the run at the node itself.
func benchSet(b *testing.B, params string, n int) {
	items := make([]data.Item, n)
	for i := range items {
		items[i] = data.Item{JSON: data.ObjectOf(
			"id", fmt.Sprintf("1a878e40-f803-8012-a1b2-%012d", i), "name", fmt.Sprintf("Client %d", i),
			"property_archive", i%3 == 0, "property_clockify_client_id", fmt.Sprintf("65b1c2d3e4f5a6b7%08d", i),
		)}
	}
	benchSetItems(b, params, items)
}

// benchSetItems runs one Set node on the given items per iteration.
func benchSetItems(b *testing.B, params string, items []data.Item) {
	n := len(items)
	wf := `{"nodes":[{"name":"Set","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[0,0],"parameters":` + params + `}],
	 "connections":{},"settings":{"executionOrder":"v1"}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		b.Fatal(err)
	}
	eng := enginetest.Engine(b, enginetest.Options{Nodes: []engine.Node{set.New()}, Expressions: expression.New(expression.Options{})})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "Set", StartItems: items})
		if err != nil {
			b.Fatal(err)
		}
		if got := len(res.Data.ResultData.RunData["Set"][0].Data.Main[0]); got != n {
			b.Fatalf("got %d items", got)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkSet100kExpressions: three expression assignments (string,
// boolean, string) per item, as the template's Map values nodes.
func BenchmarkSet100kExpressions(b *testing.B) {
	benchSet(b, `{"options":{},"assignments":{"assignments":[
	 {"id":"1","name":"name","type":"string","value":"={{ $json.name }}"},
	 {"id":"2","name":"archived","type":"boolean","value":"={{ $json.property_archive }}"},
	 {"id":"3","name":"clockify_client_id","type":"string","value":"={{ $json.property_clockify_client_id }}"}]}}`, 100000)
}

// BenchmarkSet100kLiteral: includeOtherFields with two literal assignments,
// as the template's "Set new values" nodes (deep copy of each item).
func BenchmarkSet100kLiteral(b *testing.B) {
	benchSet(b, `{"options":{},"includeOtherFields":true,"assignments":{"assignments":[
	 {"id":"1","name":"archived","type":"boolean","value":true},
	 {"id":"2","name":"count","type":"number","value":"42"}]}}`, 100000)
}

// BenchmarkSetEnrich50k: the pure data workflow's Enrich node
// (testdata/bench/pure-data.sh): includeOtherFields with three expression
// assignments (string method, split and index, arithmetic).
func BenchmarkSetEnrich50k(b *testing.B) {
	items := make([]data.Item, 50000)
	for i := range items {
		items[i] = data.Item{JSON: data.ObjectOf("id", float64(i), "name", fmt.Sprintf("user %d", i),
			"email", fmt.Sprintf("user%d@example.com", i), "score", float64(i%100), "tags", []any{"a", "b"})}
	}
	benchSetItems(b, `{"includeOtherFields":true,"options":{},"assignments":{"assignments":[
	 {"id":"1","name":"upper","value":"={{ $json.name.toUpperCase() }}","type":"string"},
	 {"id":"2","name":"domain","value":"={{ $json.email.split('@')[1] }}","type":"string"},
	 {"id":"3","name":"double","value":"={{ $json.score * 2 }}","type":"number"}]}}`, items)
}
