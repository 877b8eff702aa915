// Package engine runs n8n workflows: registry of node types, validation,
// the v1/v0 execution order, pairedItem bookkeeping and run data in n8n's
// shape. It knows no concrete node: node packages register through Registry.
package engine

import (
	"context"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Kind tells the executor how a node type takes part in a run.
type Kind uint8

const (
	// KindAction is an ordinary node that runs on input items.
	KindAction Kind = iota
	// KindTrigger starts a run; its Execute emits the trigger item(s) when a
	// run is started from it from the CLI.
	KindTrigger
	// KindNote is never executed (sticky notes).
	KindNote
)

// Description declares what a node type is. Functions that depend on the
// node's parameters get them with defaults already applied.
type Description struct {
	// Type is n8n's type name, e.g. "n8n-nodes-base.noOp".
	Type string
	// Versions are the typeVersions implemented, e.g. {3, 3.1, 3.2}.
	Versions []float64
	// DefaultVersion is n8n's defaultVersion of the type, what a node
	// without typeVersion runs at; 0 means the highest of Versions.
	DefaultVersion float64
	Kind           Kind
	// WebhookOnly marks a trigger started only by HTTP calls (Webhook):
	// n8n's start-node search passes over it for triggers with a trigger
	// function (Schedule, Manual).
	WebhookOnly bool
	// RunsOnStart marks a trigger whose Execute runs on the items that
	// start the run in every mode (n8n: a trigger node with an execute
	// method, like the Execute Workflow Trigger); other triggers pass those
	// items on outside manual mode.
	RunsOnStart bool
	// Defaults returns the top-level parameter defaults of a version. n8n
	// exports omit parameters equal to their default, so nodes read through
	// Exec.Param, which falls back to these. May be nil.
	Defaults func(version float64) map[string]any
	// Inputs is the number of main inputs (nil: 1; triggers: 0).
	Inputs func(p Params, version float64) int
	// Outputs is the number of main outputs before the engine adds the
	// error output of onError=continueErrorOutput (nil: 1).
	Outputs func(p Params, version float64) int
	// RequiredInputs is n8n's requiredInputs for multi-input nodes, used in
	// v1 when the stack empties and a node still waits for some inputs:
	// count is the minimum number of inputs with data, or, when inputs is
	// not nil, the exact input indexes that must have data. nil means none
	// is required: the node runs with [] for its missing inputs.
	RequiredInputs func(p Params, version float64) (count int, inputs []int)
	// Credentials lists the credential types the node needs with these
	// parameters (e.g. the HTTP Request node's predefined type). May be nil.
	Credentials func(p Params, version float64) []string
	// Check reports problems found without running (bad option values…),
	// each a sentence naming the parameter. May be nil.
	Check func(p Params, version float64) []string
	// WorkflowRefs lists the workflow ids the node calls by id with these
	// parameters (literal ids only; expressions are resolved at run time),
	// so that validation can check they can be found. May be nil.
	WorkflowRefs func(p Params, version float64) []string
	// NotIdempotent reports, for these parameters, what a repeated request
	// would do twice (e.g. "creates a second time entry"), or "". With
	// Retry On Fail, a request whose answer was lost is sent again; Notes
	// says so. May be nil.
	NotIdempotent func(p Params, version float64) string
	// ReadsRunData marks a node that reads other nodes' outputs in ways
	// its parameters do not show (user code: $('X') built at run time): a
	// run with a Spool then keeps every output in memory.
	ReadsRunData bool
	// ChangesInputs reports, for these parameters, that the node changes
	// its input items' objects in place, as its n8n original does (Compare
	// Datasets with resolve=mix): the run data of the nodes those objects
	// came from shows the change, so with a Spool they stay in memory. May
	// be nil (never).
	ChangesInputs func(p Params, version float64) bool
	// NewItems marks a node whose outputs are always new objects, never
	// its input items' (Set, API nodes): objects a later node changes in
	// place cannot have come through it from further up.
	NewItems bool
	// RawInputs marks a node that takes its input items as they came: it
	// reads their pairedItem only through Exec.OwnInputs (never from
	// Exec.Input), and each input item it outputs as it is goes through
	// Exec.Own. Its runs then get the inputs without the copies pointing at
	// their own position that n8n makes before every node run (If, Filter,
	// Switch, Merge, Aggregate: 40 bytes an input item, 20 MB a node at
	// 500,000 items).
	RawInputs bool
}

// Node is a node type: a value that declares itself and runs.
type Node interface {
	Describe() Description
	// Execute runs the node once on ex's inputs and returns its outputs,
	// one item list per main output. Returning a nil outer slice means "no
	// output" (n8n's undefined).
	Execute(ctx context.Context, ex *Exec) ([][]data.Item, error)
}
