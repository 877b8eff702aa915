package httprequest

import (
	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
)

// applyAuth puts the credential on the request after the node's own
// headers and query (authentication wins, as in n8n). A rule that adds body
// fields (httpCustomAuth) has them spread over an object body, which is
// then encoded again keeping the content type already chosen.
func applyAuth(g getter, spec *requestSpec, rule *auth.Rule, cred auth.Credential, sendBody bool, contentType string, bodyValue any) error {
	t := auth.Target{Header: spec.header, Query: spec.query}
	if o, ok := bodyValue.(*data.Object); ok {
		t.Body = o.Clone()
	}
	if err := rule.Apply(cred, &t); err != nil {
		return engine.OperationError(g.i, "%s", err.Error())
	}
	spec.query = t.Query
	spec.digest = t.Digest
	if !t.BodyChanged {
		return nil
	}
	ct, hadCT := spec.header["content-type"]
	if !sendBody {
		contentType = "json"
	}
	if err := encodeBody(g, spec, true, contentType, t.Body, true); err != nil {
		return err
	}
	spec.bodyObj = t.Body
	if hadCT {
		auth.SetHeader(spec.header, "content-type", ct[0])
	}
	return nil
}
