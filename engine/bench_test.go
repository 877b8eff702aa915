package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// chainFlow is a 50-node chain: a trigger, then blocks of NoOp → NoOp →
// (Limit first half, Limit last half) → Append, so the item count stays the
// same through every block while the engine splits, waits and joins.
func chainFlow(items int) flow {
	f := flow{v1: true, nodes: []string{"Start|manualTrigger|0|0"}}
	prev := "Start"
	half := items / 2
	for b := 0; len(f.nodes)+5 <= 50; b++ {
		x := (b + 1) * 1000
		a, c := fmt.Sprintf("NoOp A%d", b), fmt.Sprintf("NoOp B%d", b)
		first, last, join := fmt.Sprintf("First%d", b), fmt.Sprintf("Last%d", b), fmt.Sprintf("Join%d", b)
		f.nodes = append(f.nodes,
			fmt.Sprintf("%s|noOp|%d|0", a, x),
			fmt.Sprintf("%s|noOp|%d|0", c, x+200),
			fmt.Sprintf(`%s|limit|%d|-100|{"maxItems":%d}`, first, x+400, half),
			fmt.Sprintf(`%s|limit|%d|100|{"maxItems":%d,"keep":"lastItems"}`, last, x+400, items-half),
			fmt.Sprintf("%s|test.append|%d|0", join, x+600),
		)
		f.edges = append(f.edges, prev+" -> "+a, a+" -> "+c, c+" -> "+first, c+" -> "+last,
			first+" -> "+join+":0", last+" -> "+join+":1")
		prev = join
	}
	for i := 0; len(f.nodes) < 50; i++ {
		name := fmt.Sprintf("Tail%d", i)
		f.nodes = append(f.nodes, fmt.Sprintf("%s|noOp|%d|0", name, 20000+i*200))
		f.edges = append(f.edges, prev+" -> "+name)
		prev = name
	}
	return f
}

// BenchmarkChain50Nodes10kItems runs the 50-node chain over 10,000 items.
func BenchmarkChain50Nodes10kItems(b *testing.B) {
	const n = 10_000
	wfJSON := chainFlow(n).json(b)
	w, err := workflow.Parse([]byte(wfJSON), "")
	if err != nil {
		b.Fatal(err)
	}
	if len(w.Nodes) != 50 {
		b.Fatalf("chain has %d nodes, want 50", len(w.Nodes))
	}
	eng := enginetest.Engine(b, enginetest.Options{Nodes: orderNodes()})
	start := make([]data.Item, n)
	for i := range start {
		start[i] = data.Item{JSON: data.ObjectOf("i", float64(i), "name", "item")}
	}
	ctx := context.Background()
	b.ReportAllocs()
	runs := 0
	for b.Loop() {
		res, err := eng.Run(ctx, w, engine.RunOptions{Mode: "cli", StartItems: start})
		if err != nil {
			b.Fatal(err)
		}
		if res.Status != "success" {
			b.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
		}
		runs++
	}
	b.ReportMetric(float64(n*runs)/b.Elapsed().Seconds(), "items/s")
}

// The benchmark's workflow must really keep every item through the chain.
func TestChainFlowKeepsItems(t *testing.T) {
	f := chainFlow(10)
	res := enginetest.Run(t, f.json(t), enginetest.Options{Nodes: orderNodes(),
		StartItems: make([]data.Item, 10)})
	if res.Status != "success" || len(res.Order) != 50 {
		t.Fatalf("status %s, %d node runs", res.Status, len(res.Order))
	}
	last := res.Order[len(res.Order)-1]
	if got := len(enginetest.Output(res, last.Node, 0, 0)); got != 10 {
		t.Fatalf("%s emitted %d items, want 10", last.Node, got)
	}
}
