package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/httpx"
)

// RunOptions say how a run starts.
type RunOptions struct {
	// Mode is n8n's execution mode: "manual" (pinData replaces pinned
	// nodes), "cli" (what `n8n execute` uses; the default), "trigger",
	// "webhook".
	Mode string
	// Start is the node the run starts at; "" picks the workflow's trigger
	// (see StartNode).
	Start string
	// StartItems replace the start node's input (default: one empty item,
	// which a trigger passes through as n8n does outside manual mode).
	StartItems []data.Item
	// ExecutionID is exposed as $execution.id.
	ExecutionID string
	// Hooks observe the run (may be nil).
	Hooks *Hooks
	// Spool, when set, receives the run data of node runs that nothing
	// later in the run can read, and their items leave memory (see Spool).
	// The Result must then be written with WriteJSON before the spool is
	// closed; its TaskData of those runs report Released.
	Spool *Spool
	// Keep names nodes whose runs stay in memory even with a Spool (e.g.
	// the node whose output is printed after the run).
	Keep []string
	// Recorded replaces the named nodes' executions with outputs recorded
	// elsewhere (a real n8n execution, for `n8n-go test` cases made by
	// `test new`): run k of such a node emits Recorded[node][k] — every
	// output, pairedItem as recorded — or the last entry when it runs more
	// often. Unlike pinData it works in any mode and keeps each run's own
	// output, so a node that called an API twice gets both answers.
	Recorded map[string][][][]data.Item
	// CanPark lets a node park the execution (see Exec.Park): the caller
	// stores a "waiting" result and resumes it later.
	CanPark bool
	// Resume, when set, goes on with a parked execution (ParseResult of
	// its stored document) instead of starting at Start.
	Resume *Result
	// StaticData is the workflow's static data ({"node:<name>": …}) that
	// polling triggers read and change (nil: an empty object per run).
	StaticData *data.Object
}

// Hooks are called as a run progresses, for summaries and logs.
type Hooks struct {
	NodeStart func(node string, run int)
	NodeEnd   func(node string, run int, task *TaskData)
}

// stackEntry is one queued node run (n8n's IExecuteData).
type stackEntry struct {
	node string
	// inputs per main input index; a nil slice is n8n's null (no data
	// arrived), an empty non-nil slice is [] (ran, but no items).
	inputs [][]data.Item
	// source per input; nil for the start node.
	source []*TaskSource
	// raw: inputs are the items as their source output them, not copies
	// pointing at their own position (takesRawInputs).
	raw bool
}

type waitEntry struct {
	inputs [][]data.Item
	source []*TaskSource
}

// waitingNode holds the parked runs of a multi-input node, keyed by the
// waiting index as n8n's waitingExecution[node][index].
type waitingNode struct {
	runs map[int]*waitEntry
}

type run struct {
	// paired holds, per input index, the entries {item: i, input: in}
	// that rewritePaired points items at: shared by every node's input
	// instead of allocated again for each node run (nothing changes a
	// pairedItem entry in place; appends copy, as the lists are capped).
	paired [][]data.PairedItem
	// stopBefore, when set, ends the run when that node's first run is
	// about to start, leaving it in paused (see EvaluateAt).
	stopBefore string
	paused     *Exec
	eng        *Engine
	ctx        context.Context
	wf         *workflow.Workflow
	mode       string
	v1         bool
	loc        *time.Location
	execID     string
	hooks      *Hooks
	stack      []*stackEntry
	waiting    map[string]*waitingNode
	waitKeys   []string // insertion order of waiting node names (JS key order)
	runData    map[string][]*TaskData
	pinData    map[string][]data.Item
	recorded   map[string][][][]data.Item
	// static is the workflow's static data (RunOptions.StaticData).
	static *data.Object
	// startGiven is whether RunOptions.StartItems were given: a polling
	// trigger started from the CLI without them polls.
	startGiven bool
	execIdx    int
	// resumedAt is set by Exec.Resumed while a node runs (zero: not resumed).
	resumedAt time.Time
	// canPark, parkUntil and resuming: see RunOptions.CanPark, Exec.Park
	// and Exec.ResumedRun.
	canPark   bool
	parkUntil time.Time
	resuming  string
	// resumeTill is the parked execution's waitTill (zero: none or
	// indefinitely), for Exec.ParkedUntil; started is the run's start.
	resumeTill time.Time
	started    time.Time
	last       string
	order      []NodeRun
	// prepared per node: type, description and parameters with defaults.
	nodes map[string]*preparedNode
	// pendingMeta is the metadata the running node set (Exec.SetMetadata).
	pendingMeta *data.Object
	// bg tracks sub-workflows started without waiting: the run waits for
	// them before it returns.
	bg sync.WaitGroup
	// customData is $execution.customData (n8n's resultData.metadata).
	customData *data.Object
	// contexts are the node contexts, by node name (n8n's contextData).
	contexts map[string]*NodeContext
	// contextOrder is the order the contexts were made (n8n's key order
	// in contextData).
	contextOrder []string
	// spool, release and held drive RunOptions.Spool: the plan of nodes to
	// keep and the newest spooled run, held until the next one finishes.
	spool   *Spool
	release *releasePlan
	held    *TaskData
	// changed holds the nodes whose output objects a later node may
	// change in place (changedLater).
	changed map[string]bool
	// tries is the retry budget of the node running now (nil: none), shared
	// with its requests' 429 retries.
	tries *httpx.Tries
}

