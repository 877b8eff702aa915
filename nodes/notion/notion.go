// Package notion is n8n's Notion node (n8n-nodes-base.notion v2, 2.1 and
// 2.2): database pages (get many with manual or JSON filters and sorts,
// get, create, update), pages (create, get, archive, search), databases
// (get, get many, search), blocks (append, get children) and users, with
// n8n's request bodies, Notion-Version 2021-08-16, paging, simplified
// output and errors.
//
// Request bodies are built in n8n's key order; responses are read as raw
// JSON (gjson), because jomei/notionapi's decoder rejects property types
// it does not know and loses values n8n's output depends on (null
// numbers, rollup functions). notionapi's property types are used where
// they marshal exactly as n8n's bodies (title, plain rich text, checkbox,
// status values).
package notion

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// CredentialType is the credential the node uses.
const CredentialType = "notionApi"

// operations lists every resource's operations; the first is n8n's default.
var operations = map[string][]string{
	"block":        {"append", "getAll"},
	"database":     {"get", "getAll", "search"},
	"databasePage": {"create", "get", "getAll", "update"},
	"page":         {"create", "archive", "search"},
	"user":         {"get", "getAll"},
}

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		NewItems: true,
		Type:     "n8n-nodes-base.notion",
		Versions: []float64{2, 2.1, 2.2},
		Defaults: func(float64) map[string]any { return map[string]any{"resource": "page"} },
		Credentials: func(engine.Params, float64) []string {
			return []string{CredentialType}
		},
		NotIdempotent: func(p engine.Params, _ float64) string {
			res, _ := p.Value("resource").(string)
			op, _ := p.Value("operation").(string)
			if !p.Has("operation") && len(operations[res]) > 0 {
				op = operations[res][0]
			}
			switch op {
			case "create":
				return "creates a " + res
			case "append":
				return "appends blocks"
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
			_ = ops // an operation n8n v2 lacks (page get) runs and outputs nothing
			return nil
		},
	}
}

func isExpr(v any) bool {
	s, ok := v.(string)
	return ok && strings.HasPrefix(s, "=")
}

// run is one execution of the node.
type run struct {
	ex       *engine.Exec
	resource string
	op       string
	cl       *client
	// qs is shared by every item, as in n8n.
	qs *data.Object
	// titleKey is the database's title property (databasePage create).
	titleKey string
	// simp converts property names once per node run.
	simp simplifier
}

// Execute runs the operation once per input item, as n8n does.
func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	r := &run{ex: ex, qs: data.NewObject(2)}
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
	handler := r.handler()
	items := ex.Input(0)
	// Most operations give one item per input item, getAll gives its
	// whole list at once: the output is sized for that instead of
	// regrown (and copied) while a 100,000-item run goes.
	out := make([]data.Item, 0, len(items))
	if handler == nil {
		// n8n's execute has no branch for it and returns no items.
		return [][]data.Item{out}, nil
	}
	// databasePage create reads the database's schema once, before the
	// items, outside their error handling.
	if r.resource == "databasePage" && r.op == "create" && len(items) > 0 {
		if err := r.loadTitleKey(ctx); err != nil {
			return nil, err
		}
	}
	for i := range items {
		results, err := handler(ctx, i)
		if err != nil {
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", errorMessage(err)), Paired: data.One(i)})
				continue
			}
			return nil, itemError(err, i)
		}
		out = slices.Grow(out, len(results))
		for _, m := range results {
			out = append(out, data.Item{JSON: m, Paired: data.One(i)})
		}
	}
	return [][]data.Item{out}, nil
}

func errorMessage(err error) string {
	return engine.AsNodeError(err).Message
}

// itemError is prepareNotionError: n8n errors get context.itemIndex, any
// other error becomes a NodeOperationError for the item.
func itemError(err error, i int) error {
	ne := engine.AsNodeError(err)
	if ne.Context == nil {
		ne.Context = map[string]any{}
	}
	if _, ok := ne.Context["itemIndex"]; !ok {
		ne.Context["itemIndex"] = i
	}
	ne.ItemIndex = i
	return ne
}

type handlerFunc func(ctx context.Context, i int) ([]*data.Object, error)

func (r *run) handler() handlerFunc {
	switch r.resource + "." + r.op {
	case "block.append":
		return r.blockAppend
	case "block.getAll":
		return r.blockGetAll
	case "database.get":
		return r.databaseGet
	case "database.getAll":
		return r.databaseGetAll
	case "database.search":
		return r.databaseSearch
	case "databasePage.create":
		return r.databasePageCreate
	case "databasePage.get":
		return r.pageGet
	case "databasePage.getAll":
		return r.databasePageGetAll
	case "databasePage.update":
		return r.databasePageUpdate
	case "page.archive":
		return r.pageArchive
	case "page.create":
		return r.pageCreate
	case "page.search":
		return r.pageSearch
	case "user.get":
		return r.userGet
	case "user.getAll":
		return r.userGetAll
	}
	return nil
}

