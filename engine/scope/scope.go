// Package scope is the contract between the engine and the expression
// evaluator: everything an expression can read about the running workflow
// comes through Data, which the engine implements once per (node, run,
// item). It is a leaf package so the engine does not depend on the
// evaluator's implementation.
package scope

import (
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// InputData is an optional interface of Data: the input items for
// reading their json and binary alone ($json, $binary), whose pairedItem
// may not be what InputItems shows. Without it InputItems serves.
type InputData interface {
	InputData() []data.Item
}

// Data is the workflow state an expression sees (n8n's WorkflowDataProxy).
// Methods that can fail return n8n's error texts as *Error values so that the
// evaluator can let them propagate (they stop the node), unlike plain
// JavaScript TypeErrors, which are swallowed.
type Data interface {
	// ItemIndex is $itemIndex: the index of the current item in InputItems.
	ItemIndex() int
	// RunIndex is $runIndex.
	RunIndex() int
	// InputItems are the current node's input items (connectionInputData):
	// $input.all(); $json is InputItems()[ItemIndex()].JSON.
	InputItems() []data.Item

	// NodeExists reports whether the workflow has a node of that name.
	NodeExists(name string) bool
	// NodeOutput is $('X').all(output, run) / $items('X', output, run):
	// positional access to a node's output items. output < 0 means the
	// output the current node's input is connected to (0 if none); run < 0
	// means the last run. Errors: node hasn't been executed, and so on.
	NodeOutput(name string, output, run int) ([]data.Item, error)
	// PairedItem resolves $('X').item (itemIndex = ItemIndex()) and
	// $('X').itemMatching(itemIndex) through the pairedItem chain, with n8n's
	// error texts.
	PairedItem(name string, itemIndex int) (data.Item, error)
	// IsExecuted is $('X').isExecuted.
	IsExecuted(name string) bool
	// NodeParameters is $('X').params (raw, unresolved parameters).
	NodeParameters(name string) (*data.Object, bool)

	// Parameters are the current node's raw parameters ($parameter).
	Parameters() *data.Object
	// PrevNode is $prevNode: the node feeding input 0 of the current run.
	PrevNode() (name string, output, run int, ok bool)

	// Workflow is $workflow.
	Workflow() WorkflowInfo
	// Execution is $execution.
	Execution() ExecutionInfo
	// Vars is $vars (may be nil).
	Vars() *data.Object
	// Env returns the environment visible to $env and whether access is
	// allowed at all (n8n blocks it by default).
	Env() (env map[string]string, allowed bool)

	// Now is the time used for $now and $today, and Location the workflow's
	// time zone (settings.timezone, else GENERIC_TIMEZONE, else
	// America/New_York, as n8n).
	Now() time.Time
	Location() *time.Location
}

// Extras is implemented by Data that carries additional $-variables for
// one evaluation (n8n's additionalKeys: $response, $pageCount and $request
// in the HTTP Request node's pagination expressions). They take precedence
// over the built-in names.
type Extras interface {
	Extra(name string) (any, bool)
}

// WorkflowInfo is $workflow.
type WorkflowInfo struct {
	ID     string
	Name   string
	Active bool
}

// ExecutionInfo is $execution.
type ExecutionInfo struct {
	ID        string
	Mode      string // "test" or "production", as n8n exposes it
	ResumeURL string
	// ResumeFormURL is $execution.resumeFormUrl ("" : the same as ResumeURL).
	ResumeFormURL string
}

// Error is one of n8n's own expression errors (ExpressionError). Unlike a
// JavaScript TypeError inside an expression, it is not swallowed: it stops
// the node, and its Message is what n8n shows as the error message.
type Error struct {
	Message     string
	Description string
	// Node, Parameter and Position are filled in where known, for messages
	// such as syntax errors found by `n8n-go validate`.
	Node      string
	Parameter string
	Position  int
}

func (e *Error) Error() string { return e.Message }

// NodeContexts is implemented by a Data that keeps n8n's node contexts
// (getContext('node')): $node["X"].context, $('X').context and
// $input.context read them. A Data without it shows empty contexts.
type NodeContexts interface {
	// NodeContext returns the context values of node name (nil: none yet).
	NodeContext(name string) *data.Object
}

// CustomData is implemented by a Data whose execution keeps n8n's custom
// execution data ($execution.customData, resultData.metadata).
type CustomData interface {
	// SetCustomData stores one key with n8n's rules (at most 10 keys, key
	// characters A-Za-z0-9_, string or number values); an error says why a
	// pair was refused.
	SetCustomData(key, value any) error
	// CustomData returns a copy of what is stored.
	CustomData() *data.Object
	// StrictCustomData reports whether refused pairs are errors (n8n
	// throws them in manual mode and only logs them otherwise).
	StrictCustomData() bool
}
