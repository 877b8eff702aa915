// Package executeworkflowtrigger is n8n's Execute Workflow Trigger ("When
// Executed by Another Workflow", typeVersions 1 and 1.1): where a
// sub-workflow starts. v1 passes the caller's items on; v1.1 can keep only
// the fields of its input schema (defined below or inferred from a JSON
// example), with null for a field the caller did not send.
package executeworkflowtrigger

import (
	"context"
	"fmt"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Type is the node's n8n type name.
const Type = "n8n-nodes-base.executeWorkflowTrigger"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 1.1}, Kind: engine.KindTrigger, RunsOnStart: true,
		Inputs: func(engine.Params, float64) int { return 0 },
		Defaults: func(v float64) map[string]any {
			if v < 1.1 {
				// v1 shows no input mode: n8n reads the fallback, passthrough.
				return map[string]any{"inputSource": "passthrough"}
			}
			return map[string]any{"inputSource": "workflowInputs", "workflowInputs": map[string]any{},
				"jsonExample": "{\n  \"aField\": \"a string\",\n  \"aNumber\": 123,\n  \"thisFieldAcceptsAnyType\": null,\n  \"anArray\": []\n}"}
		},
		Check: func(p engine.Params, _ float64) []string {
			switch s := p.Value("inputSource").(type) {
			case string:
				if s != "passthrough" && s != "workflowInputs" && s != "jsonExample" {
					return []string{fmt.Sprintf(`parameter inputSource: expected "workflowInputs", "jsonExample" or "passthrough", got %q`, s)}
				}
			}
			return nil
		},
	}
}

func opErr(msg string) error {
	return &engine.NodeError{Name: "NodeOperationError", Message: msg, ItemIndex: -1}
}

// Execute shapes the caller's items; started any other way (a run from the
// CLI), the trigger gets one empty item.
func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	in := ex.Input(0)
	src, err := ex.ParamString("inputSource", 0)
	if err != nil {
		return nil, err
	}
	if src == "passthrough" {
		return [][]data.Item{in}, nil
	}
	fields, err := Fields(ex)
	if err != nil {
		return nil, err
	}
	out := make([]data.Item, len(in))
	for i, it := range in {
		j := data.NewObject(len(fields))
		for _, f := range fields {
			j.Set(f.Name, nil)
		}
		for k, v := range it.JSON.All() {
			if j.Has(k) {
				j.Set(k, v)
			}
		}
		out[i] = data.Item{JSON: j, Binary: it.Binary}
	}
	return [][]data.Item{out}, nil
}

// Field is one field of the trigger's input schema.
type Field struct {
	Name string
	Type string // any, string, number, boolean, array, object
}

// Fields reads the input schema (n8n's getFieldEntries).
func Fields(ex *engine.Exec) ([]Field, error) {
	src, err := ex.ParamString("inputSource", 0)
	if err != nil {
		return nil, err
	}
	switch src {
	case "passthrough":
		return nil, nil
	case "workflowInputs":
		v, err := ex.Param("workflowInputs.values", 0)
		if err != nil {
			return nil, err
		}
		list, _ := v.([]any)
		fields := make([]Field, 0, len(list))
		for _, e := range list {
			o, _ := e.(*data.Object)
			name, _ := o.Value("name").(string)
			typ, _ := o.Value("type").(string)
			if typ == "" {
				typ = "string"
			}
			fields = append(fields, Field{Name: name, Type: typ})
		}
		return fields, nil
	case "jsonExample":
		s, err := ex.ParamString("jsonExample", 0)
		if err != nil {
			return nil, err
		}
		return fromExample(s)
	}
	return nil, opErr("Internal Error: Invalid input source")
}

// fromExample infers the fields of a JSON example as n8n does (through
// generate-schema): one field per top-level key, null meaning any type.
func fromExample(s string) ([]Field, error) {
	v, err := data.ParseJSONString(s)
	if err != nil {
		return nil, opErr("Unexpected token in the JSON example: " + err.Error())
	}
	o, ok := v.(*data.Object)
	if !ok {
		t := "array"
		switch v.(type) {
		case string:
			t = "string"
		case float64:
			t = "number"
		case bool:
			t = "boolean"
		case nil:
			t = "null"
		}
		return nil, opErr("Invalid JSON schema type. Only object type is supported, but got " + t)
	}
	fields := make([]Field, 0, o.Len())
	for k, e := range o.All() {
		t := "any"
		switch e.(type) {
		case string:
			t = "string"
		case float64:
			t = "number"
		case bool:
			t = "boolean"
		case []any:
			t = "array"
		case *data.Object:
			t = "object"
		}
		fields = append(fields, Field{Name: k, Type: t})
	}
	return fields, nil
}