type preparedNode struct {
	node    *workflow.Node
	typ     Node
	desc    Description
	params  Params
	outputs int
}

// emptyItems is n8n's [] as opposed to null.
func emptyItems() []data.Item { return []data.Item{} }

// StartNode picks where a run starts when none is given, as `n8n execute`
// does: the first enabled trigger in file order that has a trigger function
// (Schedule, Manual…; not a webhook), else the first webhook trigger, else
// the first trigger of runs started by other workflows (Execute Workflow
// Trigger, Error Trigger), else the first node without main inputs.
func StartNode(w *workflow.Workflow, reg *Registry) (string, error) {
	webhook, onStart := "", ""
	for _, n := range w.Nodes {
		if n.Disabled {
			continue
		}
		d, ok := reg.Describe(n.Type)
		if !ok || d.Kind != KindTrigger {
			continue
		}
		switch {
		case d.RunsOnStart:
			// Execute Workflow and Error Triggers start runs other
			// workflows make; n8n execute starts elsewhere when it can.
			if onStart == "" {
				onStart = n.Name
			}
		case !d.WebhookOnly:
			return n.Name, nil
		case webhook == "":
			webhook = n.Name
		}
	}
	if webhook != "" {
		return webhook, nil
	}
	if onStart != "" {
		return onStart, nil
	}
	for _, n := range w.Nodes {
		if d, ok := reg.Describe(n.Type); ok && d.Kind == KindNote {
			continue
		}
		if len(w.Parents(n.Name)) == 0 {
			return n.Name, nil
		}
	}
	return "", errors.New("the workflow has no node to start from (no trigger and no node without inputs)")
}

// Run executes a workflow. It validates first: an invalid workflow returns a
// *ValidationError and makes no node run. A node failure is not an error of
// Run: it is recorded in the Result (Status "error").
func (e *Engine) Run(ctx context.Context, w *workflow.Workflow, ro RunOptions) (*Result, error) {
	res, _, err := e.execute(ctx, w, ro, "")
	return res, err
}

// EvaluateAt runs the workflow until node is about to run for the first
// time, then evaluates param (a parameter value, "=…" for an expression) as
// that node would for input item itemIndex — what `n8n-go eval --workflow`
// shows. The Result holds the runs before node.
func (e *Engine) EvaluateAt(ctx context.Context, w *workflow.Workflow, ro RunOptions, node, param string, itemIndex int) (any, *Result, error) {
	if w.Node(node) == nil {
		return nil, nil, fmt.Errorf("node %q does not exist in the workflow", node)
	}
	res, r, err := e.execute(ctx, w, ro, node)
	if err != nil {
		return nil, res, err
	}
	if r.paused == nil {
		if res.Status != "success" {
			return nil, res, fmt.Errorf("the run stopped at %q before reaching %q: %s", res.Data.ResultData.LastNodeExecuted, node, res.Data.ResultData.Error.Message)
		}
		return nil, res, fmt.Errorf("node %q was not reached: no items arrived on its inputs", node)
	}
	in := r.connectionInput(r.paused.inputs)
	if itemIndex < 0 || itemIndex >= len(in) {
		return nil, res, fmt.Errorf("item %d does not exist: node %q receives %d items", itemIndex, node, len(in))
	}
	v, err := r.paused.Evaluate("eval", param, itemIndex)
	return v, res, err
}

