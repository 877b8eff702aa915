// Package webhook is n8n's Webhook trigger (v1, 1.1, 2, 2.1): the node's
// configuration as the serve runtime registers it (paths, methods, response
// mode), and the turning of an HTTP request into the item the node emits,
// with n8n's authentication, IP whitelist, bot filter and body parsing.
// internal/server owns the HTTP server and the runs.
package webhook

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Type is the n8n type name.
const Type = "n8n-nodes-base.webhook"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 1.1, 2, 2.1}, Kind: engine.KindTrigger, WebhookOnly: true,
		Defaults: func(v float64) map[string]any {
			d := map[string]any{
				"multipleMethods": false, "httpMethod": "GET", "path": "", "authentication": "none",
				"responseMode": "onReceived", "responseData": "firstEntryJson",
				"responseBinaryPropertyName": "data", "options": map[string]any{},
			}
			if v < 2 {
				d["responseCode"] = float64(200)
			}
			return d
		},
		Inputs: func(engine.Params, float64) int { return 0 },
		Outputs: func(p engine.Params, _ float64) int {
			if list, ok := p.Value("httpMethod").([]any); ok && len(list) > 0 {
				return len(list)
			}
			return 1
		},
		Credentials: func(p engine.Params, _ float64) []string {
			if t := credentialType(p.String("authentication")); t != "" {
				return []string{t}
			}
			return nil
		},
		Check: func(p engine.Params, v float64) []string {
			if _, err := parseConfig(data.ToMap(p.Object), v, "", ""); err != nil {
				return []string{err.Error()}
			}
			return nil
		},
	}
}

// Execute passes on what started the run (the request item given as the
// run's start items); outside manual mode the engine does this itself.
func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{ex.Input(0)}, nil
}

func credentialType(auth string) string {
	switch auth {
	case "basicAuth":
		return "httpBasicAuth"
	case "headerAuth":
		return "httpHeaderAuth"
	case "jwtAuth":
		return "jwtAuth"
	case "bearerAuth":
		return "httpBearerAuth"
	}
	return ""
}
