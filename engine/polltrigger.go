package engine

import (
	"context"
	"errors"
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

// StaticData is the node's static data, n8n's getWorkflowStaticData('node'):
// the object kept under "node:<name>" in the workflow's static data. A
// poll changes it in place; serve stores it so that a restart does not
// emit old items again.
func (ex *Exec) StaticData() *data.Object {
	return nodeStatic(ex.run.static, ex.node.Name)
}

// WorkflowStaticData is n8n's getWorkflowStaticData(kind) for scripts:
// "global" is shared by the whole workflow, "node" is this node's own.
// serve keeps it between production executions (not manual ones), as n8n
// saves it after each execution that changed it.
func (ex *Exec) WorkflowStaticData(kind string) (*data.Object, error) {
	key, err := staticKey(kind, ex.node.Name)
	if err != nil {
		return nil, err
	}
	if o, ok := ex.run.static.Value(key).(*data.Object); ok {
		return o, nil
	}
	o := data.NewObject(0)
	ex.run.static.Set(key, o)
	return o, nil
}

// SetWorkflowStaticData replaces the static data of kind with o (a script's
// changed copy of it).
func (ex *Exec) SetWorkflowStaticData(kind string, o *data.Object) error {
	key, err := staticKey(kind, ex.node.Name)
	if err != nil {
		return err
	}
	ex.run.static.Set(key, o)
	return nil
}

// ProcessedData is n8n's deduplication history (its processed_data
// table) for scope "node" (this node's own) or "workflow": nil before the
// first record. n8n-go keeps it beside the static data, under keys scripts
// cannot reach, so serve and run --static-data keep it as they keep that.
func (ex *Exec) ProcessedData(scope string) *data.Object {
	o, _ := ex.run.static.Value(ex.processedKey(scope)).(*data.Object)
	return o
}

// SetProcessedData replaces the history of scope; nil deletes it.
func (ex *Exec) SetProcessedData(scope string, rec *data.Object) {
	if rec == nil {
		ex.run.static.Delete(ex.processedKey(scope))
		return
	}
	ex.run.static.Set(ex.processedKey(scope), rec)
}

func (ex *Exec) processedKey(scope string) string {
	if scope == "node" {
		id := ex.node.ID
		if id == "" {
			id = ex.node.Name
		}
		return "processed:n:" + id
	}
	return "processed:"
}

func staticKey(kind, node string) (string, error) {
	switch kind {
	case "global":
		return "global", nil
	case "node":
		return "node:" + node, nil
	}
	return "", errors.New("Unknown context type. Only `global` and `node` are supported.")
}

// PollManual reports whether a poll runs in n8n's manual mode (a manual or
// CLI run) rather than as a scheduled poll of an active workflow.
func (ex *Exec) PollManual() bool { return ex.run.mode != "trigger" }

func nodeStatic(static *data.Object, node string) *data.Object {
	key, _ := staticKey("node", node)
	if o, ok := static.Value(key).(*data.Object); ok {
		return o
	}
	o := data.NewObject(0)
	static.Set(key, o)
	return o
}

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
