package switchnode

import (
	"math"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	ifnode "github.com/n8n-go/n8n-go/nodes/if"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

// legacyDefaults are Switch v1/v2's top-level defaults; value1 depends on
// dataType and is filled in executeLegacy.
func legacyDefaults(v float64) map[string]any {
	d := map[string]any{"mode": "rules", "dataType": "number", "rules": map[string]any{}, "fallbackOutput": -1.0}
	if v < 2 {
		d["output"] = 0.0
	} else {
		d["output"], d["outputsAmount"] = "", 4.0
	}
	return d
}

// ruleDefaults per dataType: value1, operation, value2 (as the IF v1 node).
var ruleDefaults = map[string][3]any{
	"boolean":  {false, "equal", false},
	"dateTime": {"", "after", ""},
	"number":   {0.0, "smaller", 0.0},
	"string":   {"", "equal", ""},
}

// legacyOutputs: v1 always has 4 outputs; v2 one per rule, or outputsAmount
// in expression mode.
func legacyOutputs(p engine.Params, v float64) int {
	if v < 2 {
		return 4
	}
	if p.String("mode") == "expression" {
		raw, _ := p.Get("outputsAmount")
		n := filter.ToNumber(raw)
		if math.IsNaN(n) || n < 0 {
			return 0
		}
		return int(min(n, maxOutputs))
	}
	raw, _ := p.Get("rules.rules")
	list, _ := raw.([]any)
	return len(list)
}

// executeLegacy is Switch v1 and v2: rules comparing value1 with each
// rule's value2 under one dataType (first match wins, else fallbackOutput),
// or an output index from an expression. v1 routes to four fixed outputs by
// each rule's "output"; v2 routes to the rule's own output and sets each
// item's pairedItem to its index.
func executeLegacy(ex *engine.Exec) ([][]data.Item, error) {
	v2 := ex.Version() >= 2
	items := ex.Input(0)
	newOutputs := func(n int) [][]data.Item {
		o := make([][]data.Item, n)
		for i := range o {
			o[i] = []data.Item{}
		}
		return o
	}
	var out [][]data.Item
	if !v2 {
		out = newOutputs(4)
	}
	route := func(idx float64, it data.Item, i int) error {
		if idx < 0 || idx >= float64(len(out)) {
			// n8n raises it without an itemIndex.
			return engine.OperationError(-1, "The ouput %s is not allowed. It has to be between 0 and %d!", filter.JSString(idx), len(out)-1)
		}
		if idx != math.Trunc(idx) {
			return engine.OperationError(i, "Cannot read properties of undefined (reading 'push')")
		}
		out[int(idx)] = append(out[int(idx)], it)
		return nil
	}
	dataType, err := ex.ParamString("dataType", 0)
	if err != nil {
		return nil, err
	}
	def, known := ruleDefaults[dataType]
	for i := range items {
		// {item: i}: v1 passes n8n's copy, v2 sets it (the same value).
		it := ex.Own(0, i)
		err := func() error {
			mode, err := ex.ParamString("mode", i)
			if err != nil {
				return err
			}
			var rules []any
			if v2 {
				raw, err := ex.Param("rules.rules", i)
				if err != nil {
					return err
				}
				rules, _ = raw.([]any)
			}
			switch mode {
			case "expression":
				if v2 && i == 0 {
					n, err := ex.ParamNumber("outputsAmount", i)
					if err != nil {
						return err
					}
					if n > maxOutputs {
						return engine.OperationError(i, "Number of outputs %s is above the limit of %d", filter.JSString(n), maxOutputs)
					}
					out = newOutputs(max(0, int(n)))
				}
				v, err := ex.Param("output", i)
				if err != nil {
					return err
				}
				return route(filter.ToNumber(v), it, i)
			case "rules":
				if v2 && i == 0 {
					out = newOutputs(len(rules))
				}
				if !known {
					def = [3]any{data.Undefined, "", data.Undefined}
				}
				value1 := def[0]
				if _, ok := ex.Params().Get("value1"); ok {
					if value1, err = ex.Param("value1", i); err != nil {
						return err
					}
				}
				if dataType == "dateTime" {
					if value1, err = ifnode.V1DateTime(value1, ex.Location()); err != nil {
						return engine.OperationError(-1, "%s", err.Error())
					}
				}
				if !v2 {
					raw, err := ex.Param("rules.rules", i)
					if err != nil {
						return err
					}
					rules, _ = raw.([]any)
				}
				for r, raw := range rules {
					rule, _ := raw.(*data.Object)
					value2 := field(rule, "value2", def[2])
					if dataType == "dateTime" {
						if value2, err = ifnode.V1DateTime(value2, ex.Location()); err != nil {
							return engine.OperationError(-1, "%s", err.Error())
						}
					}
					op, _ := field(rule, "operation", def[1]).(string)
					ok, err := ifnode.V1Compare(op, value1, value2)
					if err != nil {
						return engine.OperationError(i, "%s", err.Error())
					}
					if !ok {
						continue
					}
					if v2 {
						return route(float64(r), it, i)
					}
					return route(filter.ToNumber(field(rule, "output", 0.0)), it, i)
				}
				fb, err := ex.Param("fallbackOutput", i)
				if err != nil {
					return err
				}
				if idx := filter.ToNumber(fb); idx != -1 {
					return route(idx, it, i)
				}
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
	if out == nil {
		out = newOutputs(legacyOutputs(ex.Params(), ex.Version()))
	}
	return out, nil
}

func field(m *data.Object, k string, def any) any {
	if v, ok := m.Get(k); ok {
		return v
	}
	return def
}
