// Package sendemail is n8n's Send Email node (n8n-nodes-base.emailSend,
// v2 and 2.1, operation "send"): one message per item over SMTP (implicit
// TLS, STARTTLS or plain), text and/or HTML, attachments from binary
// properties, with n8n's output (nodemailer's send info) and errors.
package sendemail

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// CredentialType is the credential the node uses.
const CredentialType = "smtp"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     "n8n-nodes-base.emailSend",
		Versions: []float64{1, 2, 2.1},
		Defaults: func(v float64) map[string]any {
			if v < 2 {
				return map[string]any{"fromEmail": "", "toEmail": "", "ccEmail": "", "bccEmail": "", "subject": "",
					"text": "", "html": "", "attachments": "", "options": map[string]any{}}
			}
			format := "html"
			if v < 2.1 {
				format = "text"
			}
			return map[string]any{"resource": "email", "operation": "send", "emailFormat": format}
		},
		Credentials: func(engine.Params, float64) []string { return []string{CredentialType} },
		Check: func(p engine.Params, _ float64) []string {
			if op, _ := p.Value("operation").(string); op != "" && op != "send" && !strings.HasPrefix(op, "=") {
				return []string{fmt.Sprintf("parameter operation: %q is not supported by n8n-go (only \"send\"; Send and Wait needs n8n's waiting webhooks)", op)}
			}
			return nil
		},
		NotIdempotent: func(engine.Params, float64) string { return "sends the email a second time" },
	}
}

// mailString is n8n's toMailString: strings as they are, other values
// printed, null/undefined absent.
func mailString(v any) (string, bool) {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return "", false
	case string:
		return x, true
	case float64:
		return data.FormatNumber(x, false), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	b, err := data.MarshalValue(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	if ex.Version() < 2 {
		return executeV1(ctx, ex)
	}
	cred, err := ex.Credentials(CredentialType)
	if err != nil {
		return nil, err
	}
	st := readSettings(cred)
	out := make([]data.Item, 0, len(items))
	for i := range items {
		info, err := sendItem(ctx, ex, st, i)
		if err != nil {
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)})
				continue
			}
			ne := engine.AsNodeError(err)
			if ne.Name == "NodeOperationError" && ne.ItemIndex < 0 {
				// n8n wraps every failure in a NodeApiError.
				ne = &engine.NodeError{Name: "NodeApiError", Message: err.Error(), ItemIndex: i, Err: err}
			}
			return nil, ne
		}
		out = append(out, data.Item{JSON: info, Paired: data.One(i)})
	}
	return [][]data.Item{out}, nil
}

func optString(ex *engine.Exec, path string, i int) (string, bool, error) {
	v, err := ex.Param(path, i)
	if err != nil {
		return "", false, err
	}
	s, ok := mailString(v)
	return s, ok, nil
}

func sendItem(ctx context.Context, ex *engine.Exec, st settings, i int) (*data.Object, error) {
	m := &message{date: ex.Now()}
	var err error
	if m.from, _, err = optString(ex, "fromEmail", i); err != nil {
		return nil, err
	}
	if m.to, _, err = optString(ex, "toEmail", i); err != nil {
		return nil, err
	}
	if m.subject, _, err = optString(ex, "subject", i); err != nil {
		return nil, err
	}
	format, err := ex.ParamString("emailFormat", i)
	if err != nil {
		return nil, err
	}
	if m.cc, _, err = optString(ex, "options.ccEmail", i); err != nil {
		return nil, err
	}
	if m.bcc, _, err = optString(ex, "options.bccEmail", i); err != nil {
		return nil, err
	}
	if m.replyTo, _, err = optString(ex, "options.replyTo", i); err != nil {
		return nil, err
	}
	if format == "text" || format == "both" {
		s, _, err := optString(ex, "text", i)
		if err != nil {
			return nil, err
		}
		m.text = &s
	}
	if format == "html" || format == "both" {
		s, _, err := optString(ex, "html", i)
		if err != nil {
			return nil, err
		}
		m.html = &s
	}
	attribution := ex.Version() >= 2.1
	if v, err := ex.Param("options.appendAttribution", i); err != nil {
		return nil, err
	} else if b, ok := v.(bool); ok {
		attribution = b
	}
	if attribution {
		const text = "This email was sent automatically with "
		if format == "html" || (format == "both" && m.html != nil && *m.html != "") {
			link := "https://n8n.io/?utm_source=n8n-internal&utm_medium=powered_by&utm_campaign=n8n-nodes-base.emailSend"
			h := "\n\t\t\t\t\t" + deref(m.html) + "\n\t\t\t\t\t<br>\n\t\t\t\t\t<br>\n\t\t\t\t\t---\n\t\t\t\t\t<br>\n\t\t\t\t\t<em>" + text + `<a href="` + link + `" target="_blank">n8n</a></em>` + "\n\t\t\t\t\t"
			m.html = &h
		} else {
			t := deref(m.text) + "\n\n---\n" + text + "n8n\nhttps://n8n.io"
			m.text = &t
		}
	}
	props, _, err := optString(ex, "options.attachments", i)
	if err != nil {
		return nil, err
	}
	if m.attachments, err = attachments(ex, i, props, true); err != nil {
		return nil, err
	}
	allowUnauthorized, _ := ex.Param("options.allowUnauthorizedCerts", i)
	st.allowUnauthorized = allowUnauthorized == true
	return send(ctx, st, m)
}

// attachments reads the comma-separated binary properties of item i
// (none when the item has no binary data); v2 names each part's
// Content-ID after its property.
func attachments(ex *engine.Exec, i int, props string, withCID bool) ([]attachment, error) {
	if props == "" || ex.Input(0)[i].Binary == nil {
		return nil, nil
	}
	var out []attachment
	for p := range strings.SplitSeq(props, ",") {
		p = strings.TrimSpace(p)
		meta, err := ex.AssertBinary(i, p)
		if err != nil {
			return nil, err
		}
		content, err := ex.Binary().Bytes(meta)
		if err != nil {
			return nil, err
		}
		name, _ := meta.Value("fileName").(string)
		if name == "" {
			name = "unknown"
		}
		mt, _ := meta.Value("mimeType").(string)
		a := attachment{filename: name, mimeType: mt, content: content}
		if withCID {
			a.cid = p
		}
		out = append(out, a)
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return "undefined"
	}
	return *s
}

var _ = time.Now
