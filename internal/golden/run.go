package golden

import (
	"fmt"
	"slices"
	"sort"

	"github.com/n8n-go/n8n-go/engine/data"
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
	root, ok := v.(*data.Object)
	if !ok {
		return nil, fmt.Errorf("golden: execution document is not an object")
	}
	out := data.ObjectOf("status", root.Value("status"))
	resultData := dig(root, "data", "resultData")
	if resultData == nil {
		return nil, fmt.Errorf("golden: execution document has no data.resultData")
	}
	if last, ok := resultData.Get("lastNodeExecuted"); ok {
		out.Set("lastNodeExecuted", last)
	}
	if e, ok := resultData.Value("error").(*data.Object); ok {
		out.Set("error", normError(e))
	}
	// Nodes are listed by name: the order the engines record them in is not
	// something users see (executionIndex carries the execution order).
	runData := data.NewObject(0)
	if rd, ok := resultData.Value("runData").(*data.Object); ok {
		for _, node := range slices.Sorted(slices.Values(rd.Keys())) {
			list, _ := rd.Value(node).([]any)
			norm := make([]any, 0, len(list))
			for _, r := range list {
				task, ok := r.(*data.Object)
				if !ok {
					norm = append(norm, r)
					continue
				}
				norm = append(norm, normTask(task))
			}
			runData.Set(node, norm)
		}
	}
	out.Set("runData", runData)
	return data.MarshalValue(out)
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
	root, _ := v.(*data.Object)
	rd, _ := root.Value("runData").(*data.Object)
	if rd == nil {
		rd, _ = dig(root, "data", "resultData").Value("runData").(*data.Object)
	}
	type entry struct {
		name string
		idx  float64
	}
	var es []entry
	for node, runs := range rd.All() {
		list, _ := runs.([]any)
		for i, r := range list {
			task, _ := r.(*data.Object)
			idx, ok := number(task.Value("executionIndex"))
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

func dig(m *data.Object, keys ...string) *data.Object {
	for _, k := range keys {
		next, ok := m.Value(k).(*data.Object)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}

func normTask(t *data.Object) *data.Object {
	out := data.ObjectOf(
		"executionIndex", t.Value("executionIndex"),
		"executionStatus", t.Value("executionStatus"),
		"source", normSource(t.Value("source")),
	)
	if d, ok := t.Value("data").(*data.Object); ok {
		out.Set("data", data.ObjectOf("main", normOutputs(d.Value("main"))))
	}
	if e, ok := t.Value("error").(*data.Object); ok {
		out.Set("error", normError(e))
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
		m, ok := s.(*data.Object)
		if !ok {
			out[i] = s
			continue
		}
		n := data.ObjectOf("previousNode", m.Value("previousNode"))
		for _, k := range []string{"previousNodeOutput", "previousNodeRun"} {
			if f, ok := number(m.Value(k)); ok && f != 0 {
				n.Set(k, m.Value(k))
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
			m, ok := it.(*data.Object)
			if !ok {
				norm[j] = it
				continue
			}
			n := data.ObjectOf("json", m.Value("json"))
			if p, ok := m.Get("pairedItem"); ok {
				n.Set("pairedItem", p)
			}
			if b, ok := m.Get("binary"); ok && b != nil {
				n.Set("binary", b)
			}
			norm[j] = n
		}
		res[i] = norm
	}
	return res
}

func normError(e *data.Object) *data.Object {
	out := data.ObjectOf("message", e.Value("message"))
	if n, ok := e.Get("name"); ok && n != nil && n != "" {
		out.Set("name", n)
	}
	if d, ok := e.Get("description"); ok && d != nil && d != "" {
		out.Set("description", d)
	}
	return out
}
