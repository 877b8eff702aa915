package code_test

import (
	"context"
	"os"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes"
)

// BenchmarkBenchWorkflow runs testdata/nodes/code/bench (the workflow
// measured side by side with n8n).
func BenchmarkBenchWorkflow(b *testing.B) {
	wfJSON, err := os.ReadFile("../../testdata/nodes/code/bench/code-bench.workflow.json")
	if err != nil {
		b.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		b.Fatal(err)
	}
	eng := enginetest.Engine(b, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{})})
	for b.Loop() {
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
		if err != nil || res.Status != "success" {
			b.Fatal(err, res.Status)
		}
	}
}
