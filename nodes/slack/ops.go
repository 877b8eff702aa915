package slack

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// run is one execution of the node.
type run struct {
	ex       *engine.Exec
	resource string
	op       string
	auth     string
	cl       *client
	// v1 is typeVersion 1: answers kept as Slack sends them (ts not
	// renamed), errors quoting the whole answer.
	v1 bool
}

// otherOptionsOrder is the description's option order: n8n rebuilds
// collections option by option, so their keys reach the body this way.
var otherOptionsOrder = []string{"includeLinkToWorkflow", "botProfile", "link_names", "thread_ts", "mrkdwn",
	"unfurl_links", "unfurl_media", "ephemeral", "sendAsUser"}

// channelURL is the URL mode's extractValue regex.
var channelURL = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`https://app.slack.com/client/.*/([a-zA-Z0-9]{2,})`)
})

func (r *run) param(name string, i int) (any, error) { return r.ex.Param(name, i) }

func (r *run) paramOr(name string, i int, def any) (any, error) { return r.ex.ParamOr(name, i, def) }

// collection reads a collection parameter, keys in description order.
func (r *run) collection(name string, i int, order []string) (*data.Object, error) {
	v, err := r.param(name, i)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*data.Object)
	if m == nil {
		return data.NewObject(0), nil
	}
	return ordered(m, order), nil
}

func ordered(m *data.Object, order []string) *data.Object {
	out := data.NewObject(m.Len())
	for _, k := range order {
		if v, ok := m.Get(k); ok {
			out.Set(k, v)
		}
	}
	for k, v := range m.All() {
		if !slices.Contains(order, k) {
			out.Set(k, v)
		}
	}
	return out
}

// locator is getNodeParameter(name, i, undefined, {extractValue: true})
// for a resource locator (a plain string passes through).
func (r *run) locator(name string, i int) (any, error) {
	v, err := r.param(name, i)
	if err != nil {
		return nil, err
	}
	rl, ok := v.(*data.Object)
	if !ok {
		return v, nil
	}
	val := rl.Value("value")
	if rl.Value("mode") == "url" {
		if m := channelURL().FindStringSubmatch(jsString(val)); m != nil {
			return m[1], nil
		}
		return nil, engine.OperationError(i, "ERROR: %s parameter's value is invalid. Please enter a valid URL.", name)
	}
	return val, nil
}

func (r *run) locatorMode(name string, i int) string {
	v, _ := r.param(name, i)
	if rl, ok := v.(*data.Object); ok {
		m, _ := rl.Value("mode").(string)
		return m
	}
	return ""
}

// target is n8n's getTarget: the channel, or the user (@name in username
// mode).
func (r *run) target(i int, select_ string) (any, error) {
	if select_ == "channel" {
		return r.locator("channelId", i)
	}
	t, err := r.locator("user", i)
	if err != nil {
		return nil, err
	}
	if r.locatorMode("user", i) == "username" {
		s := jsString(t)
		if !strings.HasPrefix(s, "@") {
			s = "@" + s
		}
		return s, nil
	}
	return t, nil
}

// toStringOrUndefined is `value?.toString()`.
func toStringOrUndefined(v any) any {
	if v == nil || data.IsUndefined(v) {
		return data.Undefined
	}
	return jsString(v)
}

