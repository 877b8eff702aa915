package httprequest

import (
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/n8n-go/n8n-go/engine/data"
)

// outgoing is what authentication may change on a request before it is
// sent: headers (name as given) and query parameters.
type outgoing struct {
	header http.Header
	query  *data.Object
}

// credentialAuth applies one credential type's authentication, as the
// type's `authenticate` block does in n8n.
type credentialAuth func(cred map[string]any, req *outgoing)

func credString(cred map[string]any, k string) string {
	switch v := cred[k].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// setHeader sets a header keeping the name's spelling (n8n sends names as
// written; HTTP/1 servers treat them case-insensitively).
func setHeader(h http.Header, name, value string) {
	for k := range h {
		if http.CanonicalHeaderKey(k) == http.CanonicalHeaderKey(name) {
			delete(h, k)
		}
	}
	h[name] = []string{value}
}

func hasHeader(h http.Header, name string) bool {
	for k := range h {
		if http.CanonicalHeaderKey(k) == http.CanonicalHeaderKey(name) {
			return true
		}
	}
	return false
}

// predefined maps a predefined credential type (the node's
// nodeCredentialType) to its authentication. Adding a type is one line.
var predefined = map[string]credentialAuth{
	"clockifyApi": func(c map[string]any, r *outgoing) { setHeader(r.header, "X-Api-Key", credString(c, "apiKey")) },
	"notionApi": func(c map[string]any, r *outgoing) {
		// n8n's NotionApi.authenticate: note the trailing space.
		setHeader(r.header, "Authorization", "Bearer "+credString(c, "apiKey")+" ")
		if !hasHeader(r.header, "Notion-Version") {
			setHeader(r.header, "Notion-Version", "2022-02-22")
		}
	},
	"httpHeaderAuth": genericAuth["httpHeaderAuth"],
	"httpBasicAuth":  genericAuth["httpBasicAuth"],
	"httpQueryAuth":  genericAuth["httpQueryAuth"],
	"httpBearerAuth": genericAuth["httpBearerAuth"],
}

// genericAuth maps genericAuthType values to their authentication.
var genericAuth = map[string]credentialAuth{
	"httpHeaderAuth": func(c map[string]any, r *outgoing) {
		setHeader(r.header, credString(c, "name"), credString(c, "value"))
	},
	"httpBasicAuth": func(c map[string]any, r *outgoing) {
		tok := base64.StdEncoding.EncodeToString([]byte(credString(c, "user") + ":" + credString(c, "password")))
		setHeader(r.header, "Authorization", "Basic "+tok)
	},
	"httpQueryAuth": func(c map[string]any, r *outgoing) {
		r.query.Set(credString(c, "name"), credString(c, "value"))
	},
	"httpBearerAuth": func(c map[string]any, r *outgoing) {
		setHeader(r.header, "Authorization", "Bearer "+credString(c, "token"))
	},
}

// secrets returns the credential's non-empty string values, to redact
// them from anything the node reports.
func secrets(cred map[string]any) []string {
	var out []string
	for _, v := range cred {
		if s, ok := v.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}
