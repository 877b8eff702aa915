// Package credauth applies n8n credential types' authentication to
// outgoing requests (the types' `authenticate` blocks): the one place the
// HTTP Request node and the Code node's
// helpers.httpRequestWithAuthentication share.
package credauth

import (
	"encoding/base64"
	"fmt"
	"net/http"
)

// Target is what authentication may change on a request before it is
// sent: headers (name as given) and query parameters.
type Target struct {
	Header   http.Header
	SetQuery func(name, value string)
}

// Func applies one credential type's authentication.
type Func func(cred map[string]any, t Target)

// String reads a credential field as a string.
func String(cred map[string]any, k string) string {
	switch v := cred[k].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// SetHeader sets a header keeping the name's spelling (n8n sends names as
// written; HTTP/1 servers treat them case-insensitively).
func SetHeader(h http.Header, name, value string) {
	for k := range h {
		if http.CanonicalHeaderKey(k) == http.CanonicalHeaderKey(name) {
			delete(h, k)
		}
	}
	h[name] = []string{value}
}

// HasHeader reports whether h has a header of that name in any spelling.
func HasHeader(h http.Header, name string) bool {
	for k := range h {
		if http.CanonicalHeaderKey(k) == http.CanonicalHeaderKey(name) {
			return true
		}
	}
	return false
}

// Predefined returns the authentication of a predefined credential type
// (nil when n8n-go does not know it). Adding a type is one line.
func Predefined(typ string) Func { return predefined[typ] }

// Generic returns the authentication of a genericAuthType (nil when
// unknown).
func Generic(typ string) Func { return generic[typ] }

var predefined = map[string]Func{
	"clockifyApi": func(c map[string]any, t Target) { SetHeader(t.Header, "X-Api-Key", String(c, "apiKey")) },
	"notionApi": func(c map[string]any, t Target) {
		// n8n's NotionApi.authenticate: note the trailing space.
		SetHeader(t.Header, "Authorization", "Bearer "+String(c, "apiKey")+" ")
		if !HasHeader(t.Header, "Notion-Version") {
			SetHeader(t.Header, "Notion-Version", "2022-02-22")
		}
	},
	"httpHeaderAuth": headerAuth,
	"httpBasicAuth":  basicAuth,
	"httpQueryAuth":  queryAuth,
	"httpBearerAuth": bearerAuth,
}

var generic = map[string]Func{
	"httpHeaderAuth": headerAuth,
	"httpBasicAuth":  basicAuth,
	"httpQueryAuth":  queryAuth,
	"httpBearerAuth": bearerAuth,
}

func headerAuth(c map[string]any, t Target) {
	SetHeader(t.Header, String(c, "name"), String(c, "value"))
}

func basicAuth(c map[string]any, t Target) {
	tok := base64.StdEncoding.EncodeToString([]byte(String(c, "user") + ":" + String(c, "password")))
	SetHeader(t.Header, "Authorization", "Basic "+tok)
}

func queryAuth(c map[string]any, t Target) { t.SetQuery(String(c, "name"), String(c, "value")) }

func bearerAuth(c map[string]any, t Target) {
	SetHeader(t.Header, "Authorization", "Bearer "+String(c, "token"))
}

// Secrets returns the credential's non-empty string values, to redact
// them from anything reported.
func Secrets(cred map[string]any) []string {
	var out []string
	for _, v := range cred {
		if s, ok := v.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}
