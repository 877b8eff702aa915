package clockify

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Key orders of the collections, as n8n's descriptions list them: n8n
// rebuilds a collection parameter option by option (getNodeParameters), so
// Object.assign copies its keys in this order, not the workflow file's.
var (
	clientListFields   = []string{"archived", "name", "sort-order"}
	clientUpdateFields = []string{"address", "archived"}
	projectCreate      = []string{"billable", "color", "clientId", "estimateUi", "isPublic", "note"}
	projectListFields  = []string{"archived", "billable", "clients", "contains-client", "client-status", "contains-user", "is-template", "name", "sort-column", "sort-order", "users", "user-status"}
	projectUpdate      = []string{"billable", "color", "clientId", "estimateUi", "isPublic", "name", "note"}
	tagListFields      = []string{"archived", "name", "sort-column", "sort-order"}
	tagUpdate          = []string{"archived", "name"}
	taskCreate         = []string{"assigneeIds", "estimate"}
	taskFilters        = []string{"is-active", "name", "sort-column", "sort-order"}
	taskUpdate         = []string{"assigneeIds", "estimate", "name", "status"}
	timeEntryCreate    = []string{"billable", "customFieldsUi", "description", "end", "projectId", "tagIds", "taskId"}
	timeEntryUpdate    = []string{"billable", "customFieldsUi", "description", "end", "projectId", "start", "tagIds", "taskId"}
	userListFields     = []string{"email", "name", "status", "sort-column", "sort-order"}
)

// orderedKeys returns m's keys: those in order first, then the rest in
// m's own order.
func orderedKeys(m *data.Object, order []string) []string {
	out := make([]string, 0, m.Len())
	for _, k := range order {
		if m.Has(k) {
			out = append(out, k)
		}
	}
	for _, k := range m.Keys() {
		if !slices.Contains(order, k) {
			out = append(out, k)
		}
	}
	return out
}

// str is getNodeParameter(name, i) put into a template literal; a missing
// parameter is its default ("" for ids, [] for workspaceId: also "").
func (r *run) str(name string, i int) (string, error) {
	if _, ok := r.ex.Params().Get(name); !ok {
		return "", nil
	}
	v, err := r.ex.Param(name, i)
	if err != nil {
		return "", err
	}
	return jsString(v), nil
}

// raw is getNodeParameter(name, i) as a value (def when missing).
func (r *run) raw(name string, i int, def any) (any, error) {
	if _, ok := r.ex.Params().Get(name); !ok {
		return def, nil
	}
	return r.ex.Param(name, i)
}

func (r *run) coll(name string, i int) (*data.Object, error) {
	v, err := r.raw(name, i, nil)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*data.Object)
	if m == nil {
		m = data.NewObject(0)
	}
	return m, nil
}

func (r *run) returnAll(i int) (bool, error) {
	v, err := r.raw("returnAll", i, false)
	if err != nil {
		return false, err
	}
	return truthy(v), nil
}

func (r *run) limit(i int) (any, error) { return r.raw("limit", i, 100.0) }

func truthy(v any) bool {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return false
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		return x != ""
	}
	return true
}

func (r *run) call(ctx context.Context, method, resource string, body *data.Object, i int) (any, error) {
	cl, err := r.client()
	if err != nil {
		return nil, err
	}
	return cl.request(ctx, method, resource, body, r.qs, i)
}

// all is clockifyApiRequestAllItems: page-size 50 from page 1 until an
// empty page, or until qs.limit items were collected.
func (r *run) all(ctx context.Context, resource string, i int) ([]any, error) {
	r.qs.Set("page-size", 50.0)
	r.qs.Set("page", 1.0)
	var out []any
	for {
		resp, err := r.call(ctx, "GET", resource, nil, i)
		if err != nil {
			return nil, err
		}
		page, _ := resp.([]any)
		out = append(out, page...)
		if lim, ok := r.qs.Get("limit"); ok && truthy(lim) {
			if n, isNum := lim.(float64); isNum && float64(len(out)) >= n {
				return out, nil
			}
		}
		p, _ := r.qs.Get("page")
		pn, _ := p.(float64)
		r.qs.Set("page", pn+1)
		if len(page) == 0 {
			return out, nil
		}
	}
}