func (e *Engine) execute(ctx context.Context, w *workflow.Workflow, ro RunOptions, stopBefore string) (*Result, *run, error) {
	if probs := e.Validate(w); len(probs) > 0 {
		return nil, nil, &ValidationError{Problems: probs}
	}
	start := ro.Start
	if start == "" {
		s, err := StartNode(w, e.opts.Registry)
		if err != nil {
			return nil, nil, err
		}
		start = s
	}
	if w.Node(start) == nil {
		return nil, nil, fmt.Errorf("start node %q does not exist in the workflow", start)
	}
	ctx, cancel := e.withExecutionTimeout(ctx, w)
	defer cancel()
	r := &run{
		eng: e, ctx: ctx, wf: w, mode: ro.Mode, v1: w.Settings.ExecutionOrder == "v1",
		loc: e.location(w.Settings.Timezone), execID: ro.ExecutionID, hooks: ro.Hooks,
		waiting: map[string]*waitingNode{}, runData: map[string][]*TaskData{},
		nodes: map[string]*preparedNode{}, stopBefore: stopBefore, spool: ro.Spool, recorded: ro.Recorded,
		canPark: ro.CanPark,
		static:  ro.StaticData, startGiven: ro.StartItems != nil,
	}
	if r.static == nil {
		r.static = data.NewObject(0)
	}
	if r.mode == "" {
		r.mode = "cli"
	}
	if err := r.prepare(); err != nil {
		return nil, nil, err
	}
	r.changed = r.changedLater()
	if r.spool != nil {
		r.release = r.planRelease(ro.Keep) // reads r.changed
	}
	startItems := ro.StartItems
	if startItems == nil {
		startItems = []data.Item{{JSON: data.NewObject(0)}}
	}
	r.stack = []*stackEntry{{node: start, inputs: [][]data.Item{startItems}}}
	res := &Result{Mode: r.mode, StartedAt: e.now().UTC()}
	if rs := ro.Resume; rs != nil {
		if len(rs.stack) == 0 {
			return nil, nil, errors.New("the execution to resume has no node on its stack")
		}
		r.runData, r.stack, r.last, r.customData = rs.Data.ResultData.RunData, rs.stack, rs.Data.ResultData.LastNodeExecuted, rs.Data.ResultData.Metadata
		r.resuming = rs.stack[0].node
		if err := r.restoreParked(rs.parked); err != nil {
			return nil, nil, err
		}
		if !rs.StartedAt.IsZero() {
			res.StartedAt = rs.StartedAt
		}
		if rs.WaitTill != nil && rs.WaitTill.Year() < 3000 {
			r.resumeTill = *rs.WaitTill
		}
	}
	r.started = res.StartedAt
	execErr := r.loop()
	r.bg.Wait()
	res.StoppedAt = e.now().UTC()
	res.Data = r.executionData()
	if len(r.pinData) > 0 {
		res.Data.ResultData.PinData = r.pinData
	}
	res.Order = r.order
	if !r.parkUntil.IsZero() && execErr == nil {
		res.Status = "waiting"
		until := r.parkUntil.UTC()
		res.WaitTill = &until
		res.Data.ExecutionData["nodeExecutionStack"] = r.stackValue()
		if err := r.parkState(res.Data.ExecutionData); err != nil {
			return nil, nil, err
		}
		return res, r, nil
	}
	switch {
	case execErr == nil && r.lastTaskError() != nil:
		// n8n keeps the error of the node that ran last even when it
		// continued on fail: the run ends in error with it.
		res.Status = "error"
		res.Data.ResultData.Error = r.lastTaskError()
	case execErr == nil:
		res.Status, res.Finished = "success", true
	case errors.Is(execErr, context.Canceled) || errors.Is(execErr, context.DeadlineExceeded):
		res.Status = "canceled"
		res.Data.ResultData.Error = &ErrorData{Message: "The execution was canceled", Name: "ExecutionCancelledError"}
		// A cause (timeout, shutdown) says why, as n8n's
		// ExecutionCancelledError subclasses do.
		if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) && !errors.Is(cause, context.DeadlineExceeded) {
			res.Data.ResultData.Error.Message = cause.Error()
		}
	default:
		res.Status = "error"
		ed := r.errorData(execErr, nil)
		// n8n's run error names the node that failed, as its task error does.
		if runs := r.runData[r.last]; ed.Node == nil && len(runs) > 0 && runs[len(runs)-1].Error != nil {
			ed.Node = runs[len(runs)-1].Error.Node
		}
		res.Data.ResultData.Error = ed
	}
	return res, r, nil
}

// executionData is the run's IRun.data with an empty execution stack.
func (r *run) executionData() ExecutionData {
	return ExecutionData{
		Version: 1, StartData: map[string]any{},
		ResultData: ResultData{RunData: r.runData, LastNodeExecuted: r.last, Metadata: r.customData},
		ExecutionData: map[string]any{
			"contextData": map[string]any{}, "nodeExecutionStack": []any{}, "metadata": map[string]any{},
			"waitingExecution": map[string]any{}, "waitingExecutionSource": map[string]any{},
		},
	}
}

// lastTaskError is the error of the last node run, if it failed and
// continued.
func (r *run) lastTaskError() *ErrorData {
	if len(r.order) == 0 {
		return nil
	}
	last := r.order[len(r.order)-1]
	runs := r.runData[last.Node]
	if last.Run < 0 || last.Run >= len(runs) || runs[last.Run] == nil {
		return nil
	}
	return runs[last.Run].Error
}

func (r *run) prepare() error {
	for _, n := range r.wf.Nodes {
		typ, desc, err := r.eng.opts.Registry.Lookup(n.Type, n.TypeVersion)
		if err != nil {
			return err
		}
		var defs map[string]any
		if desc.Defaults != nil {
			defs = desc.Defaults(n.TypeVersion)
		}
		p := withDefaults(n.Parameters, defs)
		outs := 1
		if desc.Outputs != nil {
			outs = desc.Outputs(p, n.TypeVersion)
		}
		if n.OnErrorMode() == "continueErrorOutput" {
			outs++
		}
		r.nodes[n.Name] = &preparedNode{node: n, typ: typ, desc: desc, params: p, outputs: outs}
	}
	if r.mode == "manual" {
		for name, raw := range r.wf.PinData {
			items := make([]data.Item, 0, len(raw))
			for _, rm := range raw {
				var it data.Item
				// Pinned data is stored either as items or as bare json.
				if err := json.Unmarshal(rm, &it); err != nil || !hasJSONKey(rm) {
					obj, err := data.ParseJSONObject(rm)
					if err != nil {
						return fmt.Errorf("pinData of node %q: %w", name, err)
					}
					it = data.Item{JSON: obj}
				}
				items = append(items, it)
			}
			if r.pinData == nil {
				r.pinData = map[string][]data.Item{}
			}
			r.pinData[name] = items
		}
	}
	return nil
}

