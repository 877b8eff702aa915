package gmail

import (
	"slices"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Collection key orders as n8n's descriptions list them: n8n rebuilds a
// collection option by option, so Object.assign copies keys in this order.
var (
	sendOptionKeys    = []string{"appendAttribution", "attachmentsUi", "bccList", "ccList", "senderName", "replyTo", "replyToSenderOnly", "replyToRecipientsOnly"}
	getOptionKeys     = []string{"dataPropertyAttachmentsPrefixName", "downloadAttachments"}
	filterKeys        = []string{"includeSpamTrash", "labelIds", "q", "readStatus", "receivedAfter", "receivedBefore", "sender"}
	labelOptionKeys   = []string{"labelListVisibility", "messageListVisibility"}
	draftOptionKeys   = []string{"attachmentsUi", "bccList", "ccList", "fromAlias", "replyTo", "threadId", "sendTo"}
	draftGetAllKeys   = []string{"dataPropertyAttachmentsPrefixName", "downloadAttachments", "includeSpamTrash"}
	threadGetKeys     = []string{"returnOnlyMessages"}
	threadFilterKeys  = []string{"includeSpamTrash", "labelIds", "q", "readStatus", "receivedAfter", "receivedBefore"}
	replyOptionKeys   = sendOptionKeys
	metadataHeaders   = []any{"From", "To", "Cc", "Bcc", "Subject"}
	getAllOptionOrder = getOptionKeys
)

// ordered copies m with the keys in order first, then the rest as m has
// them.
func ordered(m *data.Object, order []string) *data.Object {
	out := data.NewObject(m.Len())
	for _, k := range order {
		if m.Has(k) {
			out.Set(k, m.Value(k))
		}
	}
	for k, v := range m.All() {
		if !slices.Contains(order, k) {
			out.Set(k, v)
		}
	}
	return out
}

// has reports whether the parameter is set in the workflow.
func (r *run) has(name string) bool {
	_, ok := r.ex.Params().Get(name)
	return ok
}

// value is getNodeParameter(name, i) with def when missing.
func (r *run) value(name string, i int, def any) (any, error) {
	if !r.has(name) {
		return def, nil
	}
	return r.ex.Param(name, i)
}

// str is getNodeParameter(name, i) as a string (def when missing).
func (r *run) str(name string, i int, def string) (string, error) {
	v, err := r.value(name, i, def)
	if err != nil {
		return "", err
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	return jsString(v), nil
}

// coll is a collection parameter in n8n's key order ({} when missing).
func (r *run) coll(name string, i int, order []string) (*data.Object, error) {
	v, err := r.value(name, i, nil)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*data.Object)
	if m == nil {
		return data.NewObject(0), nil
	}
	return ordered(m, order), nil
}

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

// boolParam is getNodeParameter(name, i) for a boolean with a default.
func (r *run) boolParam(name string, i int, def bool) (bool, error) {
	v, err := r.value(name, i, def)
	if err != nil {
		return false, err
	}
	return truthy(v), nil
}

// prepareEmailsInput is n8n's: "a@x, B <b@y>" becomes "<a@x>, B <b@y>,".
func prepareEmailsInput(input, field string, i int) (string, error) {
	var sb strings.Builder
	for _, entry := range strings.Split(input, ",") {
		e := strings.TrimSpace(entry)
		if !strings.Contains(e, "@") {
			err := engine.OperationError(i, "Invalid email address")
			err.Description = "The email address '" + e + "' in the '" + field + "' field isn't valid"
			return "", err
		}
		if strings.Contains(e, "<") && strings.Contains(e, ">") {
			sb.WriteString(e + ",")
		} else {
			sb.WriteString("<" + e + ">, ")
		}
	}
	return sb.String(), nil
}

var htmlUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#39;", "'", "&quot;", `"`)

// unescapeHTML is n8n's escapeHtml (which unescapes five entities).
func unescapeHTML(s string) string { return htmlUnescaper.Replace(s) }
