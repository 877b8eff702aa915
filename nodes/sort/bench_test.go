package sort_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/removeduplicates"
	sortnode "github.com/n8n-go/n8n-go/nodes/sort"
	"github.com/n8n-go/n8n-go/nodes/summarize"
)

// benchNode runs one node on n generated items per iteration (a run
// started at the node), to show the data nodes stay n log n on 1M items.
func benchNode(b *testing.B, typ string, version float64, params string, n int) {
	wf := fmt.Sprintf(`{"nodes":[{"name":"N","type":%q,"typeVersion":%v,"position":[0,0],"parameters":%s}],
	 "connections":{},"settings":{"executionOrder":"v1"}}`, typ, version, params)
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		b.Fatal(err)
	}
	items := make([]data.Item, n)
	for i := range items {
		k := (i * 7919) % n
		items[i] = data.Item{JSON: data.ObjectOf("id", float64(k%(n/2+1)), "name", fmt.Sprintf("Name %d", k%1000), "group", fmt.Sprintf("g%d", k%37))}
	}
	eng := enginetest.Engine(b, enginetest.Options{Nodes: []engine.Node{sortnode.New(), removeduplicates.New(), summarize.New()}})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "N", StartItems: items}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

func BenchmarkSort1M(b *testing.B) {
	benchNode(b, "n8n-nodes-base.sort", 1, `{"sortFieldsUi":{"sortField":[{"fieldName":"name"},{"fieldName":"id","order":"descending"}]},"options":{}}`, 1_000_000)
}

func BenchmarkRemoveDuplicates1M(b *testing.B) {
	benchNode(b, "n8n-nodes-base.removeDuplicates", 2, `{"compare":"selectedFields","fieldsToCompare":"id","options":{}}`, 1_000_000)
}

func BenchmarkRemoveDuplicatesAllFields1M(b *testing.B) {
	benchNode(b, "n8n-nodes-base.removeDuplicates", 2, `{}`, 1_000_000)
}

func BenchmarkSummarize1M(b *testing.B) {
	benchNode(b, "n8n-nodes-base.summarize", 1.1, `{"fieldsToSummarize":{"values":[{"aggregation":"sum","field":"id"},{"aggregation":"countUnique","field":"name"},{"aggregation":"max","field":"id"}]},"fieldsToSplitBy":"group","options":{}}`, 1_000_000)
}
