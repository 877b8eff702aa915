package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// A parked execution keeps, besides its stack, what else of the run lives
// between node runs, in n8n's executionData shapes: the node contexts
// (contextData, "node:<name>" → the context object) and the runs of nodes
// waiting for their other inputs (waitingExecution: node → run index →
// {main: [items | null per input]}; waitingExecutionSource: the same with
// each input's source).

// ContextCodec is implemented by a node whose context holds Go values
// (NodeContext.State, which expressions do not see): it writes the whole
// context as the object n8n keeps in contextData and reads it back, so an
// execution parked while the node's context is in use (Loop Over Items
// between batches) can be resumed from the store. A context without State
// is stored as its Values and needs no codec.
type ContextCodec interface {
	EncodeContext(c *NodeContext) (*data.Object, error)
	DecodeContext(o *data.Object) (*NodeContext, error)
}

// contextsStorable tells whether every node context can be written into
// a parked document.
func (r *run) contextsStorable() bool {
	for name, c := range r.contexts {
		if len(c.State) == 0 {
			continue
		}
		pn := r.nodes[name]
		if pn == nil {
			return false
		}
		if _, ok := pn.typ.(ContextCodec); !ok {
			return false
		}
	}
	return true
}

// contextKey is n8n's key of a node's context in contextData.
func contextKey(node string) string { return "node:" + node }

// parkState writes contextData, waitingExecution and
// waitingExecutionSource into the document's executionData.
func (r *run) parkState(ed map[string]any) error {
	ctxData := data.NewObject(len(r.contexts))
	for _, name := range r.contextOrder {
		c := r.contexts[name]
		if c == nil {
			continue
		}
		o := c.Values
		if len(c.State) > 0 {
			codec, ok := r.nodes[name].typ.(ContextCodec)
			if !ok {
				return fmt.Errorf("the context of node %q cannot be stored", name)
			}
			var err error
			if o, err = codec.EncodeContext(c); err != nil {
				return fmt.Errorf("the context of node %q: %w", name, err)
			}
		}
		ctxData.Set(contextKey(name), o)
	}
	ed["contextData"] = ctxData
	var we, ws bytes.Buffer
	we.WriteByte('{')
	ws.WriteByte('{')
	for i, name := range r.waitKeys {
		wn := r.waiting[name]
		if i > 0 {
			we.WriteByte(',')
			ws.WriteByte(',')
		}
		key, _ := json.Marshal(name)
		we.Write(key)
		ws.Write(key)
		we.WriteString(":{")
		ws.WriteString(":{")
		for j, idx := range sortedInts(wn.runs) {
			e := wn.runs[idx]
			if j > 0 {
				we.WriteByte(',')
				ws.WriteByte(',')
			}
			k := `"` + strconv.Itoa(idx) + `":{"main":[`
			we.WriteString(k)
			ws.WriteString(k)
			for n, in := range e.inputs {
				if n > 0 {
					we.WriteByte(',')
				}
				if in == nil {
					we.WriteString("null")
					continue
				}
				b, err := json.Marshal(in)
				if err != nil {
					return fmt.Errorf("the waiting input of node %q: %w", name, err)
				}
				we.Write(b)
			}
			for n, s := range e.source {
				if n > 0 {
					ws.WriteByte(',')
				}
				if s == nil {
					ws.WriteString("null")
					continue
				}
				b, _ := json.Marshal(s)
				ws.Write(b)
			}
			we.WriteString("]}")
			ws.WriteString("]}")
		}
		we.WriteString("}")
		ws.WriteString("}")
	}
	we.WriteByte('}')
	ws.WriteByte('}')
	ed["waitingExecution"] = json.RawMessage(we.Bytes())
	ed["waitingExecutionSource"] = json.RawMessage(ws.Bytes())
	return nil
}

// parkedState is what ParseResult reads of parkState's fields.
type parkedState struct {
	contexts *data.Object
	waiting  map[string]*waitingNode
	waitKeys []string
}

type waitingJSON map[string]map[string]struct {
	Main []json.RawMessage `json:"main"`
}

