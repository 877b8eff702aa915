package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// TaskSource is one entry of a run's source list: where an input came from.
type TaskSource struct {
	PreviousNode       string
	PreviousNodeOutput int
	PreviousNodeRun    int
}

// MarshalJSON omits output and run when 0, as n8n does (they are undefined).
func (s TaskSource) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"previousNode":`)
	enc, _ := json.Marshal(s.PreviousNode)
	b.Write(enc)
	if s.PreviousNodeOutput != 0 {
		fmt.Fprintf(&b, `,"previousNodeOutput":%d`, s.PreviousNodeOutput)
	}
	if s.PreviousNodeRun != 0 {
		fmt.Fprintf(&b, `,"previousNodeRun":%d`, s.PreviousNodeRun)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the n8n form.
func (s *TaskSource) UnmarshalJSON(b []byte) error {
	var raw struct {
		PreviousNode       string `json:"previousNode"`
		PreviousNodeOutput int    `json:"previousNodeOutput"`
		PreviousNodeRun    int    `json:"previousNodeRun"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*s = TaskSource(raw)
	return nil
}

// TaskData is one run of a node: n8n's ITaskData.
type TaskData struct {
	StartTime       int64         `json:"startTime"`
	ExecutionIndex  int           `json:"executionIndex"`
	Source          []*TaskSource `json:"source"`
	Hints           []any         `json:"hints"`
	ExecutionTime   int64         `json:"executionTime"`
	ExecutionStatus string        `json:"executionStatus"`
	Data            *TaskOutput   `json:"data,omitempty"`
	Error           *ErrorData    `json:"error,omitempty"`
	// Metadata is what the node set with Exec.SetMetadata (n8n's
	// ITaskMetadata: subExecution, subExecutionsCount…).
	Metadata *data.Object `json:"metadata,omitempty"`
	// spooled is where the run's encoded run data went when its items were
	// released (see Spool); nil while they are in memory.
	spooled *spoolSpan
	// pending is the spool's write of the run while it is handed over but
	// not yet applied (its items are still in memory).
	pending *spoolJob
}

// Released reports whether the run's output items were handed to the
// run's Spool, to be dropped from memory once written: Data.Main then keeps the outputs'
// shape (and, for runs pairedItem lookups walk through, each item's
// pairedItem) but no item data; only Result.WriteJSON still writes them.
func (t *TaskData) Released() bool { return t.spooled != nil || t.pending != nil }

// TaskOutput is {"main": [[items of output 0], …]}; a nil output list is
// written as null, as n8n does for an output a node left undefined.
type TaskOutput struct {
	Main [][]data.Item `json:"main"`
}

// MarshalJSON writes the outputs with n8n's item encoding.
func (o TaskOutput) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"main":[`)
	for i, out := range o.Main {
		if i > 0 {
			b.WriteByte(',')
		}
		if out == nil {
			b.WriteString("null")
			continue
		}
		enc, err := data.MarshalValue(out)
		if err != nil {
			return nil, err
		}
		b.Write(enc)
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

// ErrorData is an error as n8n records it in run data and resultData.error.
type ErrorData struct {
	Message     string         `json:"message"`
	Name        string         `json:"name,omitempty"`
	Description string         `json:"description,omitempty"`
	HTTPCode    string         `json:"httpCode,omitempty"`
	Context     map[string]any `json:"context,omitempty"`
	Node        *ErrorNode     `json:"node,omitempty"`
	Stack       string         `json:"stack,omitempty"`
	Extra       map[string]any `json:"-"`
}

// ErrorNode names the failing node inside an error.
type ErrorNode struct {
	Name        string  `json:"name"`
	Type        string  `json:"type"`
	TypeVersion float64 `json:"typeVersion"`
}

// MarshalJSON merges Extra into the object.
func (e ErrorData) MarshalJSON() ([]byte, error) {
	type plain ErrorData
	b, err := json.Marshal(plain(e))
	if err != nil || len(e.Extra) == 0 {
		return b, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, v := range e.Extra {
		if _, taken := m[k]; !taken {
			m[k] = v
		}
	}
	return data.MarshalValue(m)
}

// Result is a whole execution in n8n's IRun shape, so it can be compared
// with `n8n execute --rawOutput`.
type Result struct {
	Data      ExecutionData `json:"data"`
	Mode      string        `json:"mode"`
	StartedAt time.Time     `json:"startedAt"`
	StoppedAt time.Time     `json:"stoppedAt"`
	Status    string        `json:"status"`
	Finished  bool          `json:"finished,omitempty"`
	// WaitTill is when a parked execution (status "waiting") resumes.
	WaitTill *time.Time `json:"waitTill,omitempty"`
	// Order lists the node runs in execution order (not part of n8n's
	// shape; used by summaries and tests).
	Order []NodeRun `json:"-"`
	// stack is the execution stack read by ParseResult.
	stack []*stackEntry
	// parked is the rest of a parked execution's state read by
	// ParseResult (contexts, nodes waiting for inputs).
	parked *parkedState
}

// NodeRun names one run of a node.
type NodeRun struct {
	Node string
	Run  int
}

// ExecutionData is IRun.data.
type ExecutionData struct {
	Version       int            `json:"version"`
	StartData     map[string]any `json:"startData"`
	ResultData    ResultData     `json:"resultData"`
	ExecutionData map[string]any `json:"executionData"`
}

// ResultData holds the run data of every node.
type ResultData struct {
	RunData          map[string][]*TaskData `json:"runData"`
	PinData          map[string][]data.Item `json:"pinData,omitempty"`
	LastNodeExecuted string                 `json:"lastNodeExecuted,omitempty"`
	Error            *ErrorData             `json:"error,omitempty"`
	// Metadata is the custom execution data ($execution.customData).
	Metadata *data.Object `json:"metadata,omitempty"`
}

// Succeeded reports whether the run finished without error.
func (r *Result) Succeeded() bool { return r.Status == "success" }
