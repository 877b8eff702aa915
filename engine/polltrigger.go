package engine

import (
	"context"
	"fmt"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// PollTrigger is a trigger node n8n runs on a schedule (a node type with
// polling: true and a poll method, like the Gmail Trigger): each poll
// returns the items a new execution starts with, or nil when there is
// nothing new (no execution). `serve` polls at the node's pollTimes; in a
// manual run (and a CLI run started from the node without --input) the
// engine polls once in place of Execute, as n8n's manual execution does.
//
// Poll reads parameters through ex (no input items: item index 0) and
// keeps what it must remember between polls in ex.StaticData(). Outside a
// scheduled poll (ex.PollManual()) n8n's nodes fetch the latest item(s)
// instead of what is new.
type PollTrigger interface {
	Node
	Poll(ctx context.Context, ex *Exec) ([]data.Item, error)
}

// PollManual reports whether a poll runs in n8n's manual mode (a manual or
// CLI run) rather than as a scheduled poll of an active workflow.
func (ex *Exec) PollManual() bool { return ex.run.mode != "trigger" }

// Poll runs one scheduled poll of the PollTrigger node of w outside a run
// (n8n's PollContext in trigger mode). static is the workflow's static
// data ({"node:<name>": …}), read and changed in place; the caller stores
// it. nil items mean no execution.
func (e *Engine) Poll(ctx context.Context, w *workflow.Workflow, node string, static *data.Object) ([]data.Item, error) {
	n := w.Node(node)
	if n == nil {
		return nil, fmt.Errorf("node %q does not exist in the workflow", node)
	}
	if static == nil {
		static = data.NewObject(0)
	}
	r := &run{
		eng: e, ctx: ctx, wf: w, mode: "trigger", v1: w.Settings.ExecutionOrder == "v1",
		loc: e.location(w.Settings.Timezone), waiting: map[string]*waitingNode{}, runData: map[string][]*TaskData{},
		nodes: map[string]*preparedNode{}, static: static,
	}
	if err := r.prepare(); err != nil {
		return nil, err
	}
	pn := r.nodes[node]
	pt, ok := pn.typ.(PollTrigger)
	if !ok {
		return nil, fmt.Errorf("node %q (%s) is not a polling trigger", node, n.Type)
	}
	ex := &Exec{ctx: ctx, run: r, node: n, typ: pn.typ, params: pn.params, inputs: [][]data.Item{{}}}
	return safePoll(ctx, pt, ex)
}

// IsPollTrigger reports whether the node type of n polls.
func (e *Engine) IsPollTrigger(n *workflow.Node) bool {
	typ, _, err := e.opts.Registry.Lookup(n.Type, n.TypeVersion)
	if err != nil {
		return false
	}
	_, ok := typ.(PollTrigger)
	return ok
}

// safePoll turns a panic inside a poll into a node error.
func safePoll(ctx context.Context, pt PollTrigger, ex *Exec) (items []data.Item, err error) {
	defer func() {
		if p := recover(); p != nil {
			items, err = nil, &NodeError{Name: "NodeOperationError", Message: fmt.Sprintf("internal error in node %q: %v", ex.Name(), p), ItemIndex: -1}
		}
	}()
	return pt.Poll(ctx, ex)
}