// messageContent is n8n's getMessageContent.
func (r *run) messageContent(i int) (*data.Object, error) {
	version := r.ex.Version()
	include, err := r.paramOr("otherOptions.includeLinkToWorkflow", i, version >= 2.1)
	if err != nil {
		return nil, err
	}
	link := truthy(include)
	instance := ""
	if id := r.ex.InstanceID(); id != "" {
		instance = "_" + id
	}
	automated := "_Automated with this <" + r.ex.InstanceBaseURL() + "workflow/" + r.ex.WorkflowID() +
		"?utm_source=n8n-internal&utm_medium=powered_by&utm_campaign=" + url.QueryEscape(Type) + instance + "|n8n workflow>_"
	mt, err := r.paramOr("messageType", i, "text")
	if err != nil {
		return nil, err
	}
	textV, err := r.paramOr("text", i, "")
	if err != nil {
		return nil, err
	}
	content := data.NewObject(2)
	switch mt {
	case "text":
		text := jsString(textV)
		if link {
			text += "\n" + automated
		}
		content.Set("text", text)
	case "block":
		v, err := r.paramOr("blocksUi", i, data.NewObject(0))
		if err != nil {
			return nil, err
		}
		if s, ok := v.(string); ok {
			parsed, perr := data.ParseJSONString(s)
			if perr != nil {
				return nil, engine.OperationError(i, "Parameter \"blocksUi\" could not be parsed as JSON: %v", perr)
			}
			v = parsed
		}
		obj, ok := v.(*data.Object)
		if !ok {
			return nil, engine.OperationError(i, "Parameter \"blocksUi\" must be an object with a \"blocks\" list")
		}
		content = obj.Clone()
		if blocks, ok := content.Value("blocks").([]any); ok && link {
			content.Set("blocks", append(slices.Clone(blocks), data.ObjectOf("type", "section",
				"text", data.ObjectOf("type", "mrkdwn", "text", automated))))
		}
		if truthy(textV) {
			content.Set("text", textV)
		}
	case "attachment":
		v, err := r.param("attachments", i)
		if err != nil {
			return nil, err
		}
		list, _ := v.([]any)
		atts := []any{}
		for _, a := range list {
			ao, ok := a.(*data.Object)
			if !ok {
				atts = append(atts, a)
				continue
			}
			// A multiple-value collection keeps each value's keys as the
			// workflow has them (recorded).
			ao = ao.Clone()
			if f, ok := ao.Value("fields").(*data.Object); ok {
				if item, has := f.Get("item"); has && truthy(item) {
					ao.Set("fields", item)
				}
			}
			atts = append(atts, ao)
		}
		if link {
			atts = append(atts, data.ObjectOf("text", automated))
		}
		content.Set("attachments", atts)
	default:
		return nil, engine.OperationError(i, "The message type \"%s\" is not known!", jsString(mt))
	}
	return content, nil
}

