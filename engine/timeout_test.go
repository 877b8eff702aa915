package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Issue 21 item 7: a cycle with no loop node ran forever and
// settings.executionTimeout was ignored. The workflow's timeout, the
// server default (EXECUTIONS_TIMEOUT) and the maximum
// (EXECUTIONS_TIMEOUT_MAX) now end the run as n8n does.
func TestExecutionTimeoutEndsACycle(t *testing.T) {
	cycle := func(settings string) *workflow.Workflow {
		w, err := workflow.Parse([]byte(`{"name":"cycle","settings":{"executionOrder":"v1"`+settings+`},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"A","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}},
	 {"name":"B","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,0],"parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"A","type":"main","index":0}]]},"A":{"main":[[{"node":"B","type":"main","index":0}]]},
	   "B":{"main":[[{"node":"A","type":"main","index":0}]]}}}`), "")
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	tests := []struct {
		name            string
		settings        string
		def, max        time.Duration
		atLeast, atMost time.Duration
	}{
		{"workflow setting", `,"executionTimeout":1`, 0, time.Hour, time.Second, 30 * time.Second},
		{"server default", ``, 100 * time.Millisecond, time.Hour, 100 * time.Millisecond, 30 * time.Second},
		{"server maximum caps the setting", `,"executionTimeout":3600`, 0, 100 * time.Millisecond, 100 * time.Millisecond, 30 * time.Second},
		{"-1 means none, the default applies", `,"executionTimeout":-1`, 100 * time.Millisecond, time.Hour, 100 * time.Millisecond, 30 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg, err := engine.NewRegistry(coreNodes()...)
			if err != nil {
				t.Fatal(err)
			}
			e, err := engine.New(engine.Options{Registry: reg, ExecutionTimeout: tc.def, MaxExecutionTimeout: tc.max})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			res, err := e.Run(context.Background(), cycle(tc.settings), engine.RunOptions{})
			took := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != "canceled" || res.Data.ResultData.Error == nil || res.Data.ResultData.Error.Message != "The execution was cancelled because it timed out" {
				t.Fatalf("status %q error %+v", res.Status, res.Data.ResultData.Error)
			}
			if took < tc.atLeast || took > tc.atMost {
				t.Fatalf("the run took %s, want between %s and %s", took, tc.atLeast, tc.atMost)
			}
		})
	}
}
