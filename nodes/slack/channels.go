package slack

import (
	"context"

	"github.com/n8n-go/n8n-go/engine/data"
)

// channelOp runs the channel operations that take a channel and maybe
// one more value (typeVersion 2 reads the channel as a resource locator,
// 1 as a plain string: locator passes plain strings through). ok is
// false for another operation.
func (r *run) channelOp(ctx context.Context, i int) (any, bool, error) {
	simple := map[string]struct {
		method, param, key string
		channelOut         bool
	}{
		"close":      {"/conversations.close", "", "", false},
		"join":       {"/conversations.join", "", "", true},
		"leave":      {"/conversations.leave", "", "", false},
		"unarchive":  {"/conversations.unarchive", "", "", false},
		"kick":       {"/conversations.kick", "userId", "user", false},
		"rename":     {"/conversations.rename", "name", "name", true},
		"setPurpose": {"/conversations.setPurpose", "purpose", "purpose", true},
		"setTopic":   {"/conversations.setTopic", "topic", "topic", true},
	}
	switch r.op {
	case "invite", "member", "replies":
	default:
		if _, ok := simple[r.op]; !ok {
			return nil, false, nil
		}
	}
	channel, err := r.locator("channelId", i)
	if err != nil {
		return nil, true, err
	}
	switch r.op {
	case "invite":
		v, err := r.paramOr("userIds", i, []any{})
		if err != nil {
			return nil, true, err
		}
		users, _ := v.([]any)
		resp, err := r.api(ctx, i, "POST", "/conversations.invite", data.ObjectOf("channel", channel, "users", jsString(users)), nil)
		return field(resp, "channel"), true, err
	case "member":
		resp, err := r.members(ctx, i, channel)
		return resp, true, err
	case "replies":
		resp, err := r.replies(ctx, i, channel)
		return resp, true, err
	}
	op := simple[r.op]
	body := data.ObjectOf("channel", channel)
	if op.param != "" {
		v, err := r.param(op.param, i)
		if err != nil {
			return nil, true, err
		}
		body.Set(op.key, v)
	}
	resp, err := r.api(ctx, i, "POST", op.method, body, nil)
	if op.channelOut {
		return field(resp, "channel"), true, err
	}
	return resp, true, err
}

// members is channel member: ids as {member}, or each member's users.info
// with resolveData (returnAll and resolveData come from item 0).
func (r *run) members(ctx context.Context, i int, channel any) (any, error) {
	returnAll, err := r.paramOr("returnAll", 0, false)
	if err != nil {
		return nil, err
	}
	resolve, err := r.paramOr("resolveData", 0, false)
	if err != nil {
		return nil, err
	}
	qs := data.ObjectOf("channel", channel)
	var ids []any
	if truthy(returnAll) {
		v, err := r.pages(ctx, i, "members", "/conversations.members", qs)
		if err != nil {
			return nil, err
		}
		ids = v
	} else {
		var limit any = float64(100) // this operation's own default
		if r.ex.Node().Parameters.Has("limit") {
			if limit, err = r.param("limit", i); err != nil {
				return nil, err
			}
		}
		qs.Set("limit", limit)
		resp, err := r.api(ctx, i, "GET", "/conversations.members", nil, qs)
		if err != nil {
			return nil, err
		}
		ids, _ = field(resp, "members").([]any)
	}
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		if !truthy(resolve) {
			out = append(out, data.ObjectOf("member", id))
			continue
		}
		resp, err := r.api(ctx, i, "GET", "/users.info", nil, data.ObjectOf("user", id))
		if err != nil {
			return nil, err
		}
		out = append(out, field(resp, "user"))
	}
	return out, nil
}

// replies is channel replies: a thread's messages.
func (r *run) replies(ctx context.Context, i int, channel any) (any, error) {
	ts, err := r.paramOr("ts", i, data.Undefined)
	if err != nil {
		return nil, err
	}
	if !r.v1 {
		ts = toStringOrUndefined(ts)
	}
	qs := data.ObjectOf("channel", channel, "ts", ts)
	filters, err := r.collection("filters", i, nil)
	if err != nil {
		return nil, err
	}
	if v := filters.Value("inclusive"); truthy(v) {
		qs.Set("inclusive", v)
	}
	for _, k := range []string{"latest", "oldest"} {
		if v := filters.Value(k); truthy(v) {
			qs.Set(k, unixSeconds(v))
		}
	}
	return r.list(ctx, i, "messages", "/conversations.replies", qs)
}
