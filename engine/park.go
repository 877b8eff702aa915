package engine

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Parking: n8n puts an execution whose Wait lasts 65 s or more into its
// database and resumes it from the Wait node when the time comes, even in
// another process. A run started with RunOptions.CanPark does the same: the
// node calls Exec.Park, the run ends with status "waiting", WaitTill set and
// the node still on the execution stack (executionData.nodeExecutionStack,
// n8n's shape), and a later Run with RunOptions.Resume set to that result
// (ParseResult of its stored JSON) goes on from the node.

// CanPark tells whether the node may park the execution instead of
// waiting in the process: the caller keeps executions (serve with a
// store) and everything of the run can be written into the parked
// document: the stack, the nodes waiting for their other inputs and the
// node contexts (see parkState; a context with Go state needs its node's
// ContextCodec). Spooled run data is read back by WriteJSON, which the
// caller uses before the spool closes; pinned data is the workflow's and
// is read again on resume (same mode).
func (ex *Exec) CanPark() bool {
	r := ex.run
	return r.canPark && r.contextsStorable()
}

// Park ends the run after the current node returns (its output is
// ignored); the node runs again when the execution is resumed at until,
// and then ResumedRun tells it so.
func (ex *Exec) Park(until time.Time) { ex.run.parkUntil = until }

// ParkedResult is the execution as Park(until) would leave it if the
// current node parked now, without ending the run: a node that waits in
// the process for a call (Wait on a webhook or a form) gives it to serve,
// which stores it so the execution can be resumed from this node after a
// restart, as n8n keeps such waits in its database. The result shares the
// run's data: encode it before the node returns. Only meaningful when
// CanPark is true.
func (ex *Exec) ParkedResult(until time.Time) *Result {
	r := ex.run
	u := until.UTC()
	res := &Result{Mode: r.mode, StartedAt: r.started, StoppedAt: r.eng.now().UTC(), Status: "waiting", WaitTill: &u}
	res.Data = r.executionData()
	cur := &stackEntry{node: ex.node.Name, inputs: ex.inputs, source: ex.source}
	saved := r.stack
	r.stack = append([]*stackEntry{cur}, saved...)
	res.Data.ExecutionData["nodeExecutionStack"] = r.stackValue()
	r.stack = saved
	if err := r.parkState(res.Data.ExecutionData); err != nil {
		// CanPark said it could: only a codec failing gets here; the
		// execution then waits in memory only.
		r.eng.log.Warn("parked execution's state could not be stored", "executionId", r.execID, "error", err)
		return nil
	}
	return res
}

// ParkedUntil is the waitTill of the parked execution this node run
// resumes (zero when it is not resumed, or waited indefinitely): a wait
// with a limit keeps its limit across a restart.
func (ex *Exec) ParkedUntil() time.Time {
	if !ex.ResumedRun() {
		return time.Time{}
	}
	return ex.run.resumeTill
}

// ResumedRun tells whether this node run resumes a parked execution.
func (ex *Exec) ResumedRun() bool {
	return ex.run.resuming != "" && ex.run.resuming == ex.node.Name && ex.runIndex == len(ex.run.runData[ex.node.Name])
}

// stackJSON is one nodeExecutionStack entry as n8n stores it.
type stackJSON struct {
	Node struct {
		Name string `json:"name"`
	} `json:"node"`
	Data struct {
		Main [][]data.Item `json:"main"`
	} `json:"data"`
	Source *struct {
		Main []*TaskSource `json:"main"`
	} `json:"source"`
}

// stackValue is the execution stack in n8n's nodeExecutionStack shape.
func (r *run) stackValue() []any {
	out := make([]any, 0, len(r.stack))
	for _, e := range r.stack {
		main := make([]any, len(e.inputs))
		for i, in := range e.inputs {
			if in == nil {
				main[i] = nil
				continue
			}
			main[i] = in
		}
		var source any
		if e.source != nil {
			list := make([]any, len(e.source))
			for i, s := range e.source {
				if s == nil {
					list[i] = nil
					continue
				}
				list[i] = data.ObjectOf("previousNode", s.PreviousNode, "previousNodeOutput", float64(s.PreviousNodeOutput), "previousNodeRun", float64(s.PreviousNodeRun))
			}
			source = data.ObjectOf("main", list)
		}
		out = append(out, data.ObjectOf("node", data.ObjectOf("name", e.node), "data", data.ObjectOf("main", main), "source", source))
	}
	return out
}

// ParseResult reads an execution document written by Result.WriteJSON,
// for RunOptions.Resume.
func ParseResult(b []byte) (*Result, error) {
	var doc struct {
		Data struct {
			ResultData struct {
				RunData          map[string][]*TaskData `json:"runData"`
				LastNodeExecuted string                 `json:"lastNodeExecuted"`
				Metadata         *data.Object           `json:"metadata"`
			} `json:"resultData"`
			ExecutionData struct {
				NodeExecutionStack     []stackJSON     `json:"nodeExecutionStack"`
				ContextData            json.RawMessage `json:"contextData"`
				WaitingExecution       json.RawMessage `json:"waitingExecution"`
				WaitingExecutionSource json.RawMessage `json:"waitingExecutionSource"`
			} `json:"executionData"`
		} `json:"data"`
		Mode      string     `json:"mode"`
		StartedAt time.Time  `json:"startedAt"`
		Status    string     `json:"status"`
		WaitTill  *time.Time `json:"waitTill"`
	}
	err := json.Unmarshal(b, &doc)
	if err != nil {
		return nil, fmt.Errorf("execution document: %w", err)
	}
	res := &Result{Mode: doc.Mode, StartedAt: doc.StartedAt, Status: doc.Status, WaitTill: doc.WaitTill}
	rd := doc.Data.ResultData
	if rd.RunData == nil {
		rd.RunData = map[string][]*TaskData{}
	}
	res.Data.ResultData = ResultData{RunData: rd.RunData, LastNodeExecuted: rd.LastNodeExecuted, Metadata: rd.Metadata}
	stack := make([]*stackEntry, 0, len(doc.Data.ExecutionData.NodeExecutionStack))
	for _, e := range doc.Data.ExecutionData.NodeExecutionStack {
		se := &stackEntry{node: e.Node.Name, inputs: e.Data.Main}
		if e.Source != nil {
			se.source = e.Source.Main
		}
		stack = append(stack, se)
	}
	res.stack = stack
	xd := doc.Data.ExecutionData
	if res.parked, err = parseParkedState(xd.ContextData, xd.WaitingExecution, xd.WaitingExecutionSource); err != nil {
		return nil, fmt.Errorf("execution document: %w", err)
	}
	return res, nil
}