// parseParkedState reads contextData, waitingExecution and
// waitingExecutionSource of a stored document.
func parseParkedState(ctxRaw, weRaw, wsRaw json.RawMessage) (*parkedState, error) {
	ps := &parkedState{waiting: map[string]*waitingNode{}}
	if len(ctxRaw) > 0 && string(ctxRaw) != "null" {
		v, err := data.ParseJSON(ctxRaw)
		if err != nil {
			return nil, fmt.Errorf("contextData: %w", err)
		}
		ps.contexts, _ = v.(*data.Object)
	}
	if len(weRaw) == 0 || string(weRaw) == "null" {
		return ps, nil
	}
	// The node order (n8n's key order) decides which waiting node runs
	// first.
	order, err := data.ParseJSON(weRaw)
	if err != nil {
		return nil, fmt.Errorf("waitingExecution: %w", err)
	}
	obj, _ := order.(*data.Object)
	if obj == nil {
		return ps, nil
	}
	var we, ws waitingJSON
	if err := json.Unmarshal(weRaw, &we); err != nil {
		return nil, fmt.Errorf("waitingExecution: %w", err)
	}
	if len(wsRaw) > 0 && string(wsRaw) != "null" {
		if err := json.Unmarshal(wsRaw, &ws); err != nil {
			return nil, fmt.Errorf("waitingExecutionSource: %w", err)
		}
	}
	for _, name := range obj.Keys() {
		wn := &waitingNode{runs: map[int]*waitEntry{}}
		for k, run := range we[name] {
			idx, err := strconv.Atoi(k)
			if err != nil {
				return nil, fmt.Errorf("waitingExecution of %q: run index %q", name, k)
			}
			e := &waitEntry{inputs: make([][]data.Item, len(run.Main)), source: make([]*TaskSource, len(run.Main))}
			for i, raw := range run.Main {
				if strings.TrimSpace(string(raw)) == "null" {
					continue
				}
				var items []data.Item
				if err := json.Unmarshal(raw, &items); err != nil {
					return nil, fmt.Errorf("waitingExecution of %q: %w", name, err)
				}
				if items == nil {
					items = emptyItems()
				}
				e.inputs[i] = items
			}
			if src, ok := ws[name][k]; ok {
				for i, raw := range src.Main {
					if i >= len(e.source) || strings.TrimSpace(string(raw)) == "null" {
						continue
					}
					var s TaskSource
					if err := json.Unmarshal(raw, &s); err != nil {
						return nil, fmt.Errorf("waitingExecutionSource of %q: %w", name, err)
					}
					e.source[i] = &s
				}
			}
			wn.runs[idx] = e
		}
		if len(wn.runs) > 0 {
			ps.waiting[name] = wn
			ps.waitKeys = append(ps.waitKeys, name)
		}
	}
	return ps, nil
}

// restoreParked puts a parked document's contexts and waiting runs back
// into the run that resumes it.
func (r *run) restoreParked(ps *parkedState) error {
	if ps == nil {
		return nil
	}
	if ps.contexts != nil {
		for _, key := range ps.contexts.Keys() {
			name, ok := strings.CutPrefix(key, "node:")
			if !ok {
				continue // "flow" (the workflow's context) is not used by n8n-go's nodes
			}
			o, _ := ps.contexts.Value(key).(*data.Object)
			if o == nil {
				o = data.NewObject(0)
			}
			c := &NodeContext{Values: o, State: map[string]any{}}
			if pn := r.nodes[name]; pn != nil {
				if codec, ok := pn.typ.(ContextCodec); ok {
					var err error
					if c, err = codec.DecodeContext(o); err != nil {
						return fmt.Errorf("the stored context of node %q: %w", name, err)
					}
				}
			}
			if r.contexts == nil {
				r.contexts = map[string]*NodeContext{}
			}
			r.contexts[name] = c
			r.contextOrder = append(r.contextOrder, name)
		}
	}
	for _, name := range ps.waitKeys {
		r.waiting[name] = ps.waiting[name]
		r.waitKeys = append(r.waitKeys, name)
	}
	return nil
}
