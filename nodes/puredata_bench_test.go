package nodes_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes"
)

// BenchmarkPureData runs the pure data workflow of
// testdata/bench/pure-data.sh (Set building 50,000 items, Split Out, Set
// with three expressions, If, Merge, Aggregate) as `n8n-go run -o` does:
// run data spooled and written out. It reports items per second.
func BenchmarkPureData(b *testing.B) {
	const n = 50000
	tmpl, err := os.ReadFile("../testdata/bench/pure-data.workflow.json")
	if err != nil {
		b.Fatal(err)
	}
	w, err := workflow.Parse(bytes.ReplaceAll(tmpl, []byte("__N__"), []byte(strconv.Itoa(n))), "")
	if err != nil {
		b.Fatal(err)
	}
	eng := enginetest.Engine(b, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{})})
	b.ReportAllocs()
	for b.Loop() {
		spool, err := engine.NewSpool(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Spool: spool})
		if err != nil || res.Status != "success" {
			b.Fatal(err, res.Status)
		}
		if err := res.WriteJSON(io.Discard); err != nil {
			b.Fatal(err)
		}
		spool.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}
