// Package splitout is n8n's Split Out node (n8n-nodes-base.splitOut v1):
// it turns a list inside each item into one item per element.
package splitout

import (
	"context"
	"slices"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
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
			if inc, ok := p.Value("include").(string); ok && !strings.HasPrefix(inc, "=") {
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
	mayChange := ex.OutputMayChange()
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
		opts, _ := ov.(*data.Object)
		noDot := jsvalue.Truthy(opts.Value("disableDotNotation"))
		var dests []string
		if s, ok := opts.Value("destinationFieldName").(string); ok {
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
				// Object.entries(binary): one {key: value} per entry, in order.
				for k, b := range in.Binary.All() {
					elems = append(elems, data.ObjectOf(k, b))
				}
			} else {
				var v any
				var ok bool
				if noDot {
					v, ok = src.Get(f)
				} else {
					v, ok = jsvalue.Get(src, f)
				}
				switch x := v.(type) {
				case []any:
					elems = x
				case *data.Object:
					// Object.values: the object's own order.
					for _, e := range x.All() {
						elems = append(elems, e)
					}
				default:
					if ok {
						elems = []any{v}
					}
				}
			}
			if split == nil {
				split = make([]data.Item, 0, len(elems))
			}
			for ei, el := range elems {
				for len(split) <= ei {
					// Every entry of item i points back at it: they share
					// one pairedItem (nothing changes a pairedItem in place).
					// Its json is made when something goes into it (below).
					if len(split) == 0 {
						split = append(split, data.Item{Paired: data.One(i)})
					} else {
						split = append(split, data.Item{Paired: split[0].Paired})
					}
				}
				name := f
				if dest != "" {
					name = dest
				}
				if f == "$binary" {
					if split[ei].Binary == nil {
						split[ei].Binary = data.NewObject(1)
					}
					b := el.(*data.Object)
					split[ei].Binary.Set(b.KeyAt(0), b.ValueAt(0))
					continue
				}
				if m, isObj := el.(*data.Object); isObj && include == "noOtherFields" && dest == "" && !multi {
					// {...entry, ...element}: the entry's keys keep their
					// place, the element's new keys follow in its order. A
					// spread copies the top level only: like n8n, the new
					// item shares the element's nested values (copying them
					// cost a third of this node's memory and time).
					if split[ei].JSON.Len() == 0 {
						// Onto an empty entry: the element's own keys, in its
						// order (its shape). The copy n8n makes can only be
						// told from the element itself by a later node that
						// changes its input in place; without one the element
						// goes on as it is (a third of this node's memory).
						switch {
						case m == nil:
							split[ei].JSON = data.NewObject(0)
						case mayChange:
							split[ei].JSON = m.CloneGrow(0)
						default:
							split[ei].JSON = m
						}
						continue
					}
					j := split[ei].JSON.CloneGrow(m.Len())
					for k, v := range m.All() {
						j.Set(k, v)
					}
					split[ei].JSON = j
					continue
				}
				// The element itself, as in n8n (json[field] = element).
				if split[ei].JSON == nil {
					split[ei].JSON = data.NewObject(1)
				}
				split[ei].JSON.Set(name, el)
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
		includeBinary := jsvalue.Truthy(opts.Value("includeBinary"))
		out = slices.Grow(out, len(split))
		for _, it := range split {
			if it.JSON == nil {
				it.JSON = data.NewObject(0) // a $binary entry: json is {}
			}
			switch include {
			case "allOtherFields":
				cp := data.CloneObject(src)
				if cp == nil {
					cp = data.NewObject(it.JSON.Len())
				}
				for _, f := range fields {
					if noDot {
						cp.Delete(f)
					} else {
						jsvalue.Unset(cp, f)
					}
				}
				// {...itemCopy, ...entry}
				for k, v := range it.JSON.All() {
					cp.Set(k, v)
				}
				it.JSON = cp
			case "selectedOtherFields":
				for _, f := range include2 {
					var v any
					var ok bool
					if noDot {
						v, ok = src.Get(f)
					} else {
						v, ok = jsvalue.Get(src, f)
					}
					if ok {
						// get(item, field): the input's value itself.
						it.JSON.Set(f, v)
					} else {
						// n8n sets undefined, which JSON leaves out.
						it.JSON.Delete(f)
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
