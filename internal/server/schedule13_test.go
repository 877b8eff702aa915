package server

import (
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/scheduletrigger"
)

// TestScheduleV13IntervalCheckedOnActivation: typeVersion 1.3 refuses an
// out-of-range interval when the workflow is activated, as n8n's trigger
// does; 1.2 takes the same rule.
func TestScheduleV13IntervalCheckedOnActivation(t *testing.T) {
	reg, err := engine.NewRegistry(scheduletrigger.New(), noop.New())
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	wf := func(version string) string {
		return `{"id":"s13","name":"s13","nodes":[{"name":"Schedule","type":"n8n-nodes-base.scheduleTrigger","typeVersion":` + version +
			`,"position":[0,0],"parameters":{"rule":{"interval":[{"field":"hours","hoursInterval":24}]}}}],"connections":{}}`
	}
	if _, err := New(Options{Engine: eng}, []*workflow.Workflow{parseWF(t, wf("1.2"))}); err != nil {
		t.Fatalf("1.2: %v", err)
	}
	_, err = New(Options{Engine: eng}, []*workflow.Workflow{parseWF(t, wf("1.3"))})
	if err == nil || !strings.Contains(err.Error(), "Invalid interval: Hours must be in range 1-23") {
		t.Fatalf("1.3: got %v, want the invalid interval", err)
	}
}
