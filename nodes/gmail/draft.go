package gmail

import (
	"context"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

func (r *run) draft(ctx context.Context, i int) (any, error) {
	switch r.op {
	case "create":
		return r.createDraft(ctx, i)
	case "get":
		id, err := r.str("messageId", i, "")
		if err != nil {
			return nil, err
		}
		options, err := r.coll("options", i, getOptionKeys)
		if err != nil {
			return nil, err
		}
		resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/drafts/"+id, nil, data.ObjectOf("format", "raw"), i)
		if err != nil {
			return nil, err
		}
		it, err := r.draftItem(ctx, resp, options, i)
		if err != nil {
			return nil, err
		}
		return []any{it}, nil
	case "delete":
		id, err := r.str("messageId", i, "")
		if err != nil {
			return nil, err
		}
		if _, err := r.call(ctx, "DELETE", "/gmail/v1/users/me/drafts/"+id, nil, nil, i); err != nil {
			return nil, err
		}
		return data.ObjectOf("success", true), nil
	case "getAll":
		returnAll, err := r.boolParam("returnAll", i, false)
		if err != nil {
			return nil, err
		}
		options, err := r.coll("options", i, draftGetAllKeys)
		if err != nil {
			return nil, err
		}
		qs := options.Clone()
		refs, err := r.list(ctx, "drafts", "/gmail/v1/users/me/drafts", qs, returnAll, i)
		if err != nil {
			return nil, err
		}
		qs.Set("format", "raw")
		out := make([]any, 0, len(refs))
		for _, ref := range refs {
			o, _ := ref.(*data.Object)
			resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/drafts/"+jsString(o.Value("id")), nil, qs, i)
			if err != nil {
				return nil, err
			}
			it, err := r.draftItem(ctx, resp, options, i)
			if err != nil {
				return nil, err
			}
			out = append(out, it)
		}
		return out, nil
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}

// draftItem parses a draft's message; id becomes the draft id and the
// message id moves to messageId.
func (r *run) draftItem(ctx context.Context, resp any, options *data.Object, i int) (data.Item, error) {
	d, _ := resp.(*data.Object)
	msg, _ := d.Value("message").(*data.Object)
	if msg == nil {
		msg = data.NewObject(0)
	}
	it, err := r.parseRaw(ctx, msg, options, i)
	if err != nil {
		return it, err
	}
	it.JSON.Set("messageId", it.JSON.Value("id"))
	it.JSON.Set("id", d.Value("id"))
	return it, nil
}

func (r *run) createDraft(ctx context.Context, i int) (any, error) {
	options, err := r.coll("options", i, draftOptionKeys)
	if err != nil {
		return nil, err
	}
	e := email{}
	if e.to, err = recipients(options, "sendTo", "To", i); err != nil {
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
	if v := options.Value("fromAlias"); truthy(v) {
		e.from = jsString(v)
	}
	threadID, _ := options.Value("threadId").(string)
	var qs *data.Object
	if truthy(options.Value("attachmentsUi")) {
		if e.attachments, err = r.attachments(options.Value("attachmentsUi"), i); err != nil {
			return nil, err
		}
		if len(e.attachments) > 0 {
			qs = data.ObjectOf("userId", "me", "uploadType", "media")
		}
	}
	if e.subject, err = r.str("subject", i, ""); err != nil {
		return nil, err
	}
	if err := r.emailBody(&e, i, false); err != nil {
		return nil, err
	}
	if threadID != "" {
		// addThreadHeadersToEmail: In-Reply-To is the thread's last
		// Message-ID (n8n sets email.references, which encodeEmail does
		// not read, so no References header).
		resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/threads/"+threadID, nil,
			data.ObjectOf("format", "metadata", "metadataHeaders", []any{"Message-ID"}), i)
		if err != nil {
			return nil, err
		}
		t, _ := resp.(*data.Object)
		if msgs, ok := t.Value("messages").([]any); ok && len(msgs) > 0 {
			last, _ := msgs[len(msgs)-1].(*data.Object)
			p, _ := last.Value("payload").(*data.Object)
			hs, _ := p.Value("headers").([]any)
			for _, h := range hs {
				o, _ := h.(*data.Object)
				n := strings.ToLower(jsString(o.Value("name")))
				if strings.Contains(n, "message") && strings.Contains(n, "id") {
					e.inReplyTo = jsString(o.Value("value"))
					break
				}
			}
		}
	}
	message := data.ObjectOf("raw", r.encode(e))
	if threadID != "" {
		message.Set("threadId", threadID)
	}
	return r.call(ctx, "POST", "/gmail/v1/users/me/drafts", data.ObjectOf("message", message), qs, i)
}
