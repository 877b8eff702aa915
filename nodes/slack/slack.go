// Package slack is n8n's Slack node, typeVersions 1 and 2 to 2.4
// (n8n-nodes-base.slack): messages (post, update, delete, getPermalink),
// channels (get, getAll, create, archive, history), users (info, getAll,
// getProfile), reactions (add, remove, get) and files (upload, get,
// getAll) through the Slack Web API with n8n's bodies — the "Automated
// with this n8n workflow" link included — its answers (ts renamed
// message_timestamp) and its errors ("Slack error response: …").
package slack

import (
	"context"
	"fmt"
	"slices"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Type is the node's type name.
const Type = "n8n-nodes-base.slack"

// Credential types of the two authentication methods.
const (
	TokenCredential  = "slackApi"
	OAuth2Credential = "slackOAuth2Api"
)

// operations lists every resource's supported operations; the first is
// n8n's default.
var operations = map[string][]string{
	"message": {"post", "update", "delete", "getPermalink"},
	"channel": {"create", "archive", "close", "get", "getAll", "history", "invite", "join", "kick", "leave", "member",
		"rename", "replies", "setPurpose", "setTopic", "unarchive"},
	"user":     {"info", "getAll", "getProfile", "getPresence"},
	"reaction": {"add", "remove", "get"},
	"file":     {"upload", "get", "getAll"},
}

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     Type,
		Versions: []float64{1, 2, 2.1, 2.2, 2.3, 2.4},
		Defaults: func(v float64) map[string]any {
			if v < 2 {
				return v1Defaults()
			}
			return map[string]any{"authentication": "accessToken", "resource": "message", "messageType": "text",
				"otherOptions": map[string]any{}, "binaryPropertyName": "data", "binaryData": false, "returnAll": false,
				"limit": float64(50), "filters": map[string]any{}, "options": map[string]any{}, "updateFields": map[string]any{},
				"channelVisibility": "public", "resolveData": false, "userIds": []any{}, "userId": "", "name": "", "purpose": "", "topic": ""}
		},
		Credentials: func(p engine.Params, _ float64) []string {
			if p.Value("authentication") == "oAuth2" {
				return []string{OAuth2Credential}
			}
			return []string{TokenCredential}
		},
		NotIdempotent: func(p engine.Params, _ float64) string {
			res, op := resourceOp(p)
			if (res == "message" && op == "post") || (res == "file" && op == "upload") {
				return "posts again"
			}
			return ""
		},
		Check: func(p engine.Params, v float64) []string {
			if v < 2 {
				return v1Check(p)
			}
			res, op := resourceOp(p)
			if isExpr(p.Value("resource")) || isExpr(p.Value("operation")) {
				return nil
			}
			ops, ok := operations[res]
			if !ok {
				return []string{fmt.Sprintf("parameter resource: %q is not supported by n8n-go (supported: channel, file, message, reaction, user)", res)}
			}
			if !slices.Contains(ops, op) {
				return []string{fmt.Sprintf("parameter operation: %q of resource %q is not supported by n8n-go", op, res)}
			}
			return nil
		},
	}
}

func resourceOp(p engine.Params) (string, string) {
	res, _ := p.Value("resource").(string)
	if res == "" {
		res = "message"
	}
	op, ok := p.Value("operation").(string)
	if !ok && len(operations[res]) > 0 {
		op = operations[res][0]
	}
	return res, op
}

func isExpr(v any) bool {
	s, ok := v.(string)
	return ok && len(s) > 0 && s[0] == '='
}

// Execute runs the operation once per input item, as n8n does.
func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	r := &run{ex: ex, v1: ex.Version() < 2}
	var err error
	if r.resource, err = ex.ParamString("resource", 0); err != nil {
		return nil, err
	}
	r.op = operations[r.resource][0]
	if r.v1 {
		r.op = v1Operations[r.resource][0]
	}
	if ex.Params().Has("operation") {
		if r.op, err = ex.ParamString("operation", 0); err != nil {
			return nil, err
		}
	}
	if r.auth, err = ex.ParamString("authentication", 0); err != nil {
		return nil, err
	}
	out := []data.Item{}
	for i := range ex.Input(0) {
		item := r.item
		if r.v1 {
			item = r.v1Item
		}
		resp, err := item(ctx, i)
		if err != nil {
			if ex.ContinueOnFail() {
				// n8n pushes {error: message} without pairedItem here.
				out = append(out, data.Item{JSON: data.ObjectOf("error", errorMessage(err))})
				continue
			}
			return nil, err
		}
		out = append(out, jsonArray(resp, i)...)
	}
	return [][]data.Item{out}, nil
}

func errorMessage(err error) string {
	if ne, ok := err.(*engine.NodeError); ok {
		return ne.Message
	}
	return err.Error()
}

// jsonArray is returnJsonArray + constructExecutionMetaData.
func jsonArray(resp any, i int) []data.Item {
	list, ok := resp.([]any)
	if !ok {
		list = []any{resp}
	}
	out := make([]data.Item, 0, len(list))
	for _, e := range list {
		m, ok := e.(*data.Object)
		if !ok || m == nil {
			m = data.NewObject(0)
		} else if inner, has := m.Value("json").(*data.Object); has && inner != nil {
			m = inner
		}
		out = append(out, data.Item{JSON: m, Paired: data.One(i)})
	}
	return out
}
