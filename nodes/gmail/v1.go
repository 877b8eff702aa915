package gmail

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// typeVersion 1 (n8n's GmailV1): messages (send, reply, get, getAll,
// delete), labels, message labels (add/remove) and drafts, with
// recipients as lists, additionalFields instead of options, no
// attribution and output formats resolved/raw/full/metadata/minimal/ids.

// operationsV1 lists typeVersion 1's operations; the first is n8n's
// default.
var operationsV1 = map[string][]string{
	"message":      {"send", "delete", "get", "getAll", "reply"},
	"label":        {"create", "delete", "get", "getAll"},
	"messageLabel": {"add", "remove"},
	"draft":        {"create", "delete", "get", "getAll"},
}

// v1State is what n8n's execute declares once, outside its item loop:
// the method, body and query string of one item are still there for the
// next (the query string of a get many keeps its pageToken and format).
type v1State struct {
	qs *data.Object
}

// executeV1 is GmailV1.execute: per item, a failure gives {error} under
// continueOnFail and stops the node otherwise.
func (n node) executeV1(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	r := &run{ex: ex, tokens: n.tokens}
	var err error
	if r.resource, err = ex.ParamString("resource", 0); err != nil {
		return nil, err
	}
	if _, ok := ex.Params().Get("operation"); ok {
		if r.op, err = ex.ParamString("operation", 0); err != nil {
			return nil, err
		}
	} else if ops := operationsV1[r.resource]; len(ops) > 0 {
		r.op = ops[0]
	}
	st := &v1State{qs: data.NewObject(0)}
	items := ex.Input(0)
	out := []data.Item{}
	for i := range items {
		res, err := r.itemV1(ctx, st, i)
		if err != nil {
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", engine.AsNodeError(err).Message)})
				continue
			}
			return nil, err
		}
		out = append(out, jsonArray(res, i)...)
	}
	return [][]data.Item{out}, nil
}

func (r *run) itemV1(ctx context.Context, st *v1State, i int) (any, error) {
	switch r.resource {
	case "label":
		return r.labelV1(ctx, st, i)
	case "messageLabel":
		id, err := r.str("messageId", i, "")
		if err != nil {
			return nil, err
		}
		labels, err := r.value("labelIds", i, []any{})
		if err != nil {
			return nil, err
		}
		key := "addLabelIds"
		if r.op == "remove" {
			key = "removeLabelIds"
		} else if r.op != "add" {
			return nil, nil
		}
		return r.call(ctx, "POST", "/gmail/v1/users/me/messages/"+id+"/modify", data.ObjectOf(key, labels), st.qs, i)
	case "message":
		return r.messageV1(ctx, st, i)
	case "draft":
		return r.draftV1(ctx, st, i)
	}
	return nil, nil
}

func (r *run) labelV1(ctx context.Context, st *v1State, i int) (any, error) {
	switch r.op {
	case "create":
		name, err := r.value("name", i, "")
		if err != nil {
			return nil, err
		}
		llv, err := r.value("labelListVisibility", i, "labelShow")
		if err != nil {
			return nil, err
		}
		mlv, err := r.value("messageListVisibility", i, "show")
		if err != nil {
			return nil, err
		}
		body := data.ObjectOf("labelListVisibility", llv, "messageListVisibility", mlv, "name", name)
		return r.call(ctx, "POST", "/gmail/v1/users/me/labels", body, st.qs, i)
	case "delete", "get":
		id, err := r.str("labelId", i, "")
		if err != nil {
			return nil, err
		}
		if r.op == "get" {
			return r.call(ctx, "GET", "/gmail/v1/users/me/labels/"+id, nil, st.qs, i)
		}
		if _, err := r.call(ctx, "DELETE", "/gmail/v1/users/me/labels/"+id, nil, st.qs, i); err != nil {
			return nil, err
		}
		return data.ObjectOf("success", true), nil
	case "getAll":
		returnAll, err := r.boolParam("returnAll", i, false)
		if err != nil {
			return nil, err
		}
		resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/labels", nil, st.qs, i)
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
			labels = labels[:spliceCount(limit, len(labels))]
		}
		if labels == nil {
			labels = []any{}
		}
		return labels, nil
	}
	return nil, nil
}

