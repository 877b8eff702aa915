package engine

import (
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// NodeContext is n8n's node context (getContext('node')): what one node
// keeps between its runs within one execution. Values are visible to
// expressions as $node["X"].context; State holds Go values only the node
// itself reads (n8n keeps both in one object; items kept here for a later
// run are not JSON values, so expressions do not see them).
type NodeContext struct {
	Values *data.Object
	State  map[string]any
}

// NodeContext returns the current node's context, created on first use.
func (ex *Exec) NodeContext() *NodeContext { return ex.run.nodeContext(ex.node.Name) }

// InputSource is where main input i came from (nil for the start node):
// n8n's getInputSourceData.
func (ex *Exec) InputSource(i int) *TaskSource {
	if i < 0 || i >= len(ex.source) {
		return nil
	}
	return ex.source[i]
}

func (r *run) nodeContext(name string) *NodeContext {
	if r.contexts == nil {
		r.contexts = map[string]*NodeContext{}
	}
	c := r.contexts[name]
	if c == nil {
		c = &NodeContext{Values: data.NewObject(0), State: map[string]any{}}
		r.contexts[name] = c
		r.contextOrder = append(r.contextOrder, name)
	}
	return c
}

// NodeContext implements scope.NodeContexts.
func (p *proxy) NodeContext(name string) *data.Object {
	if c := p.ex.run.contexts[name]; c != nil {
		return c.Values
	}
	return nil
}

// Sleep waits d or until the run is cancelled (the engine's Sleep, which
// tests replace with a fake clock).
func (ex *Exec) Sleep(d time.Duration) error {
	if d <= 0 {
		return ex.ctx.Err()
	}
	return ex.run.eng.opts.Sleep(ex.ctx, d)
}

// Resumed tells the engine the running node resumed a parked execution
// (a Wait that ended by a call or after more than 65 s). n8n then runs the
// execution again from this node in a new process state: the node's task
// starts now and execution indexes count from 0 again.
func (ex *Exec) Resumed() { ex.run.resumedAt, ex.run.resuming = ex.run.eng.now(), "" }
