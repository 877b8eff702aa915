package gmail

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

func (r *run) label(ctx context.Context, i int) (any, error) {
	switch r.op {
	case "create":
		name, err := r.value("name", i, "")
		if err != nil {
			return nil, err
		}
		opts, err := r.coll("options", i, labelOptionKeys)
		if err != nil {
			return nil, err
		}
		llv, mlv := any("labelShow"), any("show")
		if v, ok := opts.Get("labelListVisibility"); ok {
			llv = v
		}
		if v, ok := opts.Get("messageListVisibility"); ok {
			mlv = v
		}
		body := data.ObjectOf("labelListVisibility", llv, "messageListVisibility", mlv, "name", name)
		return r.call(ctx, "POST", "/gmail/v1/users/me/labels", body, nil, i)
	case "delete", "get":
		id, err := r.str("labelId", i, "")
		if err != nil {
			return nil, err
		}
		if r.op == "get" {
			return r.call(ctx, "GET", "/gmail/v1/users/me/labels/"+id, nil, nil, i)
		}
		if _, err := r.call(ctx, "DELETE", "/gmail/v1/users/me/labels/"+id, nil, nil, i); err != nil {
			return nil, err
		}
		return data.ObjectOf("success", true), nil
	case "getAll":
		returnAll, err := r.boolParam("returnAll", i, false)
		if err != nil {
			return nil, err
		}
		resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/labels", nil, nil, i)
		if err != nil {
			return nil, err
		}
		m, _ := resp.(*data.Object)
		labels, _ := m.Value("labels").([]any)
		if !returnAll {
			limit, err := r.value("limit", i, 50.0)
			if err != nil {
				return nil, err
			}
			n := spliceCount(limit, len(labels))
			labels = labels[:n]
		}
		if labels == nil {
			labels = []any{}
		}
		return labels, nil
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}

// spliceCount is how many elements splice(0, limit) takes.
func spliceCount(limit any, n int) int {
	f, ok := limit.(float64)
	if !ok {
		return 0
	}
	if f < 0 {
		f = float64(n) + f
	}
	c := int(f)
	return max(0, min(c, n))
}