// addressList is the "<a>, <b>, " n8n builds from a list parameter.
func addressList(v any, name string, i int) (string, error) {
	if v == nil || data.IsUndefined(v) {
		return "", nil
	}
	list, ok := v.([]any)
	if !ok {
		return "", engine.OperationError(i, "%s.forEach is not a function", name)
	}
	s := ""
	for _, e := range list {
		s += "<" + jsString(e) + ">, "
	}
	return s, nil
}

// composeV1 builds the email of send, reply and draft create from
// additionalFields (recipient lists, senderName, attachments); to is the
// toList parameter unless fromFields (draft create reads it from
// additionalFields). A non-empty attachmentsUi replaces the query string
// with userId and uploadType, as n8n does.
func (r *run) composeV1(st *v1State, fields *data.Object, i int, toFromFields bool) (email, error) {
	var e email
	var err error
	if toFromFields {
		if truthy(fields.Value("toList")) {
			if e.to, err = addressList(fields.Value("toList"), "toList", i); err != nil {
				return e, err
			}
		}
	} else {
		to, err := r.value("toList", i, []any{})
		if err != nil {
			return e, err
		}
		if e.to, err = addressList(to, "toList", i); err != nil {
			return e, err
		}
	}
	if truthy(fields.Value("ccList")) {
		if e.cc, err = addressList(fields.Value("ccList"), "ccList", i); err != nil {
			return e, err
		}
	}
	if truthy(fields.Value("bccList")) {
		if e.bcc, err = addressList(fields.Value("bccList"), "bccList", i); err != nil {
			return e, err
		}
	}
	if ui := fields.Value("attachmentsUi"); truthy(ui) {
		if m, _ := ui.(*data.Object); m.Len() > 0 {
			binProp := m.Value("attachmentsBinary")
			items := r.ex.Input(0)
			if list, ok := binProp.([]any); ok && len(list) > 0 && i < len(items) && items[i].Binary != nil {
				if e.attachments, err = r.attachments(m, i); err != nil {
					return e, err
				}
			}
			st.qs = data.ObjectOf("userId", "me", "uploadType", "media")
		}
	}
	if v := fields.Value("senderName"); truthy(v) {
		e.from = jsString(v)
	}
	return e, nil
}

// bodyV1 sets the message text and, with includeHtml, the HTML part.
func (r *run) bodyV1(e *email, i int) error {
	msg, err := r.str("message", i, "")
	if err != nil {
		return err
	}
	e.text = msg
	html, err := r.boolParam("includeHtml", i, false)
	if err != nil {
		return err
	}
	if html {
		h, err := r.str("htmlMessage", i, "")
		if err != nil {
			return err
		}
		e.html = h
	}
	return nil
}

func (r *run) fieldsV1(i int) (*data.Object, error) {
	v, err := r.value("additionalFields", i, nil)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*data.Object)
	if m == nil {
		m = data.NewObject(0)
	}
	return m, nil
}

