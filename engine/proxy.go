package engine

import (
	"fmt"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/scope"
)

// proxy is what an expression sees of the run for one item of one node run
// (n8n's WorkflowDataProxy). It implements scope.Data.
type proxy struct {
	ex   *Exec
	item int
}

var _ scope.Data = (*proxy)(nil)

// extrasProxy is the data proxy with additional $-variables.
type extrasProxy struct {
	*proxy
	extra map[string]any
}

func (p extrasProxy) Extra(name string) (any, bool) {
	v, ok := p.extra[name]
	return v, ok
}

// dataProxy is the proxy for item itemIndex. A proxy never changes, so
// the expressions of one item (Set's assignments, a node's parameters)
// share one instead of each allocating its own.
func (ex *Exec) dataProxy(itemIndex int) *proxy {
	if p := ex.lastProxy.Load(); p != nil && p.item == itemIndex {
		return p
	}
	p := &proxy{ex: ex, item: itemIndex}
	ex.lastProxy.Store(p)
	return p
}

func (p *proxy) ItemIndex() int { return p.item }
func (p *proxy) RunIndex() int  { return p.ex.runIndex }

func (p *proxy) InputItems() []data.Item { return p.connectionItems(p.ex.OwnInputs()) }

// InputData is InputItems for reading json and binary only: the items
// as the node got them, without making the copies a node run with raw
// inputs makes for their pairedItem (scope.InputData).
func (p *proxy) InputData() []data.Item { return p.connectionItems(p.ex.inputs) }

// connectionItems is the connection input of inputs, [] when there is none.
func (p *proxy) connectionItems(inputs [][]data.Item) []data.Item {
	if in := p.ex.run.connectionInput(inputs); in != nil {
		return in
	}
	return []data.Item{}
}

func (p *proxy) NodeExists(name string) bool { return p.ex.run.wf.Node(name) != nil }

func exprErr(format string, args ...any) *scope.Error {
	return &scope.Error{Message: fmt.Sprintf(format, args...)}
}

func (p *proxy) ensureExecuted(name string) error {
	r := p.ex.run
	if r.wf.Node(name) == nil {
		return exprErr("Referenced node doesn't exist")
	}
	if _, ok := r.runData[name]; ok {
		return nil
	}
	if _, ok := r.pinData[name]; ok {
		return nil
	}
	// n8n's explanation is a messageTemplate for the editor, not a description.
	return &scope.Error{Message: fmt.Sprintf("Node '%s' hasn't been executed", name)}
}

// NodeOutput is positional access: $('X').all/first/last, $items, $node.
func (p *proxy) NodeOutput(name string, output, runIdx int) ([]data.Item, error) {
	if err := p.ensureExecuted(name); err != nil {
		return nil, err
	}
	r := p.ex.run
	if output < 0 {
		output = r.connectionIndex(p.ex.node.Name, name)
	}
	runs, ok := r.runData[name]
	if !ok {
		if pin, ok := r.pinData[name]; ok {
			if output == 0 {
				return pin, nil
			}
			return []data.Item{}, nil
		}
	}
	if runIdx < 0 {
		runIdx = len(runs) - 1
	}
	if runIdx >= len(runs) {
		return nil, exprErr("Run %d of node \"%s\" not found", runIdx, name)
	}
	t := runs[runIdx]
	if t.Data == nil || len(t.Data.Main) == 0 || t.Data.Main[0] == nil {
		return nil, exprErr("No data found from `main` input")
	}
	if output >= len(t.Data.Main) {
		return nil, exprErr("Node \"%s\" has no branch with index %d.", name, output)
	}
	return t.Data.Main[output], nil
}

// connectionIndex finds the output of anc through which the current node
// is (transitively) fed; 0 when none (n8n's getNodeConnectionIndexes).
func (r *run) connectionIndex(node, anc string) int {
	seen := map[string]bool{node: true}
	queue := []string{node}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, in := range r.wf.Parents(n) {
			for _, s := range in {
				if s.Node == anc {
					return s.Output
				}
				if !seen[s.Node] {
					seen[s.Node] = true
					queue = append(queue, s.Node)
				}
			}
		}
	}
	return 0
}

func (p *proxy) IsExecuted(name string) bool {
	_, ok := p.ex.run.runData[name]
	return ok
}

func (p *proxy) NodeParameters(name string) (*data.Object, bool) {
	n := p.ex.run.wf.Node(name)
	if n == nil {
		return nil, false
	}
	return n.Parameters, true
}

func (p *proxy) Parameters() *data.Object { return p.ex.node.Parameters }

func (p *proxy) PrevNode() (string, int, int, bool) {
	if len(p.ex.source) == 0 || p.ex.source[0] == nil {
		return "", 0, 0, false
	}
	s := p.ex.source[0]
	return s.PreviousNode, s.PreviousNodeOutput, s.PreviousNodeRun, true
}

func (p *proxy) Workflow() scope.WorkflowInfo {
	w := p.ex.run.wf
	return scope.WorkflowInfo{ID: w.ID, Name: w.Name, Active: w.Active}
}

func (p *proxy) Execution() scope.ExecutionInfo {
	mode := "production"
	if p.ex.run.mode == "manual" {
		mode = "test"
	}
	// n8n's URLs to resume a waiting execution (the id placeholder when the
	// execution has none).
	id := p.ex.run.execID
	if id == "" {
		id = "__UNKNOWN__"
	}
	base := p.ex.run.eng.opts.WebhookBaseURL
	return scope.ExecutionInfo{ID: p.ex.run.execID, Mode: mode,
		ResumeURL: base + "webhook-waiting/" + id, ResumeFormURL: base + "form-waiting/" + id}
}

func (p *proxy) Vars() *data.Object { return p.ex.run.eng.opts.Vars }

func (p *proxy) Env() (map[string]string, bool) {
	return p.ex.run.eng.opts.Env, p.ex.run.eng.opts.AllowEnv
}

func (p *proxy) Now() time.Time           { return p.ex.run.eng.now().In(p.ex.run.loc) }
func (p *proxy) Location() *time.Location { return p.ex.run.loc }

// PairedItem resolves $('X').item for input item itemIndex.
func (p *proxy) PairedItem(name string, itemIndex int) (data.Item, error) {
	it, err := p.ex.run.pairedItem(p.ex, name, itemIndex, "item")
	if err != nil {
		return data.Item{}, err
	}
	return *it, nil
}
