package set

import (
	"fmt"
	"math"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// conversionError is a failed field type conversion; the node turns it into
// a NodeOperationError with the item index and n8n's hint.
type conversionError struct {
	msg, description string
}

func (e *conversionError) Error() string { return e.msg }

func fixHint(name string) string {
	return fmt.Sprintf("To fix the error try to change the type for the field \"%s\" or activate the option “Ignore Type Conversion Errors” to apply a less strict type validation", name)
}

// convertField is n8n's validateEntry for Set v3: it converts value to the
// assignment's type or reports n8n's error text.
func convertField(name, typ string, value any, item int, ignoreErrors bool, version float64) (any, error) {
	isNullish := value == nil || data.IsUndefined(value)
	if version >= 3.2 && isNullish {
		return nil, nil
	}
	if typ == "string" {
		switch {
		case version > 3 && isNullish:
			if ignoreErrors {
				return nil, nil
			}
			return nil, &conversionError{
				msg:         fmt.Sprintf("'%s' expects a %s but we got %s [item %d]", name, typ, jsvalue.Describe(value), item),
				description: fixHint(name),
			}
		case value == nil:
			return "null", nil
		case jsvalue.TypeOf(value) == "object":
			return jsvalue.Stringify(value), nil
		case isString(value):
			return value, nil // as is: converting would box the string again
		default:
			return jsvalue.ToString(value), nil
		}
	}
	if isNullish {
		// validateFieldType accepts null/undefined without a new value.
		return nil, nil
	}
	v, ok := convertTo(typ, value)
	if !ok {
		if ignoreErrors {
			return value, nil
		}
		return nil, &conversionError{
			msg:         fmt.Sprintf("'%s' expects a %s but we got %s [item %d]", name, typ, jsvalue.Describe(value), item),
			description: fixHint(name),
		}
	}
	return v, nil
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// convertTo is the non-strict part of n8n's validateFieldType used by Set.
func convertTo(typ string, v any) (any, bool) {
	switch typ {
	case "number":
		if f, ok := v.(float64); ok && !math.IsNaN(f) {
			return v, true // as is: converting would box the number again
		}
		f := jsvalue.ToNumber(v)
		if math.IsNaN(f) {
			return nil, false
		}
		return f, true
	case "boolean":
		if b, ok := v.(bool); ok {
			return b, true
		}
		if s, ok := v.(string); ok {
			switch strings.ToLower(s) {
			case "true":
				return true, true
			case "false":
				return false, true
			}
			if jsvalue.Trim(s) == "" {
				return nil, false
			}
		}
		switch jsvalue.ToNumber(v) {
		case 0:
			return false, true
		case 1:
			return true, true
		}
		return nil, false
	case "array":
		if a, ok := v.([]any); ok {
			return a, true
		}
		s := jsvalue.ToString(v)
		p, err := jsvalue.ParseJSON(s)
		if err != nil {
			p, err = jsvalue.ParseJSON(replaceAll(s, '\'', '"'))
			if err != nil {
				return nil, false
			}
		}
		if a, ok := p.([]any); ok {
			return a, true
		}
		return nil, false
	case "object":
		if m, ok := v.(*data.Object); ok {
			return m, true
		}
		p, err := jsvalue.ParseLoose(jsvalue.ToString(v))
		if err != nil {
			return nil, false
		}
		switch p.(type) {
		case *data.Object, nil:
			// JSON.parse("null") is typeof "object" and passes.
			return p, true
		}
		return nil, false
	}
	// Other types are accepted unchanged.
	return v, true
}

func replaceAll(s string, from, to byte) string {
	b := []byte(s)
	for i := range b {
		if b[i] == from {
			b[i] = to
		}
	}
	return string(b)
}
