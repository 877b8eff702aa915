// Package stopanderror is n8n's Stop and Error node: it fails the run with
// a message or an error object.
package stopanderror

import (
	"context"
	"encoding/json"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.stopAndError", Versions: []float64{1},
		Defaults: func(float64) map[string]any { return map[string]any{"errorType": "errorMessage"} },
		Outputs:  func(engine.Params, float64) int { return 0 },
		Check: func(p engine.Params, _ float64) []string {
			switch t, _ := p.Value("errorType").(string); t {
			case "errorMessage", "errorObject":
			default:
				return []string{`parameter errorType: expected "errorMessage" or "errorObject", got "` + t + `"`}
			}
			return nil
		},
	}
}

// Execute always fails; parameters are read for item 0 only, as in n8n.
func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	typ, err := ex.ParamString("errorType", 0)
	if err != nil {
		return nil, err
	}
	if typ != "errorObject" {
		msg, err := ex.ParamString("errorMessage", 0)
		if err != nil {
			return nil, err
		}
		return nil, engine.OperationError(-1, "%s", msg)
	}
	raw, err := ex.Param("errorObject", 0)
	if err != nil {
		return nil, err
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		s, _ := raw.(string)
		if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
			return nil, engine.OperationError(-1, "Parameter 'errorObject' could not be parsed as a JSON object")
		}
	}
	str := func(k string) string { s, _ := obj[k].(string); return s }
	msg := str("message")
	if msg == "" {
		msg = str("description")
	}
	if msg == "" {
		msg = str("error")
	}
	if msg == "" {
		enc, _ := data.MarshalValue(obj)
		msg = "Error: " + string(enc)
	}
	ne := engine.OperationError(-1, "%s", msg)
	ne.Description = str("description")
	ne.Extra = map[string]any{"level": "error"}
	if t := str("type"); t != "" {
		ne.Extra["type"] = t
	}
	ne.Extra["metadata"] = obj
	return nil, ne
}