func hasJSONKey(rm json.RawMessage) bool {
	var probe map[string]json.RawMessage
	if json.Unmarshal(rm, &probe) != nil {
		return false
	}
	_, ok := probe["json"]
	return ok
}

// loop is n8n's executionLoop. It returns the error that stopped the run.
func (r *run) loop() error {
	lastTry := ""
	for len(r.stack) > 0 {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		if max := r.eng.opts.MaxNodeRuns; max > 0 && r.execIdx >= max {
			return &NodeError{Name: "WorkflowOperationError", ItemIndex: -1,
				Message: fmt.Sprintf("Stopped after %d node runs: does a loop never end? (n8n-go's limit on node runs per execution)", max)}
		}
		ex := r.stack[0]
		r.stack = r.stack[1:]
		pn := r.nodes[ex.node]
		task := &TaskData{StartTime: r.eng.now().UnixMilli(), ExecutionIndex: r.execIdx, Hints: []any{}}
		r.execIdx++
		task.Source = ex.source
		if task.Source == nil {
			task.Source = []*TaskSource{}
		}
		ex.raw = r.takesRawInputs(pn)
		inputs := ex.inputs
		if ex.raw {
			r.reservePaired(inputs)
		} else {
			inputs = r.rewritePaired(ex.inputs)
		}
		ex.inputs = inputs
		runIndex := len(r.runData[ex.node])

		try := ex.node + ":" + strconv.Itoa(runIndex)
		if try == lastTry {
			return errors.New("Stopped execution because it seems to be in an endless loop")
		}
		if !r.ensureInputData(ex) {
			lastTry = try
			continue
		}
		if r.stopBefore != "" && ex.node == r.stopBefore {
			r.paused = &Exec{ctx: r.ctx, run: r, node: pn.node, typ: pn.typ, params: pn.params, inputs: inputs, runIndex: runIndex, source: ex.source}
			return nil
		}

		if r.hooks != nil && r.hooks.NodeStart != nil {
			r.hooks.NodeStart(ex.node, runIndex)
		}
		r.pendingMeta = nil
		out, nodeErr, skip := r.runWithRetries(pn, ex, inputs, runIndex)
		if !r.parkUntil.IsZero() && nodeErr == nil {
			// The node parked the execution: it runs again on resume.
			r.stack = append([]*stackEntry{ex}, r.stack...)
			return nil
		}
		if skip {
			continue
		}
		task.Metadata, r.pendingMeta = r.pendingMeta, nil
		if !r.resumedAt.IsZero() {
			task.StartTime, task.ExecutionIndex, r.execIdx = r.resumedAt.UnixMilli(), 0, 1
			r.resumedAt = time.Time{}
		}
		if r.runData[ex.node] == nil {
			r.runData[ex.node] = []*TaskData{}
		}
		task.ExecutionTime = r.eng.now().UnixMilli() - task.StartTime
		task.ExecutionStatus = "success"
		if nodeErr != nil {
			task.Error = r.errorData(nodeErr, pn.node)
			task.ExecutionStatus = "error"
			if pn.node.OnErrorMode() != "stopWorkflow" {
				out = nil
				if len(inputs) > 0 && inputs[0] != nil {
					if ex.raw {
						out = r.rewritePaired(inputs[:1])
					} else {
						out = [][]data.Item{inputs[0]}
					}
				}
			} else {
				r.runData[ex.node] = append(r.runData[ex.node], task)
				r.order = append(r.order, NodeRun{ex.node, runIndex})
				// n8n puts the failed node back on the stack so the
				// execution could be resumed; it stays there.
				r.stack = append([]*stackEntry{ex}, r.stack...)
				if r.hooks != nil && r.hooks.NodeEnd != nil {
					r.hooks.NodeEnd(ex.node, runIndex, task)
				}
				return nodeErr
			}
		}
		for _, output := range out {
			for i := range output {
				// n8n sets json to {error: item.error.message}: the message of
				// an error value, and undefined (so {}) for a plain string.
				ie := output[i].Error
				if ie == nil {
					continue
				}
				switch e := ie.V.(type) {
				case nil:
				case error:
					output[i].JSON = data.ObjectOf("error", e.Error())
				default:
					output[i].JSON = data.NewObject(0)
				}
			}
		}
		task.Data = &TaskOutput{Main: out}
		r.runData[ex.node] = append(r.runData[ex.node], task)
		r.order = append(r.order, NodeRun{ex.node, runIndex})
		if r.hooks != nil && r.hooks.NodeEnd != nil {
			r.hooks.NodeEnd(ex.node, runIndex, task)
		}
		r.releaseFinished(ex.node, task)
		r.addChildren(ex.node, out, runIndex)
		if len(r.stack) == 0 && len(r.waitKeys) > 0 {
			r.releaseWaiting()
		}
	}
	return nil
}