// splice is responseData.splice(0, limit).
func splice(list []any, limit any) []any {
	n, ok := limit.(float64)
	if !ok || n < 0 {
		return list
	}
	if int(n) < len(list) {
		return list[:int(n)]
	}
	return list
}

// list runs a getAll with n8n's returnAll/limit handling.
func (r *run) list(ctx context.Context, resource, fieldsParam string, order []string, i int) (any, error) {
	all, err := r.returnAll(i)
	if err != nil {
		return nil, err
	}
	fields, err := r.coll(fieldsParam, i)
	if err != nil {
		return nil, err
	}
	assign(r.qs, fields, order)
	if all {
		return r.all(ctx, resource, i)
	}
	lim, err := r.limit(i)
	if err != nil {
		return nil, err
	}
	r.qs.Set("limit", lim)
	resp, err := r.all(ctx, resource, i)
	if err != nil {
		return nil, err
	}
	return splice(resp, lim), nil
}

// item runs the operation for input item i and returns the API answer.
func (r *run) item(ctx context.Context, i int) (any, error) {
	if r.resource == "workspace" {
		if r.op != "getAll" {
			return nil, nil
		}
		all, err := r.returnAll(i)
		if err != nil {
			return nil, err
		}
		resp, err := r.call(ctx, "GET", "/workspaces", nil, i)
		if err != nil {
			return nil, err
		}
		if !all {
			lim, err := r.limit(i)
			if err != nil {
				return nil, err
			}
			r.qs.Set("limit", lim)
			list, _ := resp.([]any)
			return splice(list, lim), nil
		}
		return resp, nil
	}
	ws, err := r.str("workspaceId", i)
	if err != nil {
		return nil, err
	}
	base := "/workspaces/" + ws
	switch r.resource {
	case "client":
		return r.clientOp(ctx, base, i)
	case "project":
		return r.projectOp(ctx, base, i)
	case "tag":
		return r.tagOp(ctx, base, i)
	case "task":
		return r.taskOp(ctx, base, i)
	case "timeEntry":
		return r.timeEntryOp(ctx, base, i)
	case "user":
		if r.op == "getAll" {
			return r.list(ctx, base+"/users", "additionalFields", userListFields, i)
		}
	}
	// n8n leaves responseData unchanged for an unknown resource/operation.
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}

func (r *run) named(name string, i int) (*data.Object, error) {
	v, err := r.raw(name, i, "")
	if err != nil {
		return nil, err
	}
	return data.ObjectOf("name", v), nil
}

