package server

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/errorflow"
	"github.com/n8n-go/n8n-go/nodes/errortrigger"
)

// maxErrorChain bounds error workflows started by failed error workflows
// (A's error workflow B failing with error workflow A would never end).
const maxErrorChain = 3

type errorChainKey struct{}

// servedSource finds error workflows among the served workflows first,
// then in the engine's --workflows.
type servedSource struct{ s *Server }

func (src servedSource) Workflow(ctx context.Context, id string) (*workflow.Workflow, error) {
	for _, a := range src.s.actives() {
		if a.wf.ID == id {
			return a.wf, nil
		}
	}
	if ws := src.s.opts.Engine.Workflows(); ws != nil {
		return ws.Workflow(ctx, id)
	}
	return nil, errNoErrorWorkflow(id)
}

type errNoErrorWorkflow string

func (e errNoErrorWorkflow) Error() string {
	return "error workflow " + string(e) + " is neither served nor among --workflows"
}

// startErrorWorkflow runs the error workflow of a failed execution in the
// background, as n8n does once it saved the execution; the error run is
// stored as an execution of mode "error".
func (s *Server) startErrorWorkflow(ctx context.Context, a *active, res *engine.Result, mode, execID string) {
	if !errorflow.Failed(res, mode) {
		return
	}
	depth, _ := ctx.Value(errorChainKey{}).(int)
	log := s.log.With("workflow", a.wf.Name, "execution", execID)
	if depth >= maxErrorChain {
		log.Warn("error workflow not run: error workflows failed in a chain", "depth", depth)
		return
	}
	ew, err := errorflow.Pick(ctx, a.wf, mode, servedSource{s})
	if err != nil {
		log.Error("error workflow not run", "error", err)
		return
	}
	if ew == nil {
		return
	}
	start, ok := errortrigger.StartNode(ew)
	if !ok {
		log.Error("error workflow not run: it has no Error Trigger", "errorWorkflow", ew.ID)
		return
	}
	payload, err := errorflow.Payload(a.wf, res, mode, execID, s.opts.BaseURL)
	if err != nil {
		log.Error("error workflow not run", "error", err)
		return
	}
	if !s.track.begin() {
		return // shutting down
	}
	ea := &active{wf: ew, loc: a.loc}
	go func() {
		defer s.track.end()
		s.execute(context.WithValue(ctx, errorChainKey{}, depth+1), ea, start, "error", []data.Item{{JSON: payload}})
	}()
}
