package server

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
)

// Forms live in the route table, so Reload swaps them with the webhooks:
// a taken form path refuses the whole workflow and leaves the table as
// it was.
func TestRouteTableForms(t *testing.T) {
	form := func(wf, node, path string) *active {
		a := &active{wf: &workflow.Workflow{Name: wf}, hooks: map[string]*route{}, forms: map[string]*formRoute{}}
		a.forms[node] = &formRoute{cfg: formtrigger.Config{Route: path}, wf: a, node: &workflow.Node{Name: node}}
		return a
	}
	table := newRouteTable()
	if err := table.addActive(form("A", "Form", "contact")); err != nil {
		t.Fatal(err)
	}
	next := table.clone()
	if err := next.addActive(form("B", "Other", "contact")); err == nil {
		t.Fatal("a second form on /form/contact was accepted")
	}
	if err := next.addActive(form("C", "Third", "signup")); err != nil {
		t.Fatal(err)
	}
	if len(table.forms) != 1 || len(next.forms) != 2 {
		t.Fatalf("forms: old %d, new %d; want 1 and 2 (clone must not share)", len(table.forms), len(next.forms))
	}
}
