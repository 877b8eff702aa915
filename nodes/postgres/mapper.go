package postgres

import (
	"fmt"
	"math"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// validateMapper is what n8n does to a resource mapper's value when a node
// reads "columns.value": each field with a type in the mapper's schema is
// converted the lenient way (the Postgres node offers no strict type
// option): numbers from numeric text, booleans from true/false/1/0,
// objects and arrays from JSON text; insert ("add" mode) also requires the
// required fields. It returns a copy.
func (r *run) validateMapper(item *data.Object, i int) (*data.Object, error) {
	raw, _ := r.ex.Params().Get("columns")
	mapper, _ := raw.(*data.Object)
	if mapper == nil {
		return item, nil
	}
	schema, _ := mapper.Value("schema").([]any)
	types := map[string]*data.Object{}
	for _, e := range schema {
		if o, ok := e.(*data.Object); ok {
			if id, ok := o.Value("id").(string); ok {
				types[id] = o
			}
		}
	}
	out := item.Clone()
	for _, k := range item.Keys() {
		v := item.Value(k)
		entry := types[k]
		if entry == nil {
			continue
		}
		typ, _ := entry.Value("type").(string)
		if r.opts.operation == "insert" && entry.Value("required") == true && typ != "boolean" && (v == nil || data.IsUndefined(v)) {
			return nil, mapperError(k, i, fmt.Sprintf("The value \"%s\" is required but not set", k))
		}
		if typ == "" || v == nil || data.IsUndefined(v) {
			continue
		}
		nv, ok := convertField(v, strings.ToLower(typ))
		if !ok {
			return nil, mapperError(k, i, fmt.Sprintf("'%s' expects a %s but we got %s", k, typ, valueDescription(v)))
		}
		out.Set(k, nv)
	}
	return out, nil
}

func mapperError(field string, i int, desc string) error {
	return &engine.NodeError{Name: "ExpressionError", Message: fmt.Sprintf("Invalid input for '%s' [item %d]", field, i), Description: desc, ItemIndex: i}
}

func valueDescription(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case *data.Object:
		return "object"
	}
	return "'" + rawText(v) + "'"
}

// convertField is n8n's validateFieldType without strict mode for the
// types a Postgres column maps to.
func convertField(v any, typ string) (any, bool) {
	switch typ {
	case "number":
		f := jsNumber(v)
		if _, isObj := v.(*data.Object); isObj || math.IsNaN(f) {
			return nil, false
		}
		return f, true
	case "boolean":
		switch x := v.(type) {
		case bool:
			return x, true
		case string:
			if l := strings.ToLower(x); l == "true" || l == "false" {
				return l == "true", true
			}
			if strings.TrimSpace(x) == "" {
				return nil, false
			}
		}
		switch jsNumber(v) {
		case 0:
			return false, true
		case 1:
			return true, true
		}
		return nil, false
	case "object":
		if o, ok := v.(*data.Object); ok {
			return o, true
		}
		p, err := data.ParseJSONString(rawText(v))
		if o, ok := p.(*data.Object); err == nil && ok {
			return o, true
		}
		return nil, false
	case "array":
		if a, ok := v.([]any); ok {
			return a, true
		}
		s := rawText(v)
		p, err := data.ParseJSONString(s)
		if err != nil {
			p, err = data.ParseJSONString(strings.ReplaceAll(s, "'", `"`))
		}
		if a, ok := p.([]any); err == nil && ok {
			return a, true
		}
		return nil, false
	}
	return v, true
}
