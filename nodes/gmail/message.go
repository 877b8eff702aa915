package gmail

import (
	"context"
	"encoding/base64"
	"slices"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

func (r *run) message(ctx context.Context, i int) (any, error) {
	switch r.op {
	case "send":
		return r.send(ctx, i)
	case "reply":
		return r.reply(ctx, i)
	case "get":
		return r.getMessage(ctx, i)
	case "getAll":
		return r.getAllMessages(ctx, i)
	case "delete":
		id, err := r.str("messageId", i, "")
		if err != nil {
			return nil, err
		}
		if _, err := r.call(ctx, "DELETE", "/gmail/v1/users/me/messages/"+id, nil, nil, i); err != nil {
			return nil, err
		}
		return data.ObjectOf("success", true), nil
	case "markAsRead", "markAsUnread", "addLabels", "removeLabels":
		id, err := r.str("messageId", i, "")
		if err != nil {
			return nil, err
		}
		body, err := r.modifyBody(i)
		if err != nil {
			return nil, err
		}
		return r.call(ctx, "POST", "/gmail/v1/users/me/messages/"+id+"/modify", body, nil, i)
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}

// modifyBody is the body of the label-changing operations.
func (r *run) modifyBody(i int) (*data.Object, error) {
	switch r.op {
	case "markAsRead":
		return data.ObjectOf("removeLabelIds", []any{"UNREAD"}), nil
	case "markAsUnread":
		return data.ObjectOf("addLabelIds", []any{"UNREAD"}), nil
	}
	ids, err := r.value("labelIds", i, []any{})
	if err != nil {
		return nil, err
	}
	if r.op == "addLabels" {
		return data.ObjectOf("addLabelIds", ids), nil
	}
	return data.ObjectOf("removeLabelIds", ids), nil
}

// recipients is prepareEmailsInput for an option when it is set.
func recipients(options *data.Object, key, field string, i int) (string, error) {
	v := options.Value(key)
	if !truthy(v) {
		return "", nil
	}
	return prepareEmailsInput(jsString(v), field, i)
}

func (r *run) send(ctx context.Context, i int) (any, error) {
	options, err := r.coll("options", i, sendOptionKeys)
	if err != nil {
		return nil, err
	}
	sendTo, err := r.str("sendTo", i, "")
	if err != nil {
		return nil, err
	}
	var qs *data.Object
	e := email{}
	if e.to, err = prepareEmailsInput(sendTo, "To", i); err != nil {
		return nil, err
	}
	if e.cc, err = recipients(options, "ccList", "CC", i); err != nil {
		return nil, err
	}
	if e.bcc, err = recipients(options, "bccList", "BCC", i); err != nil {
		return nil, err
	}
	if e.replyTo, err = recipients(options, "replyTo", "ReplyTo", i); err != nil {
		return nil, err
	}
	if truthy(options.Value("attachmentsUi")) {
		if e.attachments, err = r.attachments(options.Value("attachmentsUi"), i); err != nil {
			return nil, err
		}
		if len(e.attachments) > 0 {
			qs = data.ObjectOf("userId", "me", "uploadType", "media")
		}
	}
	if name := options.Value("senderName"); truthy(name) {
		addr, err := r.profileEmail(ctx, i)
		if err != nil {
			return nil, err
		}
		e.from = jsString(name) + " <" + addr + ">"
	}
	attribution := r.ex.Version() >= 2.1
	if v, ok := options.Get("appendAttribution"); ok && !data.IsUndefined(v) {
		attribution = truthy(v)
	}
	if e.subject, err = r.str("subject", i, ""); err != nil {
		return nil, err
	}
	if err := r.emailBody(&e, i, attribution); err != nil {
		return nil, err
	}
	return r.call(ctx, "POST", "/gmail/v1/users/me/messages/send", data.ObjectOf("raw", r.encode(e)), qs, i)
}

// encode is encodeEmail: the MIME as base64url without padding.
func (r *run) encode(e email) string {
	return base64.RawURLEncoding.EncodeToString(buildMIME(e, r.ex.Now()))
}

// emailBody is prepareEmailBody: the message trimmed, n8n's attribution
// appended, as HTML or text by emailType.
func (r *run) emailBody(e *email, i int, attribution bool) error {
	def := "html"
	if r.resource == "draft" {
		def = "text"
	}
	emailType, err := r.str("emailType", i, def)
	if err != nil {
		return err
	}
	msg, err := r.str("message", i, "")
	if err != nil {
		return err
	}
	msg = strings.TrimSpace(msg)
	if attribution {
		const text = "This email was sent automatically with "
		if emailType == "html" {
			link := "https://n8n.io/?utm_source=n8n-internal&utm_medium=powered_by&utm_campaign=n8n-nodes-base.gmail"
			if id := r.ex.InstanceID(); id != "" {
				link += "_" + id
			}
			msg = "\n\t\t\t" + msg + "\n\t\t\t<br>\n\t\t\t<br>\n\t\t\t---\n\t\t\t<br>\n\t\t\t<em>" + text + `<a href="` + link + `" target="_blank">n8n</a></em>` + "\n\t\t\t"
		} else {
			msg = msg + "\n\n---\n" + text + "n8n\nhttps://n8n.io"
		}
	}
	if emailType == "html" {
		e.html = msg
	} else {
		e.text = msg
	}
	return nil
}

// attachments is prepareEmailAttachments: every binary property named in
// attachmentsBinary[].property (comma-separated) of input item i.
func (r *run) attachments(ui any, i int) ([]attachment, error) {
	m, _ := ui.(*data.Object)
	if m == nil {
		return nil, nil
	}
	list, _ := m.Value("attachmentsBinary").([]any)
	var out []attachment
	for _, x := range list {
		entry, _ := x.(*data.Object)
		prop, ok := entry.Value("property").(string)
		if entry == nil || !ok {
			return nil, engine.OperationError(i, "Cannot read properties of undefined (reading 'split')")
		}
		for _, name := range strings.Split(prop, ",") {
			meta, err := r.ex.AssertBinary(i, name)
			if err != nil {
				return nil, err
			}
			b, err := r.ex.Binary().Bytes(meta)
			if err != nil {
				return nil, err
			}
			fn, _ := meta.Value("fileName").(string)
			if fn == "" {
				fn = "unknown"
			}
			mt, _ := meta.Value("mimeType").(string)
			out = append(out, attachment{name: fn, mimeType: mt, content: b})
		}
	}
	return out, nil
}

func (r *run) profileEmail(ctx context.Context, i int) (string, error) {
	p, err := r.call(ctx, "GET", "/gmail/v1/users/me/profile", nil, nil, i)
	if err != nil {
		return "", err
	}
	m, _ := p.(*data.Object)
	return jsString(m.Value("emailAddress")), nil
}

// reply is replyToEmail.
func (r *run) reply(ctx context.Context, i int) (any, error) {
	id, err := r.str("messageId", i, "")
	if err != nil {
		return nil, err
	}
	options, err := r.coll("options", i, replyOptionKeys)
	if err != nil {
		return nil, err
	}
	if truthy(options.Value("replyToSenderOnly")) && truthy(options.Value("replyToRecipientsOnly")) {
		return nil, engine.OperationError(i, `Both "Reply to Sender Only" and "Reply to Recipient Only" cannot be enabled at the same time. Please select only one option.`)
	}
	e := email{}
	if e.cc, err = recipients(options, "ccList", "CC", i); err != nil {
		return nil, err
	}
	if e.bcc, err = recipients(options, "bccList", "BCC", i); err != nil {
		return nil, err
	}
	qs := data.NewObject(3)
	if truthy(options.Value("attachmentsUi")) {
		if e.attachments, err = r.attachments(options.Value("attachmentsUi"), i); err != nil {
			return nil, err
		}
		if len(e.attachments) > 0 {
			qs.Set("userId", "me")
			qs.Set("uploadType", "media")
		}
	}
	qs.Set("format", "metadata")
	resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/messages/"+id, nil, qs, i)
	if err != nil {
		return nil, err
	}
	msg, _ := resp.(*data.Object)
	payload, _ := msg.Value("payload").(*data.Object)
	headers, _ := payload.Value("headers").([]any)
	header := func(name string) string {
		for _, h := range headers {
			if o, ok := h.(*data.Object); ok && strings.EqualFold(jsString(o.Value("name")), name) {
				return jsString(o.Value("value"))
			}
		}
		return ""
	}
	e.subject = header("subject")
	mid := header("message-id")
	addr, err := r.profileEmail(ctx, i)
	if err != nil {
		return nil, err
	}
	senderOnly, recipientsOnly := truthy(options.Value("replyToSenderOnly")), truthy(options.Value("replyToRecipientsOnly"))
	replyHeader := "from"
	if r.ex.Version() >= 2.2 {
		for _, h := range headers {
			if o, ok := h.(*data.Object); ok && strings.ToLower(jsString(o.Value("name"))) == "reply-to" {
				replyHeader = "reply-to"
			}
		}
	}
	var to []string
	for _, h := range headers {
		o, _ := h.(*data.Object)
		if o == nil {
			continue
		}
		name := strings.ToLower(jsString(o.Value("name")))
		value := jsString(o.Value("value"))
		if name == replyHeader && !recipientsOnly {
			if strings.Contains(value, "<") && strings.Contains(value, ">") {
				to = append(to, value)
			} else {
				to = append(to, "<"+value+">")
			}
		}
		if name == "to" && !senderOnly {
			for _, x := range strings.Split(value, ",") {
				if strings.Contains(x, addr) {
					continue
				}
				if strings.Contains(x, "<") && strings.Contains(x, ">") {
					to = append(to, x)
				} else {
					to = append(to, "<"+x+">")
				}
			}
		}
	}
	var uniq []string
	for _, t := range to {
		if !slices.Contains(uniq, t) {
			uniq = append(uniq, t)
		}
	}
	e.to = strings.Join(uniq, ", ")
	if name := options.Value("senderName"); truthy(name) {
		e.from = jsString(name) + " <" + addr + ">"
	}
	e.inReplyTo, e.references = mid, mid
	if err := r.emailBody(&e, i, false); err != nil {
		return nil, err
	}
	body := data.ObjectOf("raw", r.encode(e), "threadId", msg.Value("threadId"))
	return r.call(ctx, "POST", "/gmail/v1/users/me/messages/send", body, qs, i)
}

func (r *run) getMessage(ctx context.Context, i int) (any, error) {
	id, err := r.str("messageId", i, "")
	if err != nil {
		return nil, err
	}
	simple, err := r.boolParam("simple", i, true)
	if err != nil {
		return nil, err
	}
	options := data.NewObject(0)
	if !simple {
		if options, err = r.coll("options", i, getOptionKeys); err != nil {
			return nil, err
		}
	}
	qs := data.NewObject(2)
	if simple {
		qs.Set("format", "metadata")
		qs.Set("metadataHeaders", metadataHeaders)
	} else {
		qs.Set("format", "raw")
	}
	resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/messages/"+id, nil, qs, i)
	if err != nil {
		return nil, err
	}
	msg, _ := resp.(*data.Object)
	if msg == nil {
		msg = data.NewObject(0)
	}
	if !simple {
		it, err := r.parseRaw(ctx, msg, options, i)
		if err != nil {
			return nil, err
		}
		return []any{it}, nil
	}
	list, err := r.simplify(ctx, []any{msg}, i)
	if err != nil {
		return nil, err
	}
	return []any{list[0]}, nil
}

func (r *run) getAllMessages(ctx context.Context, i int) (any, error) {
	returnAll, err := r.boolParam("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	simple, err := r.boolParam("simple", i, true)
	if err != nil {
		return nil, err
	}
	options := data.NewObject(0)
	if !simple {
		if options, err = r.coll("options", i, getAllOptionOrder); err != nil {
			return nil, err
		}
	}
	filters, err := r.coll("filters", i, filterKeys)
	if err != nil {
		return nil, err
	}
	qs, err := r.prepareQuery(filters, i)
	if err != nil {
		return nil, err
	}
	for k, v := range options.All() {
		qs.Set(k, v)
	}
	refs, err := r.list(ctx, "messages", "/gmail/v1/users/me/messages", qs, returnAll, i)
	if err != nil {
		return nil, err
	}
	if simple {
		qs.Set("format", "metadata")
		qs.Set("metadataHeaders", metadataHeaders)
	} else {
		qs.Set("format", "raw")
	}
	out := make([]any, 0, len(refs))
	for _, ref := range refs {
		o, _ := ref.(*data.Object)
		resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/messages/"+jsString(o.Value("id")), nil, qs, i)
		if err != nil {
			return nil, err
		}
		msg, _ := resp.(*data.Object)
		if msg == nil {
			msg = data.NewObject(0)
		}
		if simple {
			out = append(out, msg)
			continue
		}
		it, err := r.parseRaw(ctx, msg, options, i)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	if simple {
		return r.simplify(ctx, out, i)
	}
	return out, nil
}

// list is the list call of get many: all pages (maxResults 100, pageToken
// set on the shared qs) or one page of limit.
func (r *run) list(ctx context.Context, prop, endpoint string, qs *data.Object, returnAll bool, i int) ([]any, error) {
	var out []any
	if !returnAll {
		limit, err := r.value("limit", i, 50.0)
		if err != nil {
			return nil, err
		}
		qs.Set("maxResults", limit)
		resp, err := r.call(ctx, "GET", endpoint, nil, qs, i)
		if err != nil {
			return nil, err
		}
		m, _ := resp.(*data.Object)
		out, _ = m.Value(prop).([]any)
		return out, nil
	}
	qs.Set("maxResults", 100.0)
	for page := 0; page < 100000; page++ {
		resp, err := r.call(ctx, "GET", endpoint, nil, qs, i)
		if err != nil {
			return nil, err
		}
		m, _ := resp.(*data.Object)
		next, has := m.Get("nextPageToken")
		if !has {
			next = data.Undefined
		}
		qs.Set("pageToken", next)
		if l, ok := m.Value(prop).([]any); ok {
			out = append(out, l...)
		}
		if s, ok := next.(string); !ok || s == "" {
			break
		}
	}
	return out, nil
}

// simplify is simplifyOutput: labelIds become labels ({id, name} in the
// labels list's order) and the payload's headers top-level fields.
func (r *run) simplify(ctx context.Context, msgs []any, i int) ([]any, error) {
	resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/labels", nil, nil, i)
	if err != nil {
		return nil, err
	}
	m, _ := resp.(*data.Object)
	all, _ := m.Value("labels").([]any)
	labels := make([]*data.Object, 0, len(all))
	for _, l := range all {
		o, _ := l.(*data.Object)
		if o == nil {
			continue
		}
		labels = append(labels, data.ObjectOf("id", o.Value("id"), "name", o.Value("name")))
	}
	for _, x := range msgs {
		item, _ := x.(*data.Object)
		if item == nil {
			continue
		}
		if ids, ok := item.Value("labelIds").([]any); ok && item.Has("labelIds") {
			var mine []any
			for _, l := range labels {
				if slices.Contains(ids, l.Value("id")) {
					mine = append(mine, l.Clone())
				}
			}
			if mine == nil {
				mine = []any{}
			}
			item.Set("labels", mine)
			item.Delete("labelIds")
		}
		if p, ok := item.Value("payload").(*data.Object); ok && p.Has("headers") {
			hs, _ := p.Value("headers").([]any)
			for _, h := range hs {
				if o, ok := h.(*data.Object); ok {
					item.Set(jsString(o.Value("name")), o.Value("value"))
				}
			}
			p.Delete("headers")
		}
	}
	return msgs, nil
}
