package engine

import (
	"slices"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestNodeRefs(t *testing.T) {
	tests := []struct {
		name   string
		value  any
		refs   []string
		paired bool
		ok     bool
	}{
		{"no expression", "plain", nil, false, true},
		{"current item only", "={{ $json.a + $input.item.json.b }}", nil, false, true},
		{"positional", `={{ $('Get users').first().json.id }}`, []string{"Get users"}, false, true},
		{"paired", `={{ $("A").item.json.id }}`, []string{"A"}, true, true},
		{"node brackets", `={{ $node["B c"].json.x }}`, []string{"B c"}, true, true},
		{"node dot", `={{ $node.Start.json.x }}`, []string{"Start"}, true, true},
		{"items", "={{ $items('X', 0, 1)[0].json }} {{ $items().length }}", []string{"X"}, false, true},
		{"escaped quote", `={{ $('it\'s').first() }}`, []string{"it's"}, false, true},
		{"template literal", "={{ $(`T`).last() }}", []string{"T"}, false, true},
		{"built at run time", `={{ $($json.node).first() }}`, nil, false, false},
		{"evaluate", `={{ $evaluateExpression($json.e) }}`, nil, false, false},
		{"plain text template", `<p>{{ $('H').first().json.x }}</p>`, []string{"H"}, false, true},
		{"nested", data.ObjectOf("a", []any{data.ObjectOf("v", `={{ $('N').all() }}`)}), []string{"N"}, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs, paired, ok := nodeRefs(tc.value)
			if ok != tc.ok || (ok && (paired != tc.paired || !slices.Equal(refs, tc.refs))) {
				t.Fatalf("nodeRefs = %q, paired %v, ok %v; want %q, %v, %v", refs, paired, ok, tc.refs, tc.paired, tc.ok)
			}
		})
	}
}
