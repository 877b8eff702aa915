package code_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/set"
)

func benchItems(n int) []data.Item {
	items := make([]data.Item, n)
	for i := range items {
		items[i] = data.Item{JSON: data.ObjectOf("id", float64(i), "name", fmt.Sprintf("Client %d", i), "archived", i%3 == 0)}
	}
	return items
}

// benchNode runs one node of type typ with params on n items per iteration.
func benchNode(b *testing.B, typ string, version float64, params map[string]any, n int) {
	p, _ := json.Marshal(params)
	wf := fmt.Sprintf(`{"nodes":[{"name":"N","type":%q,"typeVersion":%v,"position":[0,0],"parameters":%s}],
	 "connections":{},"settings":{"executionOrder":"v1"}}`, typ, version, p)
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		b.Fatal(err)
	}
	items := benchItems(n)
	eng := enginetest.Engine(b, enginetest.Options{Nodes: []engine.Node{code.New(), set.New()}, Expressions: expression.New(expression.Options{})})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "N", StartItems: items})
		if err != nil {
			b.Fatal(err)
		}
		run := res.Data.ResultData.RunData["N"][0]
		if run.Error != nil {
			b.Fatal(run.Error.Message)
		}
		if got := len(run.Data.Main[0]); got != n {
			b.Fatalf("got %d items", got)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkCodeEachItem100k: runOnceForEachItem with a trivial body.
func BenchmarkCodeEachItem100k(b *testing.B) {
	benchNode(b, "n8n-nodes-base.code", 2, map[string]any{"mode": "runOnceForEachItem", "jsCode": "return $input.item;"}, 100000)
}

// BenchmarkCodeAllItemsMap100k: runOnceForAllItems mapping every item.
func BenchmarkCodeAllItemsMap100k(b *testing.B) {
	benchNode(b, "n8n-nodes-base.code", 2, map[string]any{"jsCode": "return $input.all().map(i => ({json: {id: i.json.id, upper: i.json.name.toUpperCase(), n: i.json.id * 2}}));"}, 100000)
}

// BenchmarkSetExprPath10k / BenchmarkSetStatementFallback10k: the same
// value through the expr fast path and through the JavaScript fallback.
func BenchmarkSetExprPath10k(b *testing.B) {
	benchNode(b, "n8n-nodes-base.set", 3.4, setParams("={{ $json.name.toUpperCase() + '!' }}"), 10000)
}

func BenchmarkSetStatementFallback10k(b *testing.B) {
	benchNode(b, "n8n-nodes-base.set", 3.4, setParams("={{ (() => { return $json.name.toUpperCase() + '!'; })() }}"), 10000)
}

func setParams(expr string) map[string]any {
	return map[string]any{"options": map[string]any{}, "assignments": map[string]any{"assignments": []any{
		map[string]any{"id": "1", "name": "v", "type": "string", "value": expr}}}}
}