// takesRawInputs reports whether a node run gets its input items as they
// are instead of rewritePaired's copies: a node that only makes new items
// (NewItems) or says it passes items on only through Exec.Own (RawInputs)
// reads its inputs' json and binary, never their pairedItem, so
// the copy (40 bytes an item) would only be read where a pairedItem
// lookup starts, which works the position out instead (pairedItem), and
// where the inputs go on after an error, which copies them then. Disabled
// nodes and triggers pass their inputs on, and a run stopped before a node
// keeps the inputs n8n would store: those get the copies.
func (r *run) takesRawInputs(pn *preparedNode) bool {
	return pn != nil && (pn.desc.NewItems || pn.desc.RawInputs) && !pn.node.Disabled && pn.desc.Kind != KindTrigger && r.stopBefore == ""
}

// ownPaired is the pairedItem rewritePaired gives item i of input in
// ({item: i, input: in}), taken from the entries the run shares
// (pairedEntries; rewritePaired and reservePaired make them as long as
// each input) or made anew past their end. Nothing changes a pairedItem
// in place, so items may share it.
func (r *run) ownPaired(in, i int) data.Paired {
	if in >= 0 && in < len(r.paired) {
		if ps := r.paired[in]; i >= 0 && i < len(ps) {
			return data.MakePaired(ps[i:i+1], data.PairedObject)
		}
	}
	return data.MakePaired([]data.PairedItem{{Item: i, Input: int32(in)}}, data.PairedObject)
}

// reservePaired makes the shared pairedItem entries as long as the inputs,
// as rewritePaired does, so that Exec.One hands out shared entries.
func (r *run) reservePaired(inputs [][]data.Item) {
	for in, items := range inputs {
		if items != nil {
			r.pairedEntries(in, len(items))
		}
	}
}

// rewritePaired copies the input items and points their pairedItem at their
// own position, as n8n does before every node run.
func (r *run) rewritePaired(inputs [][]data.Item) [][]data.Item {
	out := make([][]data.Item, len(inputs))
	for in, items := range inputs {
		if items == nil {
			continue
		}
		cp := make([]data.Item, len(items))
		ps := r.pairedEntries(in, len(items))
		for i, it := range items {
			it.Paired = data.MakePaired(ps[i:i+1], data.PairedObject)
			cp[i] = it
		}
		out[in] = cp
	}
	return out
}

// pairedEntries returns at least n entries {item: i, input: in} (i from
// 0), grown as needed and kept for the run.
func (r *run) pairedEntries(in, n int) []data.PairedItem {
	for len(r.paired) <= in {
		r.paired = append(r.paired, nil)
	}
	ps := r.paired[in]
	if len(ps) < n {
		grown := make([]data.PairedItem, max(n, 2*len(ps)))
		copy(grown, ps)
		for i := len(ps); i < len(grown); i++ {
			grown[i] = data.PairedItem{Item: i, Input: int32(in)}
		}
		ps = grown
		r.paired[in] = ps
	}
	return ps
}

// ensureInputData is n8n's check that, in v0, every connected input has
// data; a node without it goes back to the end of the stack. (An index past
// the end is JavaScript's undefined, which n8n does not treat as missing.)
func (r *run) ensureInputData(ex *stackEntry) bool {
	if r.v1 {
		return true
	}
	for idx := range r.wf.Parents(ex.node) {
		if len(ex.inputs) < idx || (idx < len(ex.inputs) && ex.inputs[idx] == nil) {
			r.stack = append(r.stack, ex)
			return false
		}
	}
	return true
}