func (r *run) messageV1(ctx context.Context, st *v1State, i int) (any, error) {
	switch r.op {
	case "send":
		fields, err := r.fieldsV1(i)
		if err != nil {
			return nil, err
		}
		e, err := r.composeV1(st, fields, i, false)
		if err != nil {
			return nil, err
		}
		if e.subject, err = r.str("subject", i, ""); err != nil {
			return nil, err
		}
		if err := r.bodyV1(&e, i); err != nil {
			return nil, err
		}
		return r.call(ctx, "POST", "/gmail/v1/users/me/messages/send", data.ObjectOf("raw", r.encode(e)), st.qs, i)
	case "reply":
		return r.replyV1(ctx, st, i)
	case "get":
		id, err := r.str("messageId", i, "")
		if err != nil {
			return nil, err
		}
		fields, err := r.fieldsV1(i)
		if err != nil {
			return nil, err
		}
		format := formatOf(fields)
		st.qs.Set("format", apiFormat(format))
		resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/messages/"+id, nil, st.qs, i)
		if err != nil {
			return nil, err
		}
		if format != "resolved" {
			return resp, nil
		}
		msg, _ := resp.(*data.Object)
		if msg == nil {
			msg = data.NewObject(0)
		}
		it, err := r.parseRaw(ctx, msg, fields, i)
		if err != nil {
			return nil, err
		}
		return []any{it}, nil
	case "getAll":
		return r.getAllV1(ctx, st, i, "messages", "/gmail/v1/users/me/messages")
	case "delete":
		id, err := r.str("messageId", i, "")
		if err != nil {
			return nil, err
		}
		if _, err := r.call(ctx, "DELETE", "/gmail/v1/users/me/messages/"+id, nil, st.qs, i); err != nil {
			return nil, err
		}
		return data.ObjectOf("success", true), nil
	}
	return nil, nil
}

func formatOf(fields *data.Object) string {
	if v := fields.Value("format"); truthy(v) {
		return jsString(v)
	}
	return "resolved"
}

func apiFormat(format string) string {
	if format == "resolved" {
		return "raw"
	}
	return format
}

