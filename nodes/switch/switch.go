// Package switchnode is n8n's Switch node v3.x: rules mode (one output per
// rule, optional fallback output, first or all matching outputs) and
// expression mode (an output index per item); and the legacy v1/v2
// (legacy.go).
package switchnode

import (
	"context"
	"math"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

// defaultRules is the rules parameter's default: one rule comparing ” with ”.
func defaultRules() map[string]any {
	return map[string]any{"values": []any{map[string]any{"conditions": map[string]any{
		"options":    map[string]any{"caseSensitive": true, "leftValue": "", "typeValidation": "strict"},
		"conditions": []any{map[string]any{"leftValue": "", "rightValue": "", "operator": map[string]any{"type": "string", "operation": "equals"}}},
		"combinator": "and",
	}}}}
}

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     "n8n-nodes-base.switch",
		Versions: []float64{1, 2, 3, 3.1, 3.2, 3.3, 3.4},
		// Items go on through ex.Own.
		RawInputs: true,
		Defaults: func(v float64) map[string]any {
			if v < 3 {
				return legacyDefaults(v)
			}
			return map[string]any{"mode": "rules", "numberOutputs": 4.0, "output": "={{}}", "rules": defaultRules(),
				"options": map[string]any{}, "looseTypeValidation": false}
		},
		Outputs: outputs,
	}
}

// maxOutputs bounds numberOutputs: each output is a slice, and 1e8 of them
// would allocate gigabytes.
const maxOutputs = 1000

// outputs is n8n's configuredOutputs.
func outputs(p engine.Params, v float64) int {
	if v < 3 {
		return legacyOutputs(p, v)
	}
	if p.String("mode") == "expression" {
		v, _ := p.Get("numberOutputs")
		n := filter.ToNumber(v)
		if math.IsNaN(n) || n < 0 {
			return 0
		}
		// Execute reports the error; the output count only sizes slices.
		return int(min(n, maxOutputs))
	}
	rules, _ := p.Get("rules.values")
	list, _ := rules.([]any)
	n := len(list)
	if fb, _ := p.Get("options.fallbackOutput"); fb == "extra" {
		n++
	}
	return n
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	if ex.Version() < 3 {
		return executeLegacy(ex)
	}
	items := ex.Input(0)
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	var out [][]data.Item
	newOutputs := func(n int) [][]data.Item {
		o := make([][]data.Item, n)
		for i := range o {
			o[i] = []data.Item{}
		}
		return o
	}
	checkIndex := func(n int, index float64, item int) error {
		if index == float64(n) {
			e := engine.OperationError(item, "The ouput %s is not allowed. ", filter.JSString(index))
			e.Description = "Output indexes are zero based, if you want to use the extra output use " + filter.JSString(index-1)
			return e
		}
		if index < 0 || index > float64(n) {
			return engine.OperationError(item, "The ouput %s is not allowed", filter.JSString(index))
		}
		return nil
	}
	push := func(idx float64, it data.Item, item int) error {
		if idx != math.Trunc(idx) || idx < 0 || int(idx) >= len(out) {
			return engine.OperationError(item, "Cannot read properties of undefined (reading 'push')")
		}
		out[int(idx)] = append(out[int(idx)], it)
		return nil
	}
	for i := range items {
		it := ex.Own(0, i)
		err := func() error {
			if mode == "expression" {
				n, err := ex.ParamNumber("numberOutputs", i)
				if err != nil {
					return err
				}
				if n > maxOutputs {
					return engine.OperationError(i, "Number of Outputs %s is above the limit of %d", filter.JSString(n), maxOutputs)
				}
				if i == 0 {
					out = newOutputs(max(0, int(n)))
				}
				v, err := ex.Param("output", i)
				if err != nil {
					return err
				}
				idx := filter.ToNumber(v)
				if err := checkIndex(len(out), idx, i); err != nil {
					return err
				}
				return push(idx, it, i)
			}
			if mode != "rules" {
				return nil
			}
			rulesRaw, err := ex.Param("rules.values", i)
			if err != nil {
				return err
			}
			rules, _ := rulesRaw.([]any)
			if len(rules) == 0 {
				return nil
			}
			optsRaw, err := ex.Param("options", i)
			if err != nil {
				return err
			}
			opts, _ := optsRaw.(*data.Object)
			fallback, hasFallback := opts.Get("fallbackOutput")
			if i == 0 {
				out = newOutputs(len(rules))
				if fallback == "extra" {
					out = append(out, []data.Item{})
				}
			}
			loose := filter.LooseTypeValidation(ex, i, 3.1, "options")
			matched := false
			for r := range rules {
				pass, err := filter.EvalParam(ex, "rules.values."+itoa(r)+".conditions", i, loose)
				if err != nil {
					return err
				}
				if !pass {
					continue
				}
				matched = true
				if r >= len(out) {
					return engine.OperationError(i, "Cannot read properties of undefined (reading 'push')")
				}
				out[r] = append(out[r], it)
				if !filter.Truthy(opts.Value("allMatchingOutputs")) {
					return nil
				}
			}
			if hasFallback && !data.IsUndefined(fallback) && fallback != "none" && !matched {
				if fallback == "extra" {
					out[len(out)-1] = append(out[len(out)-1], it)
					return nil
				}
				idx := filter.ToNumber(fallback)
				if err := checkIndex(len(out), idx, i); err != nil {
					return err
				}
				return push(idx, it, i)
			}
			return nil
		}()
		if err != nil {
			if ex.ContinueOnFail() && len(out) > 0 {
				out[0] = append(out[0], data.Item{JSON: data.ObjectOf("error", err.Error())})
				continue
			}
			return nil, err
		}
	}
	if len(out) == 0 {
		return [][]data.Item{{}}, nil
	}
	return out, nil
}

func itoa(i int) string { return filter.JSString(float64(i)) }