// runWithRetries runs a node with n8n's retryOnFail rules. skip reports a
// node that returned no data at all (no run data is recorded then).
func (r *run) runWithRetries(pn *preparedNode, ex *stackEntry, inputs [][]data.Item, runIndex int) (out [][]data.Item, nodeErr error, skip bool) {
	n := pn.node
	maxTries, wait := 1, 0.0
	if n.RetryOnFail {
		mt := 0.0
		if n.MaxTries != nil {
			mt = *n.MaxTries
		}
		if mt == 0 {
			mt = 3
		}
		maxTries = int(min(5, max(2, mt)))
		wb := 0.0
		if n.WaitBetweenTries != nil {
			wb = *n.WaitBetweenTries
		}
		if wb == 0 {
			wb = 1000
		}
		wait = min(5000, max(0, wb))
	}
	sleep := func() error {
		if wait == 0 {
			return nil
		}
		return r.eng.opts.Sleep(r.ctx, time.Duration(wait)*time.Millisecond)
	}
	if n.RetryOnFail {
		// A 429 retried by the HTTP client counts as one of the tries.
		r.tries = httpx.NewTries(maxTries - 1)
		defer func() { r.tries = nil }()
	}
	for try := 0; try < maxTries; try++ {
		if try > 0 && r.tries != nil && !r.tries.Take() {
			break // the requests' 429 retries used the remaining tries
		}
		nodeErr = nil
		if try > 0 {
			if err := sleep(); err != nil {
				return nil, r.ctx.Err(), false
			}
		}
		if rec := r.recorded[n.Name]; len(rec) > 0 && !n.Disabled {
			out = cloneOutputs(rec[min(runIndex, len(rec)-1)])
		} else if pin, ok := r.pinData[n.Name]; ok && !n.Disabled {
			out = [][]data.Item{pin}
		} else {
			var none bool
			out, none, nodeErr = r.runNode(pn, ex, inputs, runIndex)
			// A continueOnFail node that caught an error and reported it as
			// its first item is retried too.
			for nodeErr == nil && !none && softFailed(out) && try != maxTries-1 {
				if r.tries != nil && !r.tries.Take() {
					break
				}
				if err := sleep(); err != nil {
					return nil, r.ctx.Err(), false
				}
				out, none, nodeErr = r.runNode(pn, ex, inputs, runIndex)
				try++
			}
			if nodeErr != nil {
				r.last = n.Name
				if r.ctx.Err() != nil {
					return nil, r.ctx.Err(), false
				}
				continue
			}
			if none {
				out = nil
			} else if n.OnErrorMode() == "continueErrorOutput" {
				out = r.routeErrorItems(pn, ex, out)
			}
		}
		out = assignPaired(out, inputs)
		if out != nil {
			r.last = n.Name
		}
		if len(out) == 0 || len(out[0]) == 0 {
			if n.AlwaysOutputData {
				var ps []data.PairedItem
				for in, items := range inputs {
					for i := range items {
						ps = append(ps, data.PairedItem{Item: i, Input: int32(in), HasInput: true})
					}
				}
				if out == nil {
					out = [][]data.Item{nil}
				}
				out[0] = []data.Item{{JSON: data.NewObject(0), Paired: data.MakePaired(ps, data.PairedArray)}}
			}
		}
		if out == nil {
			return nil, nil, true
		}
		return out, nil, false
	}
	return out, nodeErr, false
}

func softFailed(out [][]data.Item) bool {
	if len(out) == 0 || len(out[0]) == 0 {
		return false
	}
	return out[0][0].JSON.Has("error")
}

// runNode runs a node once (n8n's runNode). none reports "no output".
func (r *run) runNode(pn *preparedNode, ex *stackEntry, inputs [][]data.Item, runIndex int) (out [][]data.Item, none bool, err error) {
	n := pn.node
	if n.Disabled {
		if len(inputs) > 0 && inputs[0] != nil {
			return [][]data.Item{inputs[0]}, false, nil
		}
		return nil, true, nil
	}
	if pt, ok := pn.typ.(PollTrigger); ok && !n.Disabled && (r.mode == "manual" || (r.mode == "cli" && !r.startGiven)) {
		// n8n's executePollNode: in manual mode the node polls once (a
		// CLI run started from it without input does the same).
		exe := &Exec{ctx: r.ctx, run: r, node: n, typ: pn.typ, params: pn.params, inputs: inputs, rawInputs: ex.raw, runIndex: runIndex, source: ex.source}
		items, err := safePoll(r.ctx, pt, exe)
		if err != nil {
			return nil, false, err
		}
		if items == nil {
			return nil, true, nil
		}
		return [][]data.Item{items}, false, nil
	}
	if pn.desc.Kind == KindTrigger && r.mode != "manual" && !pn.desc.RunsOnStart {
		// Outside manual mode a trigger passes on what started the run.
		return inputs, false, nil
	}
	if pn.desc.Kind != KindTrigger {
		if len(inputs) == 0 {
			return nil, true, nil
		}
		if r.connectionInput(inputs) == nil {
			return nil, true, nil
		}
	}
	if n.ExecuteOnce {
		cut := make([][]data.Item, len(inputs))
		for i, in := range inputs {
			if in != nil {
				cut[i] = in[:min(1, len(in))]
			}
		}
		inputs = cut
	}
	ctx := r.ctx
	if r.tries != nil {
		ctx = httpx.WithTries(ctx, r.tries)
	}
	exe := &Exec{ctx: ctx, run: r, node: n, typ: pn.typ, params: pn.params, inputs: inputs, rawInputs: ex.raw, runIndex: runIndex, source: ex.source}
	out, err = safeExecute(ctx, pn.typ, exe)
	if err != nil {
		return nil, false, err
	}
	if out == nil {
		return nil, true, nil
	}
	for i := range out {
		if out[i] == nil {
			out[i] = emptyItems()
		}
	}
	return out, false, nil
}

// safeExecute turns a panic inside a node into a node error: no input may
// crash the process.
func safeExecute(ctx context.Context, n Node, ex *Exec) (out [][]data.Item, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, &NodeError{Name: "NodeOperationError", Message: fmt.Sprintf("internal error in node %q: %v", ex.Name(), p), ItemIndex: -1}
		}
	}()
	return n.Execute(ctx, ex)
}

