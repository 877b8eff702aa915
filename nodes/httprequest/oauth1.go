package httprequest

import (
	"net/http"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
)

// oauth1Signer signs an item's request (oAuth1Api) when it is sent, so a
// page's changed query is signed too.
type oauth1Signer struct {
	o    *auth.OAuth1
	cred auth.Credential
	// form is the form-urlencoded body, which the signature covers.
	form *data.Object
}

// useOAuth1 checks the credential is connected and makes spec signed.
func useOAuth1(spec *requestSpec, rule *auth.Rule, cred auth.Credential, i int) error {
	if !rule.OAuth1.Connected(cred) {
		return engine.OperationError(i, "OAuth credentials not connected")
	}
	spec.oauth1 = &oauth1Signer{o: rule.OAuth1, cred: cred}
	return nil
}

// finishOAuth1 gives an OAuth1 request the headers n8n sends with one:
// n8n's requestOAuth1 replaces every header by the Authorization it
// computes, so the node's headers (and its accept) are dropped, and the
// HTTP client adds an accept and the body's content type (recorded:
// oauth1).
func finishOAuth1(spec *requestSpec, accept string, form *data.Object) {
	if spec.oauth1 == nil {
		return
	}
	spec.oauth1.form = form
	h := http.Header{}
	for k, v := range spec.header {
		if strings.EqualFold(k, "content-type") {
			h["content-type"] = v
		}
	}
	h["accept"] = []string{accept}
	spec.header = h
}

// sign is the request's Authorization header, drawn now.
func (s *oauth1Signer) sign(spec *requestSpec) string {
	return s.o.Sign(s.cred, auth.OAuth1Request{Method: spec.method, URL: spec.url, Query: spec.query, Form: s.form})
}
