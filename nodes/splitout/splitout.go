// Package splitout is n8n's Split Out node (n8n-nodes-base.splitOut v1):
// it turns a list inside each item into one item per element.
package splitout

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/set/jsval"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.splitOut", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"fieldToSplitOut": "", "include": "noOtherFields", "fieldsToInclude": "", "options": map[string]any{}}
		},
		Check: func(p engine.Params, _ float64) []string {
			if inc, ok := p["include"].(string); ok && !strings.HasPrefix(inc, "=") {
				switch inc {
				case "noOtherFields", "allOtherFields", "selectedOtherFields":
				default:
					return []string{`parameter include: unknown value "` + inc + `"`}
				}
			}
			return nil
		},
	}
}

// splitFields is prepareFieldsArray: comma separated, trimmed, no empties.
func splitFields(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	out := make([]data.Item, 0, len(items))
	for i, in := range items {
		spec, err := ex.ParamString("fieldToSplitOut", i)
		if err != nil {
			return nil, err
		}
		var fields []string
		for _, f := range strings.Split(spec, ",") {
			fields = append(fields, strings.TrimPrefix(strings.TrimSpace(f), "$json."))
		}
		ov, err := ex.Param("options", i)
		if err != nil {
			return nil, err
		}
		opts, _ := ov.(map[string]any)
		noDot := jsval.Truthy(opts["disableDotNotation"])
		var dests []string
		if s, ok := opts["destinationFieldName"].(string); ok {
			dests = splitFields(s)
		}
		if len(dests) > 0 && len(dests) != len(fields) {
			return nil, engine.OperationError(-1, "If multiple fields to split out are given, the same number of destination fields must be given")
		}
		include, err := ex.ParamString("include", i)
		if err != nil {
			return nil, err
		}
		multi := len(fields) > 1
		src := in.JSON
		var split []data.Item
		for fi, f := range fields {
			dest := ""
			if fi < len(dests) {
				dest = dests[fi]
			}
			var elems []any
			if f == "$binary" {
				for _, k := range sortedKeys(in.Binary) {
					elems = append(elems, map[string]any{k: in.Binary[k]})
				}
			} else {
				var v any
				var ok bool
				if noDot {
					v, ok = src[f]
				} else {
					v, ok = jsval.Get(src, f)
				}
				switch x := v.(type) {
				case []any:
					elems = x
				case map[string]any:
					for _, k := range jsKeyOrder(x) {
						elems = append(elems, x[k])
					}
				default:
					if ok {
						elems = []any{v}
					}
				}
			}
			for ei, el := range elems {
				for len(split) <= ei {
					split = append(split, data.Item{JSON: map[string]any{}, Paired: data.One(i)})
				}
				name := f
				if dest != "" {
					name = dest
				}
				if f == "$binary" {
					if split[ei].Binary == nil {
						split[ei].Binary = map[string]any{}
					}
					for k, b := range el.(map[string]any) {
						split[ei].Binary[k] = b
					}
					continue
				}
				if m, isObj := el.(map[string]any); isObj && include == "noOtherFields" && dest == "" && !multi {
					j := make(map[string]any, len(split[ei].JSON)+len(m))
					for k, v := range split[ei].JSON {
						j[k] = v
					}
					for k, v := range m {
						j[k] = data.CloneJSON(v)
					}
					split[ei].JSON = j
					continue
				}
				split[ei].JSON[name] = data.CloneJSON(el)
			}
		}
		var include2 []string
		if include == "selectedOtherFields" {
			s, err := ex.ParamString("fieldsToInclude", i)
			if err != nil {
				return nil, err
			}
			include2 = splitFields(s)
			if len(split) > 0 && len(include2) == 0 {
				return nil, engine.OperationError(-1, "No fields specified")
			}
		}
		includeBinary := jsval.Truthy(opts["includeBinary"])
		for _, entry := range split {
			it := entry
			switch include {
			case "allOtherFields":
				cp := data.CloneObject(src)
				if cp == nil {
					cp = map[string]any{}
				}
				for _, f := range fields {
					if noDot {
						delete(cp, f)
					} else {
						jsval.Unset(cp, f)
					}
				}
				for k, v := range entry.JSON {
					cp[k] = v
				}
				it.JSON = cp
			case "selectedOtherFields":
				for _, f := range include2 {
					var v any
					var ok bool
					if noDot {
						v, ok = src[f]
					} else {
						v, ok = jsval.Get(src, f)
					}
					if ok {
						it.JSON[f] = data.CloneJSON(v)
					} else {
						delete(it.JSON, f)
					}
				}
			}
			if includeBinary && in.Binary != nil && it.Binary == nil {
				it.Binary = in.Binary
			}
			out = append(out, it)
		}
	}
	return [][]data.Item{out}, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// jsKeyOrder orders keys as JavaScript enumerates them as far as a Go map
// allows: integer-like keys ascending first, then the rest (insertion order
// is lost; sorted instead).
func jsKeyOrder(m map[string]any) []string {
	keys := sortedKeys(m)
	sort.SliceStable(keys, func(a, b int) bool {
		ia, aok := intKey(keys[a])
		ib, bok := intKey(keys[b])
		if aok && bok {
			return ia < ib
		}
		return aok && !bok
	})
	return keys
}

func intKey(k string) (int, bool) {
	if k == "" || (len(k) > 1 && k[0] == '0') {
		return 0, false
	}
	n, err := strconv.Atoi(k)
	return n, err == nil && n >= 0
}
