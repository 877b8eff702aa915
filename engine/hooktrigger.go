package engine

import (
	"context"
	"net/http"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// HookTrigger is a trigger node n8n serves as a webhook that it registers
// with an outside service (n8n's webhookMethods create/delete, e.g. the
// Telegram Trigger's setWebhook). `serve` routes POST/GET calls to
// /webhook/<webhookId>/<path> to it, calls CreateHook when it starts
// serving and DeleteHook when it stops.
type HookTrigger interface {
	Node
	// HookRoute is the method and the path below /webhook/<webhookId>/.
	HookRoute(version float64) (method, path string)
	CreateHook(ctx context.Context, h *Hook) error
	DeleteHook(ctx context.Context, h *Hook) error
	// ReceiveHook checks a call and returns the items the run starts with.
	// An error the node means as the answer is a *webhook.Rejection.
	ReceiveHook(ctx context.Context, h *Hook, r *http.Request, body []byte) ([]data.Item, error)
}

// Hook is an activated HookTrigger node.
type Hook struct {
	Node       *workflow.Node
	WorkflowID string
	// URL is the production URL the service is told to call.
	URL string
	// Params are the node's parameters with the type's defaults applied.
	Params map[string]any
	// Credentials resolves the node's credential of a type.
	Credentials func(typ string) (map[string]any, error)
	// HTTP is the shared client for a credential type (endpoint mapping
	// and rate limits apply).
	HTTP func(key string) *http.Client
}

// HTTPClient returns the engine's HTTP client for key (a credential type),
// for requests made outside a run (trigger registration).
func (e *Engine) HTTPClient(key string) *http.Client { return e.http.For(key) }

// HookCredentials resolves a node's credential of type typ outside a run.
func (e *Engine) HookCredentials(n *workflow.Node, typ string) (map[string]any, error) {
	store := e.opts.Credentials
	if store == nil {
		return nil, OperationError(-1, "Node %q needs credentials of type %s, but no credentials were given (use --credentials FILE or the environment)", n.Name, typ)
	}
	var ref *workflow.CredentialRef
	if r, ok := n.Credentials[typ]; ok {
		ref = &r
	}
	return store.Resolve(typ, ref)
}
