package httprequest

import (
	"net/http"

	"github.com/n8n-go/n8n-go/internal/credauth"
)

// Credential authentication lives in internal/credauth (shared with the
// Code node's helpers); these are the node's shorthands for it.

type credentialAuth = credauth.Func

func setHeader(h http.Header, name, value string) { credauth.SetHeader(h, name, value) }

func secrets(cred map[string]any) []string { return credauth.Secrets(cred) }

// applyAuth runs auth on the request being prepared.
func applyAuth(auth credentialAuth, cred map[string]any, spec *requestSpec) {
	auth(cred, credauth.Target{Header: spec.header, SetQuery: func(k, v string) { spec.query.set(k, v) }})
}
