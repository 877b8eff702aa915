// Package formtrigger is n8n's Form Trigger (n8n-nodes-base.formTrigger,
// typeVersions 1, 2, 2.1, 2.2, 2.3): the node's configuration as `serve`
// registers it under /form/<path> and /form-test/<path>, the page it
// shows, and the turning of a submitted form into the item n8n emits.
// internal/server owns the HTTP server and the runs.
package formtrigger

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Type is the n8n type name.
const Type = "n8n-nodes-base.formTrigger"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 2, 2.1, 2.2, 2.3}, Kind: engine.KindTrigger, WebhookOnly: true,
		Defaults: func(v float64) map[string]any {
			d := map[string]any{"path": "", "formTitle": "", "formDescription": "", "formFields": map[string]any{},
				"responseMode": "onReceived", "options": map[string]any{}}
			if v >= 2 {
				d["authentication"] = "none"
			}
			return d
		},
		Inputs: func(engine.Params, float64) int { return 0 },
		Credentials: func(p engine.Params, v float64) []string {
			if v >= 2 && p.String("authentication") == "basicAuth" {
				return []string{"httpBasicAuth"}
			}
			return nil
		},
		Check: func(p engine.Params, v float64) []string {
			c := Config{Version: v, WebhookID: "check"}
			if err := c.parse(data.ToMap(p.Object)); err != nil {
				return []string{err.Error()}
			}
			return nil
		},
	}
}

// Execute passes on the submitted item that started the run.
func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{ex.Input(0)}, nil
}

// CheckResponseMode is n8n's validateResponseModeConfiguration for a form
// trigger, done at activation: a Respond to Webhook node among the nodes
// after the trigger must match the "Respond When" setting (from 2.2 it is
// not supported at all).
func CheckResponseMode(w *workflow.Workflow, c *Config, after []string) error {
	connected := false
	for _, name := range after {
		if n := w.Node(name); n != nil && n.Type == "n8n-nodes-base.respondToWebhook" {
			connected = true
		}
	}
	switch {
	case !connected && c.ResponseMode == "responseNode":
		return errorf("No Respond to Webhook node found in the workflow")
	case connected && c.ResponseMode != "responseNode" && c.Version <= 2.1:
		return errorf("Unused Respond to Webhook node found in the workflow")
	case connected && c.Version > 2.1:
		return errorf(`The "Respond to Webhook" node is not supported in workflows initiated by the "n8n Form Trigger"`)
	}
	return nil
}

type configError string

func (e configError) Error() string { return string(e) }

func errorf(s string) error { return configError(s) }