// connectionInput is the input expressions read as $input/$json: input 0 in
// v0, the first non-empty input in v1.
func (r *run) connectionInput(inputs [][]data.Item) []data.Item {
	conn, _ := r.connectionInputAt(inputs)
	return conn
}

// connectionInputAt is connectionInput with the index of the input.
func (r *run) connectionInputAt(inputs [][]data.Item) ([]data.Item, int) {
	if len(inputs) == 0 {
		return nil, 0
	}
	conn, at := inputs[0], 0
	if r.v1 {
		for i, in := range inputs {
			if len(in) > 0 {
				conn, at = in, i
				break
			}
		}
	}
	if len(conn) == 0 {
		return nil, 0
	}
	return conn, at
}

// assignPaired fills in missing pairedItem as n8n's assignPairedItems.
// cloneOutputs copies recorded outputs, so that a node run after them
// cannot change what the next run of the recorded node emits.
func cloneOutputs(outs [][]data.Item) [][]data.Item {
	cp := make([][]data.Item, len(outs))
	for o, items := range outs {
		if items == nil {
			continue
		}
		cp[o] = make([]data.Item, len(items))
		for i, it := range items {
			if it.JSON != nil {
				it.JSON = it.JSON.Clone()
			}
			if it.Binary != nil {
				it.Binary = it.Binary.Clone()
			}
			cp[o][i] = it
		}
	}
	return cp
}

func assignPaired(out [][]data.Item, inputs [][]data.Item) [][]data.Item {
	if len(out) == 0 {
		return out
	}
	single := len(inputs) == 1 && len(inputs[0]) == 1
	same := len(out) == 1 && len(inputs) == 1 && inputs[0] != nil && len(inputs[0]) == len(out[0])
	for _, items := range out {
		for i := range items {
			if items[i].Paired.IsSet() {
				continue
			}
			switch {
			case single:
				items[i].Paired = data.One(0)
			case same:
				items[i].Paired = data.One(i)
			default:
				return out
			}
		}
	}
	return out
}

// addChildren queues the children of a node that produced output.
func (r *run) addChildren(name string, out [][]data.Item, runIndex int) {
	type add struct {
		pos    [2]float64
		conn   workflow.Connection
		output int
	}
	var adds []add
	for outIdx, conns := range r.wf.Outputs(name) {
		for _, c := range conns {
			if r.wf.Node(c.Node) == nil {
				continue
			}
			if outIdx >= len(out) || out[outIdx] == nil {
				continue
			}
			if len(out[outIdx]) == 0 && !(c.Index > 0 && !r.v1) {
				continue
			}
			if r.v1 {
				adds = append(adds, add{pos: r.wf.Node(c.Node).Position, conn: c, output: outIdx})
			} else {
				r.addNode(c, outIdx, name, out, runIndex)
			}
		}
	}
	if !r.v1 {
		return
	}
	jsvalue.SortShort(adds, func(a, b add) int {
		if a.pos[1] < b.pos[1] {
			return 1
		}
		if a.pos[1] > b.pos[1] {
			return -1
		}
		if a.pos[0] > b.pos[0] {
			return -1
		}
		return 0
	})
	for _, a := range adds {
		r.addNode(a.conn, a.output, name, out, runIndex)
	}
}

func (r *run) enqueue(e *stackEntry) {
	if r.v1 {
		r.stack = append([]*stackEntry{e}, r.stack...)
	} else {
		r.stack = append(r.stack, e)
	}
}

func sourceOf(parent string, output, runIndex int) *TaskSource {
	return &TaskSource{PreviousNode: parent, PreviousNodeOutput: output, PreviousNodeRun: runIndex}
}

// addNode is n8n's addNodeToBeExecuted.
func (r *run) addNode(c workflow.Connection, output int, parent string, out [][]data.Item, runIndex int) {
	numInputs := len(r.wf.Parents(c.Node))
	if numInputs > 1 {
		r.addToWaiting(c, output, parent, out, runIndex, numInputs)
		return
	}
	inputs := make([][]data.Item, c.Index+1)
	inputs[c.Index] = out[output]
	r.enqueue(&stackEntry{node: c.Node, inputs: inputs, source: []*TaskSource{sourceOf(parent, output, runIndex)}})
}

