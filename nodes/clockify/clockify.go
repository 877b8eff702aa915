// Package clockify is n8n's Clockify node (n8n-nodes-base.clockify v1):
// clients, projects, tags, tasks, time entries, users and workspaces
// through the Clockify REST API, with n8n's URLs (double slash included),
// query strings, paging and output items.
package clockify

import (
	"context"
	"fmt"
	"slices"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// CredentialType is the credential the node uses.
const CredentialType = "clockifyApi"

// operations lists every resource's operations; the first is n8n's default.
var operations = map[string][]string{
	"client":    {"create", "delete", "get", "getAll", "update"},
	"project":   {"create", "delete", "get", "getAll", "update"},
	"tag":       {"create", "delete", "getAll", "update"},
	"task":      {"create", "delete", "get", "getAll", "update"},
	"timeEntry": {"create", "delete", "get", "update"},
	"user":      {"getAll"},
	"workspace": {"getAll"},
}

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		NewItems: true,
		Type:     "n8n-nodes-base.clockify",
		Versions: []float64{1},
		Defaults: func(float64) map[string]any { return map[string]any{"resource": "project"} },
		Credentials: func(engine.Params, float64) []string {
			return []string{CredentialType}
		},
		NotIdempotent: func(p engine.Params, _ float64) string {
			res, _ := p.Value("resource").(string)
			op, present := p.Value("operation").(string)
			if !p.Has("operation") && len(operations[res]) > 0 {
				op, present = operations[res][0], true
			}
			if present && op == "create" {
				return "creates a " + res
			}
			return ""
		},
		Check: func(p engine.Params, _ float64) []string {
			res, _ := p.Value("resource").(string)
			ops, ok := operations[res]
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
			for _, o := range ops {
				if o == s {
					return nil
				}
			}
			return []string{fmt.Sprintf("parameter operation: %q is not an operation of resource %q", s, res)}
		},
	}
}

func isExpr(v any) bool {
	s, ok := v.(string)
	return ok && len(s) > 0 && s[0] == '='
}

// run is one execution of the node: n8n shares one qs object between all
// input items, so keys set for one item leak into the next item's query.
type run struct {
	ex       *engine.Exec
	resource string
	op       string
	qs       *data.Object
	cl       *client
}

// Execute runs the operation once per input item, as n8n does.
func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	r := &run{ex: ex, qs: data.NewObject(4)}
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
		if r.resource == "user" || r.resource == "workspace" {
			r.op = "getAll"
		}
	}
	// One output item per input item is the rule here: sized for it, the
	// output is not regrown (and copied) while a 100,000-item run goes.
	out := make([]data.Item, 0, len(items))
	for i := range items {
		resp, err := r.item(ctx, i)
		if err != nil {
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.NewObject(0), Error: data.ErrorOf(err.Error())})
				continue
			}
			return nil, err
		}
		out = appendJSONArray(out, resp, i)
	}
	return [][]data.Item{out}, nil
}

// client returns the API client, reading the credential on first use (n8n
// reads it per request, inside the item's error handling).
func (r *run) client() (*client, error) {
	if r.cl != nil {
		return r.cl, nil
	}
	cred, err := r.ex.Credentials(CredentialType)
	if err != nil {
		return nil, err
	}
	r.cl = &client{http: r.ex.HTTP(CredentialType), cred: cred}
	return r.cl, nil
}

// appendJSONArray appends n8n's returnJsonArray +
// constructExecutionMetaData to out: an array gives one item per element,
// anything else one item; each is paired with input item i.
func appendJSONArray(out []data.Item, resp any, i int) []data.Item {
	list, ok := resp.([]any)
	if !ok {
		list = []any{resp}
	}
	out = slices.Grow(out, len(list))
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