// getAllV1 is get many of messages or drafts: the list (all pages or
// limit), then each one fetched in the format asked for.
func (r *run) getAllV1(ctx context.Context, st *v1State, i int, prop, endpoint string) (any, error) {
	returnAll, err := r.boolParam("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	fields, err := r.fieldsV1(i)
	if err != nil {
		return nil, err
	}
	// n8n rebuilds a collection in its description's option order before
	// the node sees it, so Object.assign(qs, additionalFields) writes the
	// query in that order, not the workflow's.
	for k, v := range descriptionOrder(fields, getAllFieldOrder).All() {
		st.qs.Set(k, v)
	}
	if v := st.qs.Value("labelIds"); truthy(v) && jsString(v) == "" {
		st.qs.Delete("labelIds")
	}
	refs, err := r.list(ctx, prop, endpoint, st.qs, returnAll, i)
	if err != nil {
		return nil, err
	}
	format := formatOf(fields)
	if format == "ids" {
		return nonNilList(refs), nil
	}
	st.qs.Set("format", apiFormat(format))
	out := make([]any, 0, len(refs))
	for _, ref := range refs {
		o, _ := ref.(*data.Object)
		resp, err := r.call(ctx, "GET", endpoint+"/"+jsString(o.Value("id")), nil, st.qs, i)
		if err != nil {
			return nil, err
		}
		if format != "resolved" {
			out = append(out, resp)
			continue
		}
		m, _ := resp.(*data.Object)
		if prop == "drafts" {
			it, err := r.draftItem(ctx, m, fields, i)
			if err != nil {
				return nil, err
			}
			out = append(out, it)
			continue
		}
		if m == nil {
			m = data.NewObject(0)
		}
		it, err := r.parseRaw(ctx, m, fields, i)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func nonNilList(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

// replyV1 reads the message's metadata (Subject, References, From when
// toList is empty) and sends the reply in its thread.
func (r *run) replyV1(ctx context.Context, st *v1State, i int) (any, error) {
	id, err := r.str("messageId", i, "")
	if err != nil {
		return nil, err
	}
	fields, err := r.fieldsV1(i)
	if err != nil {
		return nil, err
	}
	e, err := r.composeV1(st, fields, i, false)
	if err != nil {
		return nil, err
	}
	st.qs.Set("format", "metadata")
	resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/messages/"+id, nil, st.qs, i)
	if err != nil {
		return nil, err
	}
	m, _ := resp.(*data.Object)
	payload, _ := m.Value("payload").(*data.Object)
	headers, ok := payload.Value("headers").([]any)
	if !ok {
		return nil, engine.OperationError(i, "Cannot read properties of undefined (reading 'headers')")
	}
	header := func(name string) (string, bool) {
		for _, h := range headers {
			ho, _ := h.(*data.Object)
			if jsString(ho.Value("name")) == name {
				return jsString(ho.Value("value")), true
			}
		}
		return "", false
	}
	if e.to == "" {
		if from, ok := header("From"); ok {
			e.to = "<" + extractEmail(from) + ">,"
		}
	}
	e.subject, _ = header("Subject")
	e.references, _ = header("References")
	if err := r.bodyV1(&e, i); err != nil {
		return nil, err
	}
	e.inReplyTo = id
	threadID, err := r.value("threadId", i, "")
	if err != nil {
		return nil, err
	}
	body := data.ObjectOf("raw", r.encode(e), "threadId", threadID)
	return r.call(ctx, "POST", "/gmail/v1/users/me/messages/send", body, st.qs, i)
}

func (r *run) draftV1(ctx context.Context, st *v1State, i int) (any, error) {
	switch r.op {
	case "create":
		fields, err := r.fieldsV1(i)
		if err != nil {
			return nil, err
		}
		e, err := r.composeV1(st, fields, i, true)
		if err != nil {
			return nil, err
		}
		if e.subject, err = r.str("subject", i, ""); err != nil {
			return nil, err
		}
		if err := r.bodyV1(&e, i); err != nil {
			return nil, err
		}
		body := data.ObjectOf("message", data.ObjectOf("raw", r.encode(e)))
		return r.call(ctx, "POST", "/gmail/v1/users/me/drafts", body, st.qs, i)
	case "get":
		id, err := r.str("messageId", i, "")
		if err != nil {
			return nil, err
		}
		fields, err := r.fieldsV1(i)
		if err != nil {
			return nil, err
		}
		format := formatOf(fields)
		st.qs.Set("format", apiFormat(format))
		resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/drafts/"+id, nil, st.qs, i)
		if err != nil {
			return nil, err
		}
		if format != "resolved" {
			return resp, nil
		}
		it, err := r.draftItem(ctx, resp, fields, i)
		if err != nil {
			return nil, err
		}
		return []any{it}, nil
	case "delete":
		id, err := r.str("messageId", i, "")
		if err != nil {
			return nil, err
		}
		if _, err := r.call(ctx, "DELETE", "/gmail/v1/users/me/drafts/"+id, nil, st.qs, i); err != nil {
			return nil, err
		}
		return data.ObjectOf("success", true), nil
	case "getAll":
		return r.getAllV1(ctx, st, i, "drafts", "/gmail/v1/users/me/drafts")
	}
	return nil, nil
}

// extractEmail is n8n's: the text after the first "<" without its last
// character, or the whole value.
func extractEmail(s string) string {
	parts := strings.Split(s, "<")
	if len(parts) < 2 {
		return s
	}
	d := parts[1]
	if d == "" {
		return d
	}
	// substring(0, length-1) counts UTF-16 units; the address part is
	// ASCII in practice, and a trailing multi-byte rune is dropped whole.
	_, size := utf8.DecodeLastRuneInString(d)
	return d[:len(d)-size]
}

// getAllFieldOrder is the option order of Get Many's additionalFields in
// n8n's v1 message and draft descriptions.
var getAllFieldOrder = []string{"dataPropertyAttachmentsPrefixName", "format", "includeSpamTrash", "labelIds", "q"}

// descriptionOrder returns fields with the keys of order first, in that
// order, then any others as given.
func descriptionOrder(fields *data.Object, order []string) *data.Object {
	out := data.NewObject(fields.Len())
	for _, k := range order {
		if v, ok := fields.Get(k); ok {
			out.Set(k, v)
		}
	}
	for k, v := range fields.All() {
		if !out.Has(k) {
			out.Set(k, v)
		}
	}
	return out
}