func (r *run) clientOp(ctx context.Context, base string, i int) (any, error) {
	switch r.op {
	case "create":
		body, err := r.named("name", i)
		if err != nil {
			return nil, err
		}
		return r.call(ctx, "POST", base+"/clients", body, i)
	case "delete", "get":
		id, err := r.str("clientId", i)
		if err != nil {
			return nil, err
		}
		return r.call(ctx, map[string]string{"delete": "DELETE", "get": "GET"}[r.op], base+"/clients/"+id, nil, i)
	case "update":
		id, err := r.str("clientId", i)
		if err != nil {
			return nil, err
		}
		body, err := r.named("name", i)
		if err != nil {
			return nil, err
		}
		upd, err := r.coll("updateFields", i)
		if err != nil {
			return nil, err
		}
		assign(body, upd, clientUpdateFields)
		return r.call(ctx, "PUT", base+"/clients/"+id, body, i)
	case "getAll":
		return r.list(ctx, base+"/clients", "additionalFields", clientListFields, i)
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}

// estimateUi moves estimateUi.estimateValues to estimate (project bodies).
func estimateUi(body *data.Object) {
	v, ok := body.Get("estimateUi")
	if !ok || !truthy(v) {
		return
	}
	m, _ := v.(*data.Object)
	ev, has := m.Get("estimateValues")
	if !has {
		ev = data.Undefined
	}
	body.Set("estimate", ev)
	body.Delete("estimateUi")
}

func (r *run) projectOp(ctx context.Context, base string, i int) (any, error) {
	switch r.op {
	case "create":
		body, err := r.named("name", i)
		if err != nil {
			return nil, err
		}
		add, err := r.coll("additionalFields", i)
		if err != nil {
			return nil, err
		}
		assign(body, add, projectCreate)
		estimateUi(body)
		return r.call(ctx, "POST", base+"/projects", body, i)
	case "delete", "get":
		id, err := r.str("projectId", i)
		if err != nil {
			return nil, err
		}
		return r.call(ctx, map[string]string{"delete": "DELETE", "get": "GET"}[r.op], base+"/projects/"+id, nil, i)
	case "getAll":
		return r.list(ctx, base+"/projects", "additionalFields", projectListFields, i)
	case "update":
		id, err := r.str("projectId", i)
		if err != nil {
			return nil, err
		}
		upd, err := r.coll("updateFields", i)
		if err != nil {
			return nil, err
		}
		body := data.NewObject(8)
		assign(body, upd, projectUpdate)
		estimateUi(body)
		return r.call(ctx, "PUT", base+"/projects/"+id, body, i)
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}

func (r *run) tagOp(ctx context.Context, base string, i int) (any, error) {
	switch r.op {
	case "create":
		body, err := r.named("name", i)
		if err != nil {
			return nil, err
		}
		return r.call(ctx, "POST", base+"/tags", body, i)
	case "delete":
		id, err := r.str("tagId", i)
		if err != nil {
			return nil, err
		}
		if _, err := r.call(ctx, "DELETE", base+"/tags/"+id, nil, i); err != nil {
			return nil, err
		}
		return data.ObjectOf("success", true), nil
	case "getAll":
		return r.list(ctx, base+"/tags", "additionalFields", tagListFields, i)
	case "update":
		id, err := r.str("tagId", i)
		if err != nil {
			return nil, err
		}
		upd, err := r.coll("updateFields", i)
		if err != nil {
			return nil, err
		}
		body := data.NewObject(8)
		assign(body, upd, tagUpdate)
		return r.call(ctx, "PUT", base+"/tags/"+id, body, i)
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}

// taskEstimate is n8n's `PT${hour}H${minute}M` from "H:MM" (a value
// without ":" gives "undefined" minutes, as in n8n).
func taskEstimate(body *data.Object) {
	v, ok := body.Get("estimate")
	if !ok || !truthy(v) {
		return
	}
	parts := strings.Split(jsString(v), ":")
	minute := "undefined"
	if len(parts) > 1 {
		minute = parts[1]
	}
	body.Set("estimate", fmt.Sprintf("PT%sH%sM", parts[0], minute))
}

func (r *run) taskOp(ctx context.Context, base string, i int) (any, error) {
	pid, err := r.str("projectId", i)
	if err != nil {
		return nil, err
	}
	tasks := base + "/projects/" + pid + "/tasks"
	taskID := func() (string, error) { return r.str("taskId", i) }
	switch r.op {
	case "create":
		body, err := r.named("name", i)
		if err != nil {
			return nil, err
		}
		add, err := r.coll("additionalFields", i)
		if err != nil {
			return nil, err
		}
		assign(body, add, taskCreate)
		taskEstimate(body)
		return r.call(ctx, "POST", tasks, body, i)
	case "delete", "get":
		id, err := taskID()
		if err != nil {
			return nil, err
		}
		return r.call(ctx, map[string]string{"delete": "DELETE", "get": "GET"}[r.op], tasks+"/"+id, nil, i)
	case "getAll":
		all, err := r.returnAll(i)
		if err != nil {
			return nil, err
		}
		filters, err := r.coll("filters", i)
		if err != nil {
			return nil, err
		}
		assign(r.qs, filters, taskFilters)
		if all {
			return r.all(ctx, tasks, i)
		}
		lim, err := r.limit(i)
		if err != nil {
			return nil, err
		}
		r.qs.Set("page-size", lim)
		return r.call(ctx, "GET", tasks, nil, i)
	case "update":
		id, err := taskID()
		if err != nil {
			return nil, err
		}
		upd, err := r.coll("updateFields", i)
		if err != nil {
			return nil, err
		}
		body := data.NewObject(8)
		assign(body, upd, taskUpdate)
		taskEstimate(body)
		return r.call(ctx, "PUT", tasks+"/"+id, body, i)
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}

func (r *run) timeEntryOp(ctx context.Context, base string, i int) (any, error) {
	entries := base + "/time-entries"
	switch r.op {
	case "create":
		start, err := r.raw("start", i, "")
		if err != nil {
			return nil, err
		}
		body := data.NewObject(8)
		body.Set("start", r.utc(start))
		add, err := r.coll("additionalFields", i)
		if err != nil {
			return nil, err
		}
		assign(body, add, timeEntryCreate)
		if end, ok := body.Get("end"); ok && truthy(end) {
			body.Set("end", r.utc(end))
		}
		if cf, ok := body.Get("customFieldsUi"); ok && truthy(cf) {
			m, _ := cf.(*data.Object)
			v, has := m.Get("customFieldsValues")
			if !has {
				v = data.Undefined
			}
			body.Set("customFields", v)
		}
		return r.call(ctx, "POST", entries, body, i)
	case "delete":
		id, err := r.str("timeEntryId", i)
		if err != nil {
			return nil, err
		}
		if _, err := r.call(ctx, "DELETE", entries+"/"+id, nil, i); err != nil {
			return nil, err
		}
		return data.ObjectOf("success", true), nil
	case "get":
		id, err := r.str("timeEntryId", i)
		if err != nil {
			return nil, err
		}
		return r.call(ctx, "GET", entries+"/"+id, nil, i)
	case "update":
		id, err := r.str("timeEntryId", i)
		if err != nil {
			return nil, err
		}
		upd, err := r.coll("updateFields", i)
		if err != nil {
			return nil, err
		}
		body := data.NewObject(8)
		assign(body, upd, timeEntryUpdate)
		if end, ok := body.Get("end"); ok && truthy(end) {
			body.Set("end", r.utc(end))
		}
		if st, ok := body.Get("start"); ok && truthy(st) {
			body.Set("start", r.utc(st))
		} else {
			// Clockify needs start on every update: n8n reads the current one.
			cur, err := r.call(ctx, "GET", entries+"/"+id, nil, i)
			if err != nil {
				return nil, err
			}
			m, _ := cur.(*data.Object)
			ti, _ := m.Value("timeInterval").(*data.Object)
			s, has := ti.Get("start")
			if !has {
				s = data.Undefined
			}
			body.Set("start", s)
		}
		return r.call(ctx, "PUT", entries+"/"+id, body, i)
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}

// utc is moment.tz(v, timezone).utc().format(): the date read in the
// workflow's time zone unless it carries an offset, printed in UTC.
func (r *run) utc(v any) string {
	s := jsString(v)
	loc := r.ex.Location()
	if loc == nil {
		loc = time.UTC
	}
	withZone := []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00"}
	for _, l := range withZone {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC().Format("2006-01-02T15:04:05Z")
		}
	}
	local := []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}
	for _, l := range local {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.UTC().Format("2006-01-02T15:04:05Z")
		}
	}
	return "Invalid date"
}
