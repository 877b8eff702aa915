// Package errorflow runs error workflows as n8n does when an execution
// fails: the workflow named in settings.errorWorkflow (or, without one, the
// failed workflow itself when it holds an Error Trigger) starts at its
// Error Trigger in mode "error" with n8n's workflowErrorData.
package errorflow

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/errortrigger"
)

// Failed reports whether an execution calls for its error workflow: it
// ended with an error (n8n: status neither success nor waiting, an error
// set) outside manual mode.
func Failed(res *engine.Result, mode string) bool {
	return res != nil && mode != "manual" && res.Status != "success" && res.Status != "waiting" &&
		res.Data.ResultData.Error != nil
}

// Payload is n8n's workflowErrorData for a failed execution. executionID ""
// gives the form n8n uses for a trigger that failed before an execution
// existed. baseURL is the public base (http://localhost:5678/ by default).
func Payload(w *workflow.Workflow, res *engine.Result, mode, executionID, baseURL string) (*data.Object, error) {
	b, err := json.Marshal(res.Data.ResultData.Error)
	if err != nil {
		return nil, err
	}
	errObj, err := data.ParseJSONObject(b)
	if err != nil {
		return nil, err
	}
	wfInfo := data.ObjectOf("id", w.ID, "name", w.Name)
	if executionID == "" {
		return data.ObjectOf("trigger", data.ObjectOf("error", errObj, "mode", mode), "workflow", wfInfo), nil
	}
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	exec := data.ObjectOf(
		"id", executionID,
		"url", baseURL+"workflow/"+w.ID+"/executions/"+executionID,
		"error", errObj,
		"lastNodeExecuted", res.Data.ResultData.LastNodeExecuted,
		"mode", mode,
	)
	return data.ObjectOf("execution", exec, "workflow", wfInfo), nil
}

// Pick returns the error workflow of w for a failed execution in mode, or
// nil when there is none: settings.errorWorkflow looked up in src (unless
// an error workflow failed and names itself), else w itself when it holds
// an Error Trigger and the failed run was not already an error run.
func Pick(ctx context.Context, w *workflow.Workflow, mode string, src engine.WorkflowSource) (*workflow.Workflow, error) {
	id := w.Settings.ErrorWorkflow
	if id != "" && !(mode == "error" && w.ID != "" && id == w.ID) {
		if w.ID == "" {
			return nil, nil // n8n runs none for a workflow without id
		}
		if src == nil {
			return nil, fmt.Errorf("error workflow %q: no workflows were given (--workflows PATH) to find it in", id)
		}
		return src.Workflow(ctx, id)
	}
	if mode != "error" && id == "" {
		if _, ok := errortrigger.StartNode(w); ok {
			return w, nil
		}
	}
	return nil, nil
}

// Run starts ew at its Error Trigger with payload, in mode "error".
func Run(ctx context.Context, eng *engine.Engine, ew *workflow.Workflow, payload *data.Object, executionID string) (*engine.Result, error) {
	start, ok := errortrigger.StartNode(ew)
	if !ok {
		return nil, fmt.Errorf("error workflow %q (%s) has no Error Trigger node", ew.Name, ew.ID)
	}
	return eng.Run(ctx, ew, engine.RunOptions{Mode: "error", Start: start, ExecutionID: executionID,
		StartItems: []data.Item{{JSON: payload}}})
}
