package switchnode_test

import (
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/aggregate"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	switchnode "github.com/n8n-go/n8n-go/nodes/switch"
)

// Issue 21 item 10: numberOutputs 1e8 (Switch) and an output name
// o[100000000] (Aggregate) each allocated gigabytes; both are refused
// with an error naming the limit.
func TestHugeOutputCountsAreRefused(t *testing.T) {
	tests := []struct{ name, node, want string }{
		{"switch numberOutputs", `{"name":"N","type":"n8n-nodes-base.switch","typeVersion":3.2,"position":[0,0],
			"parameters":{"mode":"expression","numberOutputs":100000000,"output":"={{ 0 }}"}}`, "above the limit of 1000"},
		{"aggregate output name", `{"name":"N","type":"n8n-nodes-base.aggregate","typeVersion":1,"position":[0,0],
			"parameters":{"fieldsToAggregate":{"fieldToAggregate":[{"fieldToAggregate":"x","renameField":true,"outputFieldName":"o[100000000]"}]}}}`, "allows indexes up to 100000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wf := `{"nodes":[{"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},` + tc.node + `],
 "connections":{"Start":{"main":[[{"node":"N","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`
			res := enginetest.Run(t, wf, enginetest.Options{
				Nodes:       []engine.Node{manualtrigger.New(), switchnode.New(), aggregate.New()},
				Expressions: expression.New(expression.Options{}),
			})
			e := res.Data.ResultData.Error
			if e == nil || !strings.Contains(e.Message, tc.want) {
				t.Fatalf("error = %+v, want %q", e, tc.want)
			}
		})
	}
}
