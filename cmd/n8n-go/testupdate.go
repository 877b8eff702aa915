package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// update rewrites the case file's expectations from a run (`test
// --update`): every node already listed gets the run's outputs, in the
// form it had (shorthand or per output, with pairedItem and binary when it
// listed them); with allNodes every node run not listed is appended in
// execution order. "status" and "error" follow the run when they no longer
// hold. It reports whether the file changed.
func (tc *testCase) update(cr *caseRun, allNodes bool) (bool, error) {
	var expect []member
	listed := map[string]bool{}
	for _, m := range tc.expect {
		node, run := nodeKey(m.Key, cr.got)
		listed[fmt.Sprintf("%s#%d", node, run)] = true
		outs, _, shorthand, err := expectedOutputs(m.Value)
		if err != nil {
			shorthand = true
		}
		v, err := renderExpect(cr.got, node, run, shorthand, hasItemKey(outs, "pairedItem"), hasItemKey(outs, "binary"))
		if err != nil {
			return false, err
		}
		expect = append(expect, member{m.Key, v})
	}
	if allNodes {
		for _, nr := range cr.res.Order {
			if listed[fmt.Sprintf("%s#%d", nr.Node, nr.Run)] {
				continue
			}
			key := nr.Node
			if nr.Run > 0 {
				key = fmt.Sprintf("%s#%d", nr.Node, nr.Run)
			}
			v, err := renderExpect(cr.got, nr.Node, nr.Run, true, false, false)
			if err != nil {
				return false, err
			}
			expect = append(expect, member{key, v})
		}
	}
	expectDoc, err := encodeObject(expect)
	if err != nil {
		return false, err
	}
	doc := setMember(tc.doc, "expect", expectDoc)
	if st := cr.res.Status; st != tc.wantStatus() || tc.Status != "" {
		doc = setMember(doc, "status", mustJSON(st))
	}
	if tc.Error != nil && !strings.Contains(runError(cr.res), *tc.Error) {
		doc = setMember(doc, "error", mustJSON(runError(cr.res)))
	}
	out, err := encodeObject(doc)
	if err != nil {
		return false, err
	}
	old, err := os.ReadFile(tc.path)
	if err != nil {
		return false, err
	}
	if bytes.Equal(old, out) {
		return false, nil
	}
	return true, os.WriteFile(tc.path, out, 0o644)
}

// setMember replaces key's value, or appends the key.
func setMember(ms []member, key string, v json.RawMessage) []member {
	out := append([]member(nil), ms...)
	for i := range out {
		if out[i].Key == key {
			out[i].Value = v
			return out
		}
	}
	return append(out, member{key, v})
}

// mustJSON encodes a string or another plain value (HTML characters are
// not escaped, so expectations keep "<" and "&" readable).
func mustJSON(v any) json.RawMessage {
	b, _ := data.MarshalValue(v)
	return b
}

func hasItemKey(outs []any, key string) bool {
	for _, o := range outs {
		items, _ := o.([]any)
		for _, it := range items {
			if m, ok := it.(*data.Object); ok && m.Has(key) {
				return true
			}
		}
	}
	return false
}

// renderExpect writes a node run's outputs as an expect value: null when
// the node did not run, the shorthand [items] when asked and only output 0
// has items, else [[output 0], [output 1]…].
func renderExpect(got runsByNode, node string, run int, shorthand, paired, binary bool) (json.RawMessage, error) {
	runs := got[node]
	if run >= len(runs) {
		return json.RawMessage("null"), nil
	}
	var outs []any
	if d, ok := runs[run].Value("data").(*data.Object); ok {
		outs, _ = d.Value("main").([]any)
	}
	render := func(o any) any {
		items, ok := o.([]any)
		if !ok {
			return nil
		}
		list := make([]any, len(items))
		for i, it := range items {
			m, _ := it.(*data.Object)
			j, _ := m.Value("json").(*data.Object)
			item := data.ObjectOf("json", m.Value("json"))
			if paired {
				if p, ok := m.Get("pairedItem"); ok {
					item.Set("pairedItem", p)
				}
			}
			if b, ok := m.Get("binary"); ok && binary {
				item.Set("binary", b)
			}
			// A bare json object is enough unless it would read as an item.
			if item.Len() == 1 && j != nil && !isItemForm(j) {
				list[i] = j
			} else {
				list[i] = item
			}
		}
		return list
	}
	onlyFirst := true
	for _, o := range outs[min(1, len(outs)):] {
		if l, _ := o.([]any); len(l) > 0 {
			onlyFirst = false
		}
	}
	var v any
	if shorthand && onlyFirst {
		if len(outs) == 0 {
			v = []any{}
		} else if v = render(outs[0]); v == nil {
			v = []any{}
		}
	} else {
		list := make([]any, len(outs))
		for i, o := range outs {
			list[i] = render(o)
		}
		v = list
	}
	return data.MarshalValue(v)
}
