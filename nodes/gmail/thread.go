package gmail

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

func (r *run) thread(ctx context.Context, i int) (any, error) {
	if r.op == "reply" {
		return r.reply(ctx, i)
	}
	if r.op == "getAll" {
		returnAll, err := r.boolParam("returnAll", i, false)
		if err != nil {
			return nil, err
		}
		filters, err := r.coll("filters", i, threadFilterKeys)
		if err != nil {
			return nil, err
		}
		qs, err := r.prepareQuery(filters, i)
		if err != nil {
			return nil, err
		}
		list, err := r.list(ctx, "threads", "/gmail/v1/users/me/threads", qs, returnAll, i)
		if err != nil {
			return nil, err
		}
		if list == nil {
			list = []any{}
		}
		return list, nil
	}
	id, err := r.str("threadId", i, "")
	if err != nil {
		return nil, err
	}
	endpoint := "/gmail/v1/users/me/threads/" + id
	switch r.op {
	case "delete":
		if _, err := r.call(ctx, "DELETE", endpoint, nil, nil, i); err != nil {
			return nil, err
		}
		return data.ObjectOf("success", true), nil
	case "trash", "untrash":
		return r.call(ctx, "POST", endpoint+"/"+r.op, nil, nil, i)
	case "addLabels", "removeLabels":
		body, err := r.modifyBody(i)
		if err != nil {
			return nil, err
		}
		return r.call(ctx, "POST", endpoint+"/modify", body, nil, i)
	case "get":
		options, err := r.coll("options", i, threadGetKeys)
		if err != nil {
			return nil, err
		}
		simple, err := r.boolParam("simple", i, true)
		if err != nil {
			return nil, err
		}
		qs := data.NewObject(2)
		if simple {
			qs.Set("format", "metadata")
			qs.Set("metadataHeaders", metadataHeaders)
		} else {
			qs.Set("format", "full")
		}
		resp, err := r.call(ctx, "GET", endpoint, nil, qs, i)
		if err != nil {
			return nil, err
		}
		t, _ := resp.(*data.Object)
		if t == nil {
			t = data.NewObject(0)
		}
		msgs, _ := t.Value("messages").([]any)
		msgs, err = r.simplify(ctx, msgs, i)
		if err != nil {
			return nil, err
		}
		if truthy(options.Value("returnOnlyMessages")) {
			return msgs, nil
		}
		t.Set("messages", msgs)
		return t, nil
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}