// client returns the API client, reading the credential on first use.
func (r *run) client() (*client, error) {
	if r.cl != nil {
		return r.cl, nil
	}
	cred, err := r.ex.Credentials(CredentialType)
	if err != nil {
		return nil, err
	}
	r.cl = &client{http: r.ex.HTTP(CredentialType), cred: cred, version: apiVersion(r.ex.Version())}
	return r.cl, nil
}

func (r *run) request(ctx context.Context, method, resource string, body, qs *data.Object, i int) (gjson.Result, error) {
	cl, err := r.client()
	if err != nil {
		return gjson.Result{}, err
	}
	return cl.request(ctx, method, resource, body, qs, i)
}

// pagedClient is the client for a paged request, with an empty body and
// query where the caller gives none.
func (r *run) pagedClient(body, qs *data.Object) (*client, *data.Object, *data.Object, error) {
	cl, err := r.client()
	if err != nil {
		return nil, nil, nil, err
	}
	if body == nil {
		body = data.NewObject(1)
	}
	if qs == nil {
		qs = data.NewObject(1)
	}
	return cl, body, qs, nil
}

func (r *run) all(ctx context.Context, method, resource string, body, qs *data.Object, i int) ([]gjson.Result, error) {
	cl, body, qs, err := r.pagedClient(body, qs)
	if err != nil {
		return nil, err
	}
	return cl.all(ctx, method, resource, body, qs, r.resource == "block" || r.resource == "user", i)
}

// allOutput is all with each page's results turned into items as it
// arrives, so no answer's text outlives its page. n8n converts after the
// last page: a conversion error is kept and returned once every page has
// been read (a later request's error comes first, as there).
func (r *run) allOutput(ctx context.Context, method, resource string, body, qs *data.Object, simple bool, i int) ([]*data.Object, error) {
	cl, body, qs, err := r.pagedClient(body, qs)
	if err != nil {
		return nil, err
	}
	var out []*data.Object
	var convErr error
	err = cl.each(ctx, method, resource, body, qs, r.resource == "block" || r.resource == "user", i, func(page []gjson.Result) {
		if convErr != nil {
			return
		}
		items, err := r.output(page, simple)
		if err != nil {
			convErr = err
			return
		}
		out = append(out, items...)
	})
	if err != nil {
		return nil, err
	}
	if convErr != nil {
		return nil, convErr
	}
	if out == nil {
		out = []*data.Object{}
	}
	return out, nil
}

// param is getNodeParameter(name, i) with the default def when the
// workflow omits the parameter. Hidden "type" fields of fixed-collection
// entries (an expression n8n derives from the entry's key) are ignored.
func (r *run) param(name string, i int, def any) (any, error) {
	raw, ok := r.ex.Params().Get(name)
	if !ok {
		return def, nil
	}
	v, err := r.ex.Evaluate(name, dropHiddenTypes(raw), i)
	if err != nil {
		return nil, err
	}
	if data.IsUndefined(v) {
		return def, nil
	}
	return v, nil
}

// dropHiddenTypes removes the "type" fields whose value is n8n's
// `$parameter["&key"]` default expression.
func dropHiddenTypes(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = dropHiddenTypes(e)
		}
		return out
	case *data.Object:
		out := data.NewObject(x.Len())
		for k, e := range x.All() {
			if s, ok := e.(string); ok && k == "type" && strings.Contains(s, `$parameter["&key"]`) {
				continue
			}
			out.Set(k, dropHiddenTypes(e))
		}
		return out
	}
	return v
}

func (r *run) str(name string, i int, def string) (string, error) {
	v, err := r.param(name, i, def)
	if err != nil {
		return "", err
	}
	return jsString(v), nil
}

func (r *run) boolean(name string, i int, def bool) (bool, error) {
	v, err := r.param(name, i, def)
	if err != nil {
		return false, err
	}
	return truthy(v), nil
}

func (r *run) list(name string, i int) ([]any, error) {
	v, err := r.param(name, i, []any{})
	if err != nil {
		return nil, err
	}
	l, _ := v.([]any)
	return l, nil
}

func (r *run) collection(name string, i int) (*data.Object, error) {
	v, err := r.param(name, i, nil)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*data.Object)
	if m == nil {
		m = data.NewObject(0)
	}
	return m, nil
}

// decode turns raw API objects into item JSON, keys in the answer's order.
func decode(list []gjson.Result) []*data.Object {
	out := make([]*data.Object, 0, len(list))
	for _, r := range list {
		if m, ok := jsValue(r).(*data.Object); ok && m != nil {
			out = append(out, m)
		} else {
			out = append(out, data.NewObject(0))
		}
	}
	return out
}

// output is returnJsonArray over raw results, simplified when asked.
func (r *run) output(list []gjson.Result, simple bool) ([]*data.Object, error) {
	if simple {
		return r.simp.objects(list)
	}
	return decode(list), nil
}
