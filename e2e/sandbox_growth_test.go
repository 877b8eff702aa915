package e2e

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
	"github.com/n8n-go/n8n-go/internal/sandbox"
	"github.com/n8n-go/n8n-go/nodes"
)

// Issue 21 item 12: `serve --sandbox` grew ~75 KB per execution because
// the in-process fakes' request logs were append-only. Once the logs are
// full, repeated executions leave the heap flat.
func TestSandboxMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the template many times")
	}
	w := loadTemplate(t)
	if miss := missingNodes(w); len(miss) > 0 {
		t.Skipf("node types not registered: %s", strings.Join(miss, ", "))
	}
	ev, why := evaluator()
	if why != "" {
		t.Skip(why)
	}
	r, err := sandbox.Start(context.Background(), sandbox.Demo())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: ev, Credentials: sandbox.Credentials{}, Endpoints: r.Endpoints})
	runs := func(n int) {
		for range n {
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: startNode})
			if err != nil || res.Status != "success" {
				t.Fatalf("run: %v %+v", err, res.Data.ResultData.Error)
			}
		}
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	// Fill the logs first (each run sends a few dozen requests).
	runs(fakekit.DefaultLogLimit / 2)
	before := heap()
	const more = 200
	runs(more)
	after := heap()

	per := (int64(after) - int64(before)) / more
	t.Logf("heap %d KiB → %d KiB over %d executions: %d bytes per execution", before>>10, after>>10, more, per)
	if per > 8<<10 {
		t.Fatalf("the heap grows %d bytes per execution", per)
	}
}