// item runs the operation for input item i and returns n8n's responseData.
func (r *run) item(ctx context.Context, i int) (any, error) {
	if r.resource == "channel" {
		if resp, ok, err := r.channelOp(ctx, i); ok {
			return resp, err
		}
	}
	switch r.resource + "." + r.op {
	case "user.getPresence":
		u, err := r.locator("user", i)
		if err != nil {
			return nil, err
		}
		return r.api(ctx, i, "GET", "/users.getPresence", nil, data.ObjectOf("user", u))
	case "message.post":
		return r.post(ctx, i)
	case "message.update":
		channel, err := r.locator("channelId", i)
		if err != nil {
			return nil, err
		}
		ts, err := r.param("ts", i)
		if err != nil {
			return nil, err
		}
		content, err := r.messageContent(i)
		if err != nil {
			return nil, err
		}
		body := data.ObjectOf("channel", channel, "ts", toStringOrUndefined(ts))
		for k, v := range content.All() {
			body.Set(k, v)
		}
		fields, err := r.collection("updateFields", i, []string{"link_names", "parse"})
		if err != nil {
			return nil, err
		}
		for k, v := range fields.All() {
			body.Set(k, v)
		}
		return r.api(ctx, i, "POST", "/chat.update", body, nil)
	case "message.delete":
		sel, err := r.paramOr("select", i, "")
		if err != nil {
			return nil, err
		}
		var target any
		if sel == "channel" {
			target, err = r.locator("channelId", i)
		} else {
			target, err = r.target(i, "user")
		}
		if err != nil {
			return nil, err
		}
		ts, err := r.param("timestamp", i)
		if err != nil {
			return nil, err
		}
		return r.api(ctx, i, "POST", "/chat.delete", data.ObjectOf("channel", target, "ts", toStringOrUndefined(ts)), nil)
	case "message.getPermalink":
		channel, err := r.locator("channelId", i)
		if err != nil {
			return nil, err
		}
		ts, err := r.param("timestamp", i)
		if err != nil {
			return nil, err
		}
		return r.api(ctx, i, "GET", "/chat.getPermalink", nil, data.ObjectOf("channel", channel, "message_ts", toStringOrUndefined(ts)))
	case "channel.archive":
		channel, err := r.locator("channelId", i)
		if err != nil {
			return nil, err
		}
		return r.api(ctx, i, "POST", "/conversations.archive", data.ObjectOf("channel", channel), nil)
	case "channel.create":
		v, err := r.locator("channelId", i)
		if err != nil {
			return nil, err
		}
		name := jsString(v)
		name = strings.TrimPrefix(name, "#")
		vis, err := r.paramOr("channelVisibility", i, "public")
		if err != nil {
			return nil, err
		}
		resp, err := r.api(ctx, i, "POST", "/conversations.create", data.ObjectOf("name", name, "is_private", vis == "private"), nil)
		return field(resp, "channel"), err
	case "channel.get":
		channel, err := r.locator("channelId", i)
		if err != nil {
			return nil, err
		}
		resp, err := r.api(ctx, i, "POST", "/conversations.info", nil, data.ObjectOf("channel", channel))
		return field(resp, "channel"), err
	case "channel.getAll":
		qs := data.NewObject(3)
		filters, err := r.collection("filters", i, nil)
		if err != nil {
			return nil, err
		}
		if t, ok := filters.Value("types").([]any); ok && len(t) > 0 {
			qs.Set("types", jsString(t))
		}
		if ea := filters.Value("excludeArchived"); truthy(ea) {
			qs.Set("exclude_archived", ea)
		}
		return r.list(ctx, i, "channels", "/conversations.list", qs)
	case "channel.history":
		channel, err := r.locator("channelId", i)
		if err != nil {
			return nil, err
		}
		qs := data.ObjectOf("channel", channel)
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
		resp, err := r.list(ctx, i, "messages", "/conversations.history", qs)
		if err != nil {
			return nil, err
		}
		if r.ex.Version() >= 2.4 {
			if list, ok := resp.([]any); ok {
				sortByTSDesc(list)
			}
		}
		return resp, nil
	case "user.info":
		u, err := r.locator("user", i)
		if err != nil {
			return nil, err
		}
		resp, err := r.api(ctx, i, "GET", "/users.info", nil, data.ObjectOf("user", u))
		return field(resp, "user"), err
	case "user.getProfile":
		u, err := r.locator("user", i)
		if err != nil {
			return nil, err
		}
		resp, err := r.api(ctx, i, "GET", "/users.profile.get", nil, data.ObjectOf("user", u))
		return field(resp, "profile"), err
	case "user.getAll":
		return r.list(ctx, i, "members", "/users.list", data.NewObject(2))
	case "reaction.add", "reaction.remove", "reaction.get":
		channel, err := r.locator("channelId", i)
		if err != nil {
			return nil, err
		}
		tsv, err := r.param("timestamp", i)
		if err != nil {
			return nil, err
		}
		ts := toStringOrUndefined(tsv)
		if r.op == "get" {
			return r.api(ctx, i, "GET", "/reactions.get", nil, data.ObjectOf("channel", channel, "timestamp", ts))
		}
		name, err := r.param("name", i)
		if err != nil {
			return nil, err
		}
		return r.api(ctx, i, "POST", "/reactions."+r.op, data.ObjectOf("channel", channel, "name", name, "timestamp", ts), nil)
	case "file.upload":
		return r.upload(ctx, i)
	case "file.get":
		id, err := r.param("fileId", i)
		if err != nil {
			return nil, err
		}
		resp, err := r.api(ctx, i, "GET", "/files.info", nil, data.ObjectOf("file", id))
		return field(resp, "file"), err
	case "file.getAll":
		qs := data.NewObject(4)
		filters, err := r.collection("filters", i, nil)
		if err != nil {
			return nil, err
		}
		for _, kv := range [][2]string{{"channelId", "channel"}, {"showFilesHidden", "show_files_hidden_by_limit"}, {"tsFrom", "ts_from"}, {"tsTo", "ts_to"}} {
			if v := filters.Value(kv[0]); truthy(v) {
				qs.Set(kv[1], v)
			}
		}
		if t, ok := filters.Value("types").([]any); ok && len(t) > 0 {
			qs.Set("types", jsString(t))
		}
		if v := filters.Value("userId"); truthy(v) {
			qs.Set("user", v)
		}
		return r.list(ctx, i, "files", "/files.list", qs)
	}
	return data.ObjectOf("error", "Resource "+r.resource+" / operation "+r.op+" not found!"), nil
}

