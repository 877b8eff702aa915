package splitout_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
	"github.com/n8n-go/n8n-go/nodes/splitout"
)

// TestSplitOutHandsOnElements: with no later node that changes its inputs
// in place, each output item's json is the element itself, not a copy
// (Exec.OutputMayChange; the goldens check the case where it must be a
// copy, compare-mix-after-split-out).
func TestSplitOutHandsOnElements(t *testing.T) {
	wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Make","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"mode":"raw","jsonOutput":"{\"items\":[{\"a\":1},{\"a\":2}]}","options":{}}},
	 {"name":"Split","type":"n8n-nodes-base.splitOut","typeVersion":1,"position":[400,0],"parameters":{"fieldToSplitOut":"items","options":{}}}],
	 "connections":{"Start":{"main":[[{"node":"Make","type":"main","index":0}]]},"Make":{"main":[[{"node":"Split","type":"main","index":0}]]}}}`
	res := enginetest.Run(t, wf, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), set.New(), splitout.New()},
		Expressions: settest.Stub{},
	})
	elems, _ := res.Data.ResultData.RunData["Make"][0].Data.Main[0][0].JSON.Value("items").([]any)
	out := res.Data.ResultData.RunData["Split"][0].Data.Main[0]
	if len(elems) != 2 || len(out) != 2 {
		t.Fatalf("elements %v, output %v", elems, out)
	}
	for i, it := range out {
		if e, _ := elems[i].(*data.Object); it.JSON != e {
			t.Errorf("item %d: json is a copy of the element, not the element", i)
		}
	}
}
