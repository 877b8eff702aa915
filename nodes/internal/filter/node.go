package filter

import (
	"errors"

	"github.com/n8n-go/n8n-go/engine"
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
		ne := engine.AsNodeError(err)
		if !loose && ne.Description == "" {
			ne.Description = LessStrictHint
		}
		setItemIndex(ne, itemIndex)
		return false, ne
	}
	if !IsFilterValue(v) {
		return Truthy(v), nil
	}
	ok, err := Evaluator{Loc: ex.Location()}.Execute(FromParam(v), itemIndex)
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