func (r *run) addToWaiting(c workflow.Connection, output int, parent string, out [][]data.Item, runIndex, numInputs int) {
	wn := r.waiting[c.Node]
	wasWaiting := wn != nil
	if wn == nil {
		wn = &waitingNode{runs: map[int]*waitEntry{}}
		r.waiting[c.Node] = wn
		r.waitKeys = append(r.waitKeys, c.Node)
	}
	idx, create := -1, true
	for _, k := range sortedInts(wn.runs) {
		if e := wn.runs[k]; c.Index >= len(e.inputs) || e.inputs[c.Index] == nil {
			idx, create = k, false
			break
		}
	}
	if idx < 0 {
		idx = len(wn.runs)
	}
	if create {
		wn.runs[idx] = &waitEntry{inputs: make([][]data.Item, numInputs), source: make([]*TaskSource, numInputs)}
	}
	e := wn.runs[idx]
	for len(e.inputs) <= c.Index {
		e.inputs = append(e.inputs, nil)
		e.source = append(e.source, nil)
	}
	e.inputs[c.Index] = out[output]
	e.source[c.Index] = sourceOf(parent, output, runIndex)
	for _, in := range e.inputs {
		if in == nil {
			if !wasWaiting && !r.v1 {
				r.forceParents(c, output, parent, out, runIndex)
			}
			return
		}
	}
	// Every input has data: run it now (n8n uses the order's enqueue).
	r.enqueue(&stackEntry{node: c.Node, inputs: e.inputs, source: e.source})
	r.deleteWaiting(c.Node, idx)
}

func (r *run) deleteWaiting(node string, idx int) {
	wn := r.waiting[node]
	delete(wn.runs, idx)
	if len(wn.runs) == 0 {
		delete(r.waiting, node)
		for i, k := range r.waitKeys {
			if k == node {
				r.waitKeys = append(r.waitKeys[:i:i], r.waitKeys[i+1:]...)
				break
			}
		}
	}
}

func sortedInts(m map[int]*waitEntry) []int {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}

// releaseWaiting runs, when the stack is empty, the first waiting node whose
// required inputs have data (missing inputs become []), as n8n does.
func (r *run) releaseWaiting() {
	keys := append([]string(nil), r.waitKeys...)
	for i := 0; i < len(keys); i++ {
		name := keys[i]
		pn := r.nodes[name]
		wn := r.waiting[name]
		if pn == nil || wn == nil {
			continue
		}
		var reqCount int
		var reqList []int
		hasReq := false
		if r.v1 && pn.desc.RequiredInputs != nil {
			hasReq = true
			reqCount, reqList = pn.desc.RequiredInputs(pn.params, pn.node.TypeVersion)
			// n8n skips a node whose every input is required; that case can
			// never be released here (it would have run when its last input
			// arrived), so the check below covers it.
		}
		parentWaiting := false
		for _, p := range r.ancestors(name) {
			if r.waiting[p] != nil {
				parentWaiting = true
				break
			}
		}
		if parentWaiting {
			continue
		}
		runKeys := make([]string, 0, len(wn.runs))
		for k := range wn.runs {
			runKeys = append(runKeys, strconv.Itoa(k))
		}
		sort.Strings(runKeys) // JS sorts the keys as strings
		first, _ := strconv.Atoi(runKeys[0])
		e := wn.runs[first]
		if hasReq {
			var with []int
			for idx, in := range e.inputs {
				if in != nil {
					with = append(with, idx)
				}
			}
			if reqList != nil {
				missing := false
				for _, want := range reqList {
					if !containsInt(with, want) {
						missing = true
						break
					}
				}
				if missing {
					continue
				}
			} else if len(with) < reqCount {
				continue
			}
		}
		main := make([][]data.Item, len(e.inputs))
		nonEmpty := false
		for idx, in := range e.inputs {
			if in == nil {
				main[idx] = emptyItems()
			} else {
				main[idx] = in
			}
			if len(main[idx]) > 0 {
				nonEmpty = true
			}
		}
		if nonEmpty {
			declared := len(main)
			if pn.desc.Inputs != nil {
				declared = pn.desc.Inputs(pn.params, pn.node.TypeVersion)
			}
			for len(main) < declared {
				main = append(main, emptyItems())
			}
			r.stack = append(r.stack, &stackEntry{node: name, inputs: main, source: e.source})
		}
		r.deleteWaiting(name, first)
		if nonEmpty {
			return
		}
		keys = append([]string(nil), r.waitKeys...)
		i = -1
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// ancestors lists every node that reaches name through main connections.
func (r *run) ancestors(name string) []string {
	seen := map[string]bool{}
	var out []string
	stack := []string{name}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, in := range r.wf.Parents(n) {
			for _, s := range in {
				if !seen[s.Node] {
					seen[s.Node] = true
					out = append(out, s.Node)
					stack = append(stack, s.Node)
				}
			}
		}
	}
	return out
}

// errorData converts an error to n8n's error object.
func (r *run) errorData(err error, n *workflow.Node) *ErrorData {
	ne := AsNodeError(err)
	ed := &ErrorData{Message: ne.Message, Name: ne.Name, Description: ne.Description, HTTPCode: ne.HTTPCode, Extra: ne.Extra}
	ctx := map[string]any{}
	for k, v := range ne.Context {
		ctx[k] = redactHeaders(v)
	}
	if ne.ItemIndex >= 0 {
		if _, ok := ctx["itemIndex"]; !ok {
			ctx["itemIndex"] = ne.ItemIndex
		}
	}
	ed.Context = ctx
	if n == nil && ne.Node != "" {
		n = r.wf.Node(ne.Node)
	}
	if n != nil {
		ed.Node = &ErrorNode{Name: n.Name, Type: n.Type, TypeVersion: n.TypeVersion}
	}
	return ed
}
