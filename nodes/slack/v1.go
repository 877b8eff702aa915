package slack

import (
	"context"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// v1Operations are the typeVersion 1 operations n8n-go runs (those the
// fake Slack API serves); the first is n8n's default.
var v1Operations = map[string][]string{
	"message": {"post", "postEphemeral", "update", "delete", "getPermalink"},
	"channel": {"create", "archive", "close", "get", "getAll", "history", "invite", "join", "kick", "leave", "member",
		"rename", "replies", "setPurpose", "setTopic", "unarchive"},
	"user":     {"info", "getAll", "getPresence"},
	"reaction": {"add", "remove", "get"},
}

// v1OtherOptionsOrder is the description order of typeVersion 1's
// otherOptions (the attachments of a multiple-values collection keep the
// order they were saved in).
var v1OtherOptionsOrder = []string{"icon_emoji", "icon_url", "link_names", "thread_ts", "mrkdwn", "reply_broadcast",
	"unfurl_links", "unfurl_media", "sendAsUser"}

func v1Defaults() map[string]any {
	return map[string]any{"authentication": "accessToken", "resource": "message", "channel": "", "channelId": "",
		"text": "", "jsonParameters": false, "otherOptions": map[string]any{}, "attachments": []any{},
		"attachmentsJson": "", "blocksJson": "", "blocksUi": map[string]any{}, "updateFields": map[string]any{},
		"additionalFields": map[string]any{}, "returnAll": false, "limit": float64(50), "filters": map[string]any{},
		"ts": "", "timestamp": "", "user": "", "name": "", "userIds": []any{}, "userId": "", "purpose": "", "topic": "",
		"resolveData": false}
}

// v1Check reports typeVersion 1 parameters n8n-go does not run.
func v1Check(p engine.Params) []string {
	res, _ := p.Value("resource").(string)
	if res == "" {
		res = "message"
	}
	op, ok := p.Value("operation").(string)
	if !ok && len(v1Operations[res]) > 0 {
		op = v1Operations[res][0]
	}
	if isExpr(res) || isExpr(op) {
		return nil
	}
	ops, ok := v1Operations[res]
	if !ok {
		return []string{"parameter resource: " + quote(res) + " of typeVersion 1 is not supported by n8n-go (supported: channel, message, reaction, user)"}
	}
	if !contains(ops, op) {
		return []string{"parameter operation: " + quote(op) + " of resource " + quote(res) + " (typeVersion 1) is not supported by n8n-go"}
	}
	if res == "message" && op == "post" && p.Value("jsonParameters") != true {
		if b, ok := p.Value("blocksUi").(*data.Object); ok && b.Has("blocksValues") {
			return []string{"parameter blocksUi: the block builder of typeVersion 1 is not supported by n8n-go (use JSON parameters)"}
		}
	}
	return nil
}

func quote(s string) string { return `"` + s + `"` }

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// v1Attachments is the attachments list with fields.item moved up (or
// fields dropped).
func (r *run) v1Attachments(i int) ([]any, error) {
	v, err := r.paramOr("attachments", i, []any{})
	if err != nil {
		return nil, err
	}
	list, _ := v.([]any)
	out := make([]any, 0, len(list))
	for _, e := range list {
		a, ok := e.(*data.Object)
		if !ok {
			out = append(out, e)
			continue
		}
		a = a.Clone()
		if f, ok := a.Get("fields"); ok && !data.IsUndefined(f) {
			fo, _ := f.(*data.Object)
			if item, has := fo.Get("item"); fo != nil && has && !data.IsUndefined(item) {
				a.Set("fields", item)
			} else {
				a.Delete("fields")
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// v1JSON is the attachmentsJson/blocksJson check: the string as given
// (n8n sends it unparsed) or an error when it is not JSON.
func (r *run) v1JSON(name, what string, i int, into *data.Object, key string) error {
	v, err := r.paramOr(name, i, "")
	if err != nil {
		return err
	}
	if s, ok := v.(string); ok && s == "" {
		return nil
	}
	if s, ok := v.(string); ok {
		if _, perr := data.ParseJSONString(s); perr != nil {
			return engine.OperationError(i, "%s it is not a valid json", what)
		}
	}
	into.Set(key, v)
	return nil
}

// v1Item is one item of typeVersion 1.
func (r *run) v1Item(ctx context.Context, i int) (any, error) {
	if r.resource == "channel" {
		if resp, ok, err := r.channelOp(ctx, i); ok {
			return resp, err
		}
	}
	switch r.resource + "." + r.op {
	case "user.getPresence":
		u, err := r.param("user", i)
		if err != nil {
			return nil, err
		}
		return r.api(ctx, i, "GET", "/users.getPresence", nil, data.ObjectOf("user", u))
	case "message.post", "message.postEphemeral":
		return r.v1Post(ctx, i)
	case "message.update":
		channel, err := r.param("channelId", i)
		if err != nil {
			return nil, err
		}
		text, err := r.param("text", i)
		if err != nil {
			return nil, err
		}
		ts, err := r.param("ts", i)
		if err != nil {
			return nil, err
		}
		att, err := r.v1Attachments(i)
		if err != nil {
			return nil, err
		}
		body := data.ObjectOf("channel", channel, "text", text, "ts", ts, "attachments", att)
		if jp, err := r.paramOr("jsonParameters", i, false); err != nil {
			return nil, err
		} else if jp == true {
			if err := r.v1JSON("blocksJson", "Blocks", i, body, "blocks"); err != nil {
				return nil, err
			}
			if err := r.v1JSON("attachmentsJson", "Attachments", i, body, "attachments"); err != nil {
				return nil, err
			}
		}
		fields, err := r.collection("updateFields", i, []string{"link_names", "parse"})
		if err != nil {
			return nil, err
		}
		for k, v := range fields.All() {
			body.Set(k, v)
		}
		return r.api(ctx, i, "POST", "/chat.update", body, nil)
	case "message.delete", "message.getPermalink":
		channel, err := r.param("channelId", i)
		if err != nil {
			return nil, err
		}
		ts, err := r.param("timestamp", i)
		if err != nil {
			return nil, err
		}
		if r.op == "delete" {
			return r.api(ctx, i, "POST", "/chat.delete", data.ObjectOf("channel", channel, "ts", ts), nil)
		}
		return r.api(ctx, i, "GET", "/chat.getPermalink", nil, data.ObjectOf("channel", channel, "message_ts", ts))
	case "channel.archive":
		channel, err := r.param("channelId", i)
		if err != nil {
			return nil, err
		}
		return r.api(ctx, i, "POST", "/conversations.archive", data.ObjectOf("channel", channel), nil)
	case "channel.create":
		channel, err := r.param("channelId", i)
		if err != nil {
			return nil, err
		}
		add, err := r.collection("additionalFields", i, nil)
		if err != nil {
			return nil, err
		}
		body := data.ObjectOf("name", channel)
		if v := add.Value("isPrivate"); truthy(v) {
			body.Set("is_private", v)
		}
		resp, err := r.api(ctx, i, "POST", "/conversations.create", body, nil)
		return field(resp, "channel"), err
	case "channel.get":
		channel, err := r.param("channelId", i)
		if err != nil {
			return nil, err
		}
		resp, err := r.api(ctx, i, "POST", "/conversations.info", nil, data.ObjectOf("channel", channel))
		return field(resp, "channel"), err
	case "channel.getAll", "channel.history", "user.getAll":
		// The typeVersion 2 code paths build the same query strings.
		return r.item(ctx, i)
	case "user.info":
		u, err := r.param("user", i)
		if err != nil {
			return nil, err
		}
		resp, err := r.api(ctx, i, "GET", "/users.info", nil, data.ObjectOf("user", u))
		return field(resp, "user"), err
	case "reaction.add", "reaction.remove", "reaction.get":
		channel, err := r.param("channelId", i)
		if err != nil {
			return nil, err
		}
		ts, err := r.param("timestamp", i)
		if err != nil {
			return nil, err
		}
		if r.op == "get" {
			return r.api(ctx, i, "GET", "/reactions.get", nil, data.ObjectOf("channel", channel, "timestamp", ts))
		}
		name, err := r.param("name", i)
		if err != nil {
			return nil, err
		}
		return r.api(ctx, i, "POST", "/reactions."+r.op, data.ObjectOf("channel", channel, "name", name, "timestamp", ts), nil)
	}
	return data.ObjectOf("error", "Resource "+r.resource+" / operation "+r.op+" not found!"), nil
}

// v1Post is message post and postEphemeral: channel, text, the bot's
// username when sending as a user with a token, attachments or the JSON
// parameters, then every other option as given (sendAsUser included).
func (r *run) v1Post(ctx context.Context, i int) (any, error) {
	channel, err := r.param("channel", i)
	if err != nil {
		return nil, err
	}
	other, err := r.collection("otherOptions", i, v1OtherOptionsOrder)
	if err != nil {
		return nil, err
	}
	text, err := r.param("text", i)
	if err != nil {
		return nil, err
	}
	body := data.ObjectOf("channel", channel, "text", text)
	action := "postMessage"
	if r.op == "postEphemeral" {
		u, err := r.param("user", i)
		if err != nil {
			return nil, err
		}
		body.Set("user", u)
		action = "postEphemeral"
	}
	jp, err := r.paramOr("jsonParameters", i, false)
	if err != nil {
		return nil, err
	}
	if r.auth == "accessToken" {
		// `sendAsUser !== ''`: an absent option (undefined) counts too.
		if u, ok := other.Get("sendAsUser"); !ok || u != "" {
			if !ok {
				u = data.Undefined
			}
			body.Set("username", u)
		}
	}
	if jp != true {
		att, err := r.v1Attachments(i)
		if err != nil {
			return nil, err
		}
		body.Set("attachments", att)
	} else {
		if err := r.v1JSON("attachmentsJson", "Attachments", i, body, "attachments"); err != nil {
			return nil, err
		}
		if err := r.v1JSON("blocksJson", "Blocks", i, body, "blocks"); err != nil {
			return nil, err
		}
	}
	for k, v := range other.All() {
		body.Set(k, v)
	}
	return r.api(ctx, i, "POST", "/chat."+action, body, nil)
}

// v1Error is the NodeApiError n8n wraps around typeVersion 1's
// "Slack error response: {whole answer}".
func v1Error(i int, m *data.Object) error {
	b, _ := data.MarshalValue(m)
	e := engine.OperationError(i, "Slack error response: %s", strings.TrimSpace(string(b)))
	e.Name = "NodeApiError" // the NodeOperationError re-wrapped, message kept
	return e
}
