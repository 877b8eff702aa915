package filter

import (
	"errors"
	"strconv"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// LessStrictHint is n8n's ENABLE_LESS_STRICT_TYPE_VALIDATION description.
const LessStrictHint = "Try changing the type of comparison. Alternatively you can enable 'Convert types where required'."

// EvalParam resolves the filter parameter at path for item itemIndex and
// runs it, as n8n's getNodeParameter(path, i, false, {extractValue: true}):
// a value that is not a filter value is returned as its truthiness. Errors
// come back as NodeOperationError with n8n's message, description and
// context.itemIndex; when the error has no description and loose is false
// the "Convert types" hint is added, as the If, Filter and Switch nodes do.
func EvalParam(ex *engine.Exec, path string, itemIndex int, loose bool) (bool, error) {
	v, err := ex.ParamView(path, itemIndex)
	if err != nil {
		return false, paramError(err, itemIndex, loose)
	}
	if !IsFilterValue(v) {
		return Truthy(v), nil
	}
	return execute(ex, FromParam(v), itemIndex, loose)
}

func paramError(err error, itemIndex int, loose bool) error {
	ne := engine.AsNodeError(err)
	if !loose && ne.Description == "" {
		ne.Description = LessStrictHint
	}
	setItemIndex(ne, itemIndex)
	return ne
}

// Prepared is a filter parameter read once for a node run: EvalParam
// resolves the whole parameter tree per item and reads the filter value
// from the copy, while the usual parameter has expressions only as
// condition operands, and Prepared resolves just those into a template
// read once. Parameters with expressions anywhere else take EvalParam's
// way.
type Prepared struct {
	path string
	fast bool
	tmpl Value
	// operands are the expression operands in the order EvalParam's
	// resolution meets them (so the first failing one is the one
	// reported).
	operands []operand
	conds    []Condition // the per-item conditions, reused
}

// operand is an expression operand: where it goes and its parameter path
// (for error messages).
type operand struct {
	cond  int  // index in Value.Conditions
	right bool // rightValue, else leftValue
	path  string
	expr  any // the expression string, boxed once
}

// Prepare reads the filter parameter at path for Prepared.Eval.
func Prepare(ex *engine.Exec, path string) *Prepared {
	p := &Prepared{path: path}
	raw, ok := ex.Params().Get(path)
	if !ok || !IsFilterValue(raw) {
		return p
	}
	m := raw.(*data.Object)
	for k, v := range m.All() {
		if k != "conditions" {
			if engine.HasExpression(v) {
				return p
			}
			continue
		}
		list, isList := v.([]any)
		if !isList {
			if engine.HasExpression(v) {
				return p
			}
			continue
		}
		j := 0 // FromParam skips conditions that are not objects
		for idx, c := range list {
			cm, isObj := c.(*data.Object)
			if !isObj {
				if engine.HasExpression(c) {
					return p
				}
				continue
			}
			for ck, cv := range cm.All() {
				if ck != "leftValue" && ck != "rightValue" {
					if engine.HasExpression(cv) {
						return p
					}
					continue
				}
				if s, isStr := cv.(string); isStr && engine.HasExpression(s) {
					p.operands = append(p.operands, operand{cond: j, right: ck == "rightValue",
						path: path + ".conditions." + strconv.Itoa(idx) + "." + ck, expr: s})
				} else if engine.HasExpression(cv) {
					return p // an expression nested in an operand
				}
			}
			j++
		}
	}
	p.fast = true
	p.tmpl = FromParam(raw)
	p.conds = make([]Condition, len(p.tmpl.Conditions))
	return p
}

// Eval is EvalParam(ex, path, itemIndex, loose) for the prepared path.
func (p *Prepared) Eval(ex *engine.Exec, itemIndex int, loose bool) (bool, error) {
	if !p.fast {
		return EvalParam(ex, p.path, itemIndex, loose)
	}
	v := p.tmpl
	if len(p.operands) > 0 {
		copy(p.conds, p.tmpl.Conditions)
		for _, o := range p.operands {
			r, err := ex.Evaluate(o.path, o.expr, itemIndex)
			if err != nil {
				return false, paramError(err, itemIndex, loose)
			}
			if o.right {
				p.conds[o.cond].Right = r
			} else {
				p.conds[o.cond].Left = r
			}
		}
		v.Conditions = p.conds
	}
	return execute(ex, v, itemIndex, loose)
}

func execute(ex *engine.Exec, v Value, itemIndex int, loose bool) (bool, error) {
	ok, err := Evaluator{Loc: ex.Location()}.Execute(v, itemIndex)
	if err != nil {
		ne := &engine.NodeError{Name: "NodeOperationError", Message: err.Error(), ItemIndex: itemIndex, Err: err}
		var fe *Error
		if errors.As(err, &fe) {
			ne.Description = fe.Description
		}
		if !loose && ne.Description == "" {
			ne.Description = LessStrictHint
		}
		setItemIndex(ne, itemIndex)
		return false, ne
	}
	return ok, nil
}

func setItemIndex(ne *engine.NodeError, itemIndex int) {
	if ne.Context == nil {
		ne.Context = map[string]any{}
	}
	ne.Context["itemIndex"] = itemIndex
	ne.ItemIndex = itemIndex
}

// LooseTypeValidation reads the looseTypeValidation setting: the top-level
// parameter from version since, the option before.
func LooseTypeValidation(ex *engine.Exec, itemIndex int, since float64, optionsPath string) bool {
	path := "looseTypeValidation"
	if ex.Version() < since {
		path = optionsPath + ".looseTypeValidation"
	}
	v, err := ex.Param(path, itemIndex)
	if err != nil {
		return false
	}
	return Truthy(v)
}
