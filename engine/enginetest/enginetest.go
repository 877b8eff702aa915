// Package enginetest runs small workflows through the real engine in tests.
// Node packages use it with their own node plus the few core nodes the test
// workflow needs, so tests exercise the executor, pairedItem bookkeeping and
// parameter resolution exactly as a real run does.
package enginetest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/httpx"
)

// Options configure Run.
type Options struct {
	// Nodes are the node types the workflow uses.
	Nodes       []engine.Node
	Expressions engine.Evaluator
	Credentials engine.CredentialStore
	// Endpoints map hosts to base URLs (e.g. a fake server's URL).
	Endpoints  map[string]string
	Transport  http.RoundTripper
	Limits     map[string]float64
	Mode       string
	Start      string
	StartItems []data.Item
	Now        func() time.Time
	// RequestConcurrency bounds a node's requests in flight (engine
	// default 32; 1 makes arrival order deterministic).
	RequestConcurrency int
	// KeepRetryWaits makes retries really wait (default: instant).
	KeepRetryWaits bool
	// Workflows finds sub-workflows by id (Execute Workflow).
	Workflows engine.WorkflowSource
	// InstanceID is n8n's instance id (engine Options.InstanceID).
	InstanceID string
	// MaxRetries bounds the transport's 429 retries (0: httpx's default;
	// -1: none, as n8n, for goldens that record a 429).
	MaxRetries int
}

// Engine builds an engine from o.
func Engine(t testing.TB, o Options) *engine.Engine {
	t.Helper()
	reg, err := engine.NewRegistry(o.Nodes...)
	if err != nil {
		t.Fatalf("registry: %v", err)
	}
	h, err := httpx.New(httpx.Options{Endpoints: o.Endpoints, Transport: o.Transport, Limits: o.Limits, MaxRetries: o.MaxRetries})
	if err != nil {
		t.Fatalf("httpx: %v", err)
	}
	eo := engine.Options{Registry: reg, Expressions: o.Expressions, Credentials: o.Credentials, HTTP: h, Now: o.Now, Timezone: "UTC", RequestConcurrency: o.RequestConcurrency, Workflows: o.Workflows, InstanceID: o.InstanceID}
	if !o.KeepRetryWaits {
		eo.Sleep = func(interface{ Done() <-chan struct{} }, time.Duration) error { return nil }
	}
	e, err := engine.New(eo)
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	return e
}

// Run parses workflowJSON and runs it; a validation error fails the test.
func Run(t testing.TB, workflowJSON string, o Options) *engine.Result {
	t.Helper()
	w, err := workflow.Parse([]byte(workflowJSON), "")
	if err != nil {
		t.Fatalf("parse workflow: %v", err)
	}
	res, err := Engine(t, o).Run(context.Background(), w, engine.RunOptions{Mode: o.Mode, Start: o.Start, StartItems: o.StartItems})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return res
}

// Output returns the items of one output of one run of a node (nil when the
// node did not run or the output is null).
func Output(res *engine.Result, node string, run, output int) []data.Item {
	runs := res.Data.ResultData.RunData[node]
	if run >= len(runs) || runs[run].Data == nil || output >= len(runs[run].Data.Main) {
		return nil
	}
	return runs[run].Data.Main[output]
}

// JSONs returns the json of each item.
func JSONs(items []data.Item) []*data.Object {
	out := make([]*data.Object, len(items))
	for i, it := range items {
		out[i] = it.JSON
	}
	return out
}

// Order returns the node names in execution order.
func Order(res *engine.Result) []string {
	out := make([]string, len(res.Order))
	for i, r := range res.Order {
		out[i] = r.Node
	}
	return out
}
