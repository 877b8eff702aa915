package sendemail

import (
	"context"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// executeV1 is typeVersion 1: cc, bcc, text, html and attachments are
// top-level parameters, text and html are both always given, there is no
// attribution, the credential's hostName and disableStartTls are not
// read, and errors are thrown as they come (no NodeApiError wrapping).
func executeV1(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	out := make([]data.Item, 0, len(items))
	for i := range items {
		info, err := sendItemV1(ctx, ex, i)
		if err != nil {
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)})
				continue
			}
			ne := engine.AsNodeError(err)
			if ne.Name == "NodeOperationError" {
				// nodemailer's plain Error: its name is not an own
				// property, so n8n's run data shows none.
				ne.Name = ""
			}
			return nil, ne
		}
		out = append(out, data.Item{JSON: info, Paired: data.One(i)})
	}
	return [][]data.Item{out}, nil
}

func sendItemV1(ctx context.Context, ex *engine.Exec, i int) (*data.Object, error) {
	m := &message{date: ex.Now()}
	for _, f := range []struct {
		name string
		into *string
	}{{"fromEmail", &m.from}, {"toEmail", &m.to}, {"ccEmail", &m.cc}, {"bccEmail", &m.bcc}, {"subject", &m.subject}, {"options.replyTo", &m.replyTo}} {
		s, _, err := optString(ex, f.name, i)
		if err != nil {
			return nil, err
		}
		*f.into = s
	}
	text, _, err := optString(ex, "text", i)
	if err != nil {
		return nil, err
	}
	html, _, err := optString(ex, "html", i)
	if err != nil {
		return nil, err
	}
	// nodemailer leaves out an empty text or HTML body.
	if text != "" {
		m.text = &text
	}
	if html != "" {
		m.html = &html
	}
	props, err := ex.Param("attachments", i)
	if err != nil {
		return nil, err
	}
	ps, _ := props.(string)
	if m.attachments, err = attachments(ex, i, ps, false); err != nil {
		return nil, err
	}
	cred, err := ex.Credentials(CredentialType)
	if err != nil {
		return nil, err
	}
	st := readSettings(cred)
	st.hostName, st.disableStartTLS = "", false
	allowUnauthorized, _ := ex.Param("options.allowUnauthorizedCerts", i)
	st.allowUnauthorized = allowUnauthorized == true
	return send(ctx, st, m)
}
