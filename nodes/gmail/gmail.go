// Package gmail is n8n's Gmail node (n8n-nodes-base.gmail, the v2 line:
// typeVersions 2, 2.1 and 2.2): messages (send with n8n's attribution,
// reply, get, get many, delete, mark read/unread, add/remove labels),
// labels, drafts and threads through the Gmail REST API, with the MIME
// nodemailer builds (compose.go), the query strings n8n sends and its
// output items (simplified or parsed as mailparser does).
package gmail

import (
	"context"
	"fmt"
	"slices"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/nodes/internal/sendandwait"
)

// Credential types: OAuth2 (default) or a service account.
const (
	OAuth2Type         = "gmailOAuth2"
	ServiceAccountType = "googleApi"
)

// operations lists every resource's operations; the first is n8n's default.
var operations = map[string][]string{
	"message": {"send", "addLabels", "delete", "get", "getAll", "markAsRead", "markAsUnread", "removeLabels", "reply", "sendAndWait"},
	"label":   {"getAll", "create", "delete", "get"},
	"draft":   {"create", "delete", "get", "getAll"},
	"thread":  {"getAll", "addLabels", "delete", "get", "removeLabels", "reply", "trash", "untrash"},
}

// node holds the service-account token cache its runs share.
type node struct{ tokens *auth.GoogleTokens }

// New returns the node.
func New() engine.Node { return node{tokens: &auth.GoogleTokens{}} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     "n8n-nodes-base.gmail",
		Versions: []float64{1, 2, 2.1, 2.2},
		Defaults: func(v float64) map[string]any {
			if v < 2 {
				return map[string]any{"authentication": "oAuth2", "resource": "draft"}
			}
			return map[string]any{"authentication": "oAuth2", "resource": "message"}
		},
		Credentials: func(p engine.Params, _ float64) []string {
			if a, _ := p.Value("authentication").(string); a == "serviceAccount" {
				return []string{ServiceAccountType}
			}
			return []string{OAuth2Type}
		},
		NotIdempotent: func(p engine.Params, _ float64) string {
			res, op := resourceOp(p)
			switch {
			case res == "message" && (op == "send" || op == "reply"):
				return "sends a second email"
			case res == "thread" && op == "reply":
				return "sends a second email"
			case op == "create":
				return "creates a second " + res
			}
			return ""
		},
		Check: func(p engine.Params, v float64) []string {
			res, _ := p.Value("resource").(string)
			ops, ok := operations[res]
			if v < 2 {
				ops, ok = operationsV1[res]
			}
			if !ok {
				if isExpr(p.Value("resource")) {
					return nil
				}
				return []string{fmt.Sprintf("parameter resource: unknown value %q", res)}
			}
			op, present := p.Get("operation")
			if !present || isExpr(op) {
				return nil
			}
			s, _ := op.(string)
			if s == sendandwait.Operation {
				if why := sendandwait.Unsupported(p.Value("responseType")); why != "" {
					return []string{why}
				}
			}
			if !slices.Contains(ops, s) {
				return []string{fmt.Sprintf("parameter operation: %q is not an operation of resource %q", s, res)}
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

// run is one execution of the node.
type run struct {
	ex       *engine.Exec
	resource string
	op       string
	cl       *client
	tokens   *auth.GoogleTokens
}

// Execute runs the operation once per input item, as n8n does.
func (n node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	if ex.Version() < 2 {
		return n.executeV1(ctx, ex)
	}
	r := &run{ex: ex, tokens: n.tokens}
	var err error
	if r.resource, err = ex.ParamString("resource", 0); err != nil {
		return nil, err
	}
	if _, ok := ex.Params().Get("operation"); ok {
		if r.op, err = ex.ParamString("operation", 0); err != nil {
			return nil, err
		}
	} else if ops := operations[r.resource]; len(ops) > 0 {
		r.op = ops[0]
	}
	if r.resource == "message" && r.op == sendandwait.Operation {
		return r.sendAndWait(ctx)
	}
	items := ex.Input(0)
	out := []data.Item{}
	for i := range items {
		res, err := r.item(ctx, i)
		if err != nil {
			ne := engine.AsNodeError(err)
			msg := fmt.Sprintf("%s (item %d)", ne.Message, i)
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", msg), Paired: data.One(i)})
				continue
			}
			return nil, itemFailure(ne, msg, i)
		}
		out = append(out, jsonArray(res, i)...)
	}
	if (r.resource == "draft" || r.resource == "message" || r.resource == "thread") && (r.op == "get" || r.op == "getAll") {
		for _, it := range out {
			if s, ok := it.JSON.Value("snippet").(string); ok && s != "" {
				it.JSON.Set("snippet", unescapeHTML(s))
			}
		}
	}
	return [][]data.Item{out}, nil
}

// itemFailure is n8n's `throw new NodeOperationError(node, error,
// {description, itemIndex})` around the error of item i, whose message
// already got " (item i)".
func itemFailure(ne *engine.NodeError, msg string, i int) error {
	if ne.Name == "NodeOperationError" {
		cp := *ne
		cp.Message = msg
		cp.ItemIndex = i
		return &cp
	}
	out := engine.OperationError(i, "%s", msg)
	out.Description = ne.Description
	out.Err = ne
	out.Context = ne.Context
	return out
}

// jsonArray is n8n's returnJsonArray + constructExecutionMetaData: an
// array gives one item per element (elements that are {json, binary}
// items stay items), anything else one item; each paired with item i.
func jsonArray(resp any, i int) []data.Item {
	list, ok := resp.([]any)
	if !ok {
		list = []any{resp}
	}
	out := make([]data.Item, 0, len(list))
	for _, e := range list {
		switch x := e.(type) {
		case data.Item:
			x.Paired = data.One(i)
			out = append(out, x)
		case *data.Object:
			if x == nil {
				x = data.NewObject(0)
			}
			out = append(out, data.Item{JSON: x, Paired: data.One(i)})
		default:
			out = append(out, data.Item{JSON: data.NewObject(0), Paired: data.One(i)})
		}
	}
	return out
}

// item runs the operation for input item i.
func (r *run) item(ctx context.Context, i int) (any, error) {
	switch r.resource {
	case "message":
		return r.message(ctx, i)
	case "label":
		return r.label(ctx, i)
	case "draft":
		return r.draft(ctx, i)
	case "thread":
		return r.thread(ctx, i)
	}
	return nil, engine.OperationError(i, "The resource %q is not known", r.resource)
}