// post is message:post.
func (r *run) post(ctx context.Context, i int) (any, error) {
	sel, err := r.paramOr("select", i, "")
	if err != nil {
		return nil, err
	}
	selStr := jsString(sel)
	target, err := r.target(i, selStr)
	if err != nil {
		return nil, err
	}
	other, err := r.collection("otherOptions", i, otherOptionsOrder)
	if err != nil {
		return nil, err
	}
	content, err := r.messageContent(i)
	if err != nil {
		return nil, err
	}
	body := data.ObjectOf("channel", target)
	for k, v := range content.All() {
		body.Set(k, v)
	}
	if r.auth == "accessToken" {
		if u, ok := other.Get("sendAsUser"); ok && u != "" && !data.IsUndefined(u) {
			body.Set("username", u)
		}
	}
	action := "postMessage"
	if eph, ok := other.Get("ephemeral"); ok && truthy(eph) {
		switch selStr {
		case "channel":
			eo, _ := eph.(*data.Object)
			var rl *data.Object
			if eo != nil {
				if vals, ok := eo.Value("ephemeralValues").(*data.Object); ok {
					rl, _ = vals.Value("user").(*data.Object)
				}
			}
			if rl != nil {
				v := rl.Value("value")
				if rl.Value("mode") == "username" && !strings.HasPrefix(jsString(v), "@") {
					body.Set("user", "@"+jsString(v))
				} else {
					body.Set("user", v)
				}
			}
			action = "postEphemeral"
		case "user":
			body.Set("user", target)
			action = "postEphemeral"
		}
	}
	if th, ok := other.Value("thread_ts").(*data.Object); ok {
		if rv, ok := th.Value("replyValues").(*data.Object); ok {
			if v := rv.Value("thread_ts"); truthy(v) {
				body.Set("thread_ts", v)
			}
			// n8n fills the option's default (false) in when it loads
			// the node.
			if v, ok := rv.Get("reply_broadcast"); ok && !data.IsUndefined(v) {
				body.Set("reply_broadcast", v)
			} else {
				body.Set("reply_broadcast", false)
			}
		}
	}
	other.Delete("thread_ts")
	other.Delete("ephemeral")
	if bp, ok := other.Value("botProfile").(*data.Object); ok {
		if iv, ok := bp.Value("imageValues").(*data.Object); ok {
			if iv.Value("profilePhotoType") == "image" {
				body.Set("icon_url", valueOr(iv, "icon_url"))
			} else {
				body.Set("icon_emoji", valueOr(iv, "icon_emoji"))
			}
		}
	}
	other.Delete("botProfile")
	for k, v := range other.All() {
		body.Set(k, v)
	}
	if selStr == "user" && action == "postEphemeral" && r.locatorMode("user", i) == "username" {
		return nil, engine.OperationError(i, "You cannot send ephemeral messages using User type \"By username\". Please use \"From List\" or \"By ID\".")
	}
	return r.api(ctx, i, "POST", "/chat."+action, body, nil)
}

func valueOr(o *data.Object, k string) any {
	if v, ok := o.Get(k); ok {
		return v
	}
	return data.Undefined
}

// field is responseData.<key>.
func field(resp any, key string) any {
	if m, ok := resp.(*data.Object); ok {
		if v, ok := m.Get(key); ok {
			return v
		}
	}
	return data.Undefined
}

// unixSeconds is new Date(v).getTime() / 1000.
func unixSeconds(v any) any {
	s := jsString(v)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return float64(t.UnixMilli()) / 1000
		}
	}
	return nil // NaN serialises as null in the query
}

func sortByTSDesc(list []any) {
	ts := func(v any) float64 {
		if o, ok := v.(*data.Object); ok {
			if f, ok := numberOf(o.Value("ts")); ok {
				return f
			}
		}
		return 0
	}
	slices.SortStableFunc(list, func(a, b any) int {
		switch x, y := ts(a), ts(b); {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
}
