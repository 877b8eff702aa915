package engine

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// DefaultMaxExecutionTimeout is n8n's EXECUTIONS_TIMEOUT_MAX default (1 hour).
const DefaultMaxExecutionTimeout = time.Hour

// errTimedOut is the cause of a run's context when its execution timeout
// passed, so the result can say so as n8n does.
var errTimedOut = errors.New("The execution was cancelled because it timed out")

// executionTimeout is n8n's WorkflowRunner rule: the workflow's
// settings.executionTimeout (seconds, > 0) or else the server default
// (EXECUTIONS_TIMEOUT), never more than the maximum (EXECUTIONS_TIMEOUT_MAX).
// 0 means no timeout.
func (e *Engine) executionTimeout(w *workflow.Workflow) time.Duration {
	d := e.opts.ExecutionTimeout
	if raw, ok := w.Settings.Raw["executionTimeout"]; ok {
		var secs float64
		if json.Unmarshal(raw, &secs) == nil && secs > 0 {
			d = time.Duration(secs * float64(time.Second))
		}
	}
	if d <= 0 {
		return 0
	}
	if max := e.opts.MaxExecutionTimeout; max > 0 && d > max {
		d = max
	}
	return d
}

// withExecutionTimeout bounds ctx by the workflow's execution timeout.
func (e *Engine) withExecutionTimeout(ctx context.Context, w *workflow.Workflow) (context.Context, context.CancelFunc) {
	d := e.executionTimeout(w)
	if d <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, d, errTimedOut)
}
