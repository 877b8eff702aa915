package engine

import (
	"context"
	"fmt"
	"strconv"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// WorkflowSource finds workflows by id, as n8n's database does for
// Execute Workflow calls (workflow.Library implements it).
type WorkflowSource interface {
	Workflow(ctx context.Context, id string) (*workflow.Workflow, error)
}

// maxSubDepth bounds nested sub-workflow calls: a workflow calling itself
// would otherwise run until memory runs out.
const maxSubDepth = 32

type subDepthKey struct{}

func subDepth(ctx context.Context) int {
	d, _ := ctx.Value(subDepthKey{}).(int)
	return d
}

// SubOptions say how a sub-workflow starts.
type SubOptions struct {
	// Start is the node the sub-workflow starts at (its Execute Workflow
	// Trigger).
	Start string
	// Items are what the start node receives.
	Items []data.Item
	// Wait runs the sub-workflow to its end; otherwise it runs in the
	// background and the call returns at once (the run waits for it before
	// it ends, so nothing is cut short).
	Wait bool
}

// SubRun is what a sub-workflow call returns.
type SubRun struct {
	ExecutionID string
	// Result is the finished sub-run (nil when not waited for).
	Result *Result
	// Output is the last node's last run outputs (n8n's
	// getDataLastExecutedNodeData); nil when not waited for.
	Output [][]data.Item
}

// Workflows returns the engine's WorkflowSource (nil when none was given).
func (e *Engine) Workflows() WorkflowSource { return e.opts.Workflows }

// LoadWorkflow finds a workflow by id in the engine's WorkflowSource.
func (ex *Exec) LoadWorkflow(id string) (*workflow.Workflow, error) {
	src := ex.run.eng.opts.Workflows
	if src == nil {
		return nil, fmt.Errorf("Workflow does not exist. (no workflows were given: pass --workflows PATH, a folder or an n8n export file, to call workflow %q by id)", id)
	}
	return src.Workflow(ex.ctx, id)
}

// WorkflowID is the id of the running workflow ($workflow.id).
func (ex *Exec) WorkflowID() string { return ex.run.wf.ID }

// ExecutionID is the id of the running execution ($execution.id).
func (ex *Exec) ExecutionID() string { return ex.run.execID }

// SetMetadata sets the metadata of the current node run (n8n's
// setMetadata), e.g. {subExecution: {executionId, workflowId}}.
func (ex *Exec) SetMetadata(m *data.Object) { ex.run.pendingMeta = m }

// ExecuteWorkflow runs w as a sub-workflow in mode "integrated" (n8n's
// executeWorkflow). A workflow without id or settings takes the caller's,
// as n8n does for workflows passed as JSON. A failed sub-run returns its
// error.
func (ex *Exec) ExecuteWorkflow(w *workflow.Workflow, o SubOptions) (*SubRun, error) {
	r := ex.run
	depth := subDepth(r.ctx) + 1
	if depth > maxSubDepth {
		return nil, &NodeError{Name: "NodeOperationError", ItemIndex: -1,
			Message: fmt.Sprintf("Sub-workflows are nested more than %d levels deep: does a workflow call itself?", maxSubDepth)}
	}
	if w.ID == "" {
		w.ID = r.wf.ID
	}
	if w.Settings.Raw == nil && w.Settings.ExecutionOrder == "" && w.Settings.Timezone == "" {
		w.Settings = r.wf.Settings
	}
	id := r.eng.newExecutionID()
	ctx := context.WithValue(r.ctx, subDepthKey{}, depth)
	ro := RunOptions{Mode: "integrated", Start: o.Start, StartItems: o.Items, ExecutionID: id}
	if !o.Wait {
		r.bg.Add(1)
		go func() {
			defer r.bg.Done()
			if _, _, err := r.eng.execute(ctx, w, ro, ""); err != nil {
				r.eng.log.Warn("sub-workflow did not start", "workflow", w.ID, "execution", id, "error", err)
			}
		}()
		return &SubRun{ExecutionID: id}, nil
	}
	res, _, err := r.eng.execute(ctx, w, ro, "")
	if err != nil {
		return nil, err
	}
	if res.Status != "success" {
		e := res.Data.ResultData.Error
		// n8n rebuilds the sub-run's error: a NodeOperationError with its
		// message and description when a node failed, else an Error.
		ne := &NodeError{Name: "NodeOperationError", Message: "the sub-workflow failed", ItemIndex: -1}
		if e != nil {
			ne.Message, ne.Description = e.Message, e.Description
			if e.Name != "" && !failedInNode(res) {
				ne.Name = e.Name
			}
		}
		return &SubRun{ExecutionID: id, Result: res}, ne
	}
	sr := &SubRun{ExecutionID: id, Result: res}
	if runs := res.Data.ResultData.RunData[res.Data.ResultData.LastNodeExecuted]; len(runs) > 0 {
		if t := runs[len(runs)-1]; t.Data != nil {
			sr.Output = t.Data.Main
		}
	}
	return sr, nil
}

// failedInNode reports a run whose error came from a node run.
func failedInNode(res *Result) bool {
	rd := res.Data.ResultData
	runs := rd.RunData[rd.LastNodeExecuted]
	return rd.Error != nil && len(runs) > 0 && runs[len(runs)-1].Error != nil
}

// newExecutionID numbers sub-executions within this engine (Options.
// NewExecutionID replaces it, e.g. with the execution store's ids).
func (e *Engine) newExecutionID() string {
	if e.opts.NewExecutionID != nil {
		return e.opts.NewExecutionID()
	}
	return "sub-" + strconv.FormatInt(e.subSeq.Add(1), 10)
}

// Workflow is the workflow being run (a node that looks at its neighbours,
// as n8n's getParentNodes and getChildNodes).
func (ex *Exec) Workflow() *workflow.Workflow { return ex.run.wf }
