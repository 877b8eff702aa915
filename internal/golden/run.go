package golden

import (
	"encoding/json"
	"fmt"
	"sort"
)

// NormalizeRun reduces an execution document to the parts both n8n and
// n8n-go must agree on, so the two can be compared with Compare. It accepts
// the output of `n8n execute --rawOutput` and a marshalled n8n-go
// engine.Result alike (both are n8n's IRun shape). The result is:
//
//	{ "status", "lastNodeExecuted",
//	  "error"?: {message, name, description},        // resultData.error
//	  "runData": { "<node>": [ {                       // one per run
//	      "executionIndex", "executionStatus",
//	      "source": [ {previousNode, previousNodeOutput?, previousNodeRun?} | null ],
//	      "data"?: {"main": [ [ {json, pairedItem?, binary?} ] | null ]},
//	      "error"?: {message, name, description} } ] } }
//
// Timing fields, hints, stacks, error contexts and n8n-internal ids are left
// out. A source's previousNodeOutput/previousNodeRun of 0 is dropped (n8n
// omits them; either form is accepted), and an empty or null error
// description counts as absent.
func NormalizeRun(doc []byte) ([]byte, error) {
	v, err := decode(doc)
	if err != nil {
		return nil, fmt.Errorf("golden: execution document: %w", err)
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("golden: execution document is not an object")
	}
	out := map[string]any{"status": root["status"]}
	resultData := dig(root, "data", "resultData")
	if resultData == nil {
		return nil, fmt.Errorf("golden: execution document has no data.resultData")
	}
	if last, ok := resultData["lastNodeExecuted"]; ok {
		out["lastNodeExecuted"] = last
	}
	if e, ok := resultData["error"].(map[string]any); ok {
		out["error"] = normError(e)
	}
	runData := map[string]any{}
	if rd, ok := resultData["runData"].(map[string]any); ok {
		for node, runs := range rd {
			list, _ := runs.([]any)
			norm := make([]any, 0, len(list))
			for _, r := range list {
				task, ok := r.(map[string]any)
				if !ok {
					norm = append(norm, r)
					continue
				}
				norm = append(norm, normTask(task))
			}
			runData[node] = norm
		}
	}
	out["runData"] = runData
	return json.MarshalIndent(out, "", "  ")
}

// CompareRuns normalises both execution documents with NormalizeRun and
// compares them.
func CompareRuns(want, got []byte, opts Options) []string {
	w, err := NormalizeRun(want)
	if err != nil {
		return []string{"want: " + err.Error()}
	}
	g, err := NormalizeRun(got)
	if err != nil {
		return []string{"got: " + err.Error()}
	}
	return Compare(w, g, opts)
}

// NodeOrder lists "node#run" in execution order, read from the
// executionIndex of each run in an execution document (NormalizeRun output
// or a raw document). It is a compact way to report order differences.
func NodeOrder(doc []byte) ([]string, error) {
	v, err := decode(doc)
	if err != nil {
		return nil, err
	}
	root, _ := v.(map[string]any)
	rd, _ := root["runData"].(map[string]any)
	if rd == nil {
		rd, _ = dig(root, "data", "resultData")["runData"].(map[string]any)
	}
	type entry struct {
		name string
		idx  float64
	}
	var es []entry
	for node, runs := range rd {
		list, _ := runs.([]any)
		for i, r := range list {
			task, _ := r.(map[string]any)
			idx, ok := number(task["executionIndex"])
			if !ok {
				idx = -1
			}
			es = append(es, entry{fmt.Sprintf("%s#%d", node, i), idx})
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].idx != es[j].idx {
			return es[i].idx < es[j].idx
		}
		return es[i].name < es[j].name
	})
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.name
	}
	return out, nil
}

func dig(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}

func normTask(t map[string]any) map[string]any {
	out := map[string]any{
		"executionIndex":  t["executionIndex"],
		"executionStatus": t["executionStatus"],
		"source":          normSource(t["source"]),
	}
	if d, ok := t["data"].(map[string]any); ok {
		out["data"] = map[string]any{"main": normOutputs(d["main"])}
	}
	if e, ok := t["error"].(map[string]any); ok {
		out["error"] = normError(e)
	}
	return out
}

func normSource(v any) any {
	list, ok := v.([]any)
	if !ok {
		if v == nil {
			return []any{}
		}
		return v
	}
	out := make([]any, len(list))
	for i, s := range list {
		m, ok := s.(map[string]any)
		if !ok {
			out[i] = s
			continue
		}
		n := map[string]any{"previousNode": m["previousNode"]}
		for _, k := range []string{"previousNodeOutput", "previousNodeRun"} {
			if f, ok := number(m[k]); ok && f != 0 {
				n[k] = m[k]
			}
		}
		out[i] = n
	}
	return out
}

func normOutputs(v any) any {
	outs, ok := v.([]any)
	if !ok {
		return v
	}
	res := make([]any, len(outs))
	for i, o := range outs {
		items, ok := o.([]any)
		if !ok {
			res[i] = o // null: an output the node left undefined
			continue
		}
		norm := make([]any, len(items))
		for j, it := range items {
			m, ok := it.(map[string]any)
			if !ok {
				norm[j] = it
				continue
			}
			n := map[string]any{"json": m["json"]}
			if p, ok := m["pairedItem"]; ok {
				n["pairedItem"] = p
			}
			if b, ok := m["binary"]; ok && b != nil {
				n["binary"] = b
			}
			norm[j] = n
		}
		res[i] = norm
	}
	return res
}

func normError(e map[string]any) map[string]any {
	out := map[string]any{"message": e["message"]}
	if n, ok := e["name"]; ok && n != nil && n != "" {
		out["name"] = n
	}
	if d, ok := e["description"]; ok && d != nil && d != "" {
		out["description"] = d
	}
	return out
}
