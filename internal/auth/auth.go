// Package auth is the one credentials/auth layer every API node uses: each
// credential type is a small declarative Rule (where its secret goes on a
// request, its base URL and test request, its rate limit), the way n8n's
// credential types declare `authenticate`, and Apply puts a credential on
// an outgoing request. Nodes look rules up by type; they never place
// secrets themselves.
package auth

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Credential is a decrypted credential's data, as the store returns it.
type Credential = map[string]any

// Target is what authentication may change on an outgoing request.
type Target struct {
	// Header holds the request headers, names as written (n8n sends names
	// as given; servers compare them case-insensitively).
	Header http.Header
	// Query holds the query parameters in order.
	Query *data.Object
	// Body is the request body when it is an object (JSON or form), nil
	// otherwise; BodyChanged reports that Apply added fields to it.
	Body        *data.Object
	BodyChanged bool
	// Digest, when set, asks the sender to answer a Digest challenge with
	// these user and password (n8n's sendImmediately: false).
	Digest *Basic
}

// Basic is a user and password.
type Basic struct{ User, Password string }

// Field is one templated name and value, e.g. {"Authorization", "=Bearer {{$credentials.apiKey}}"}.
type Field struct{ Name, Value string }

// Rate is a token bucket: PerSecond on average, Burst at once.
type Rate struct {
	PerSecond float64
	Burst     int
}

// Test is the request that checks a credential.
type Test struct {
	Method string
	URL    string
}

// Rule is one credential type's authentication.
type Rule struct {
	Type string
	// Headers and Query are set from templates over the credential's fields
	// (n8n's authenticate.properties.headers / qs).
	Headers []Field
	Query   []Field
	// BasicAuth, when set, sends HTTP Basic with these templates for user
	// and password (n8n's authenticate.properties.auth).
	BasicAuth *Field
	// Func is for the types whose n8n authenticate is code; it runs after
	// Headers, Query and BasicAuth.
	Func func(c Credential, t *Target) error
	// BaseURL is the API's base, a template ("={{$credentials.url}}/v1") or
	// a constant; Test is relative to it.
	BaseURL string
	Test    Test
	// Rate is the API's documented limit per credential (zero: none).
	Rate Rate
	// OAuth2, when set, makes this an OAuth2 type: requests carry the
	// stored access token, which is renewed on a 401.
	OAuth2 *OAuth2
	// OAuth1, when set, makes this an OAuth1 type: the sender signs each
	// request with OAuth1.Sign once its URL and parameters are final.
	OAuth1 *OAuth1
}

// Apply puts credential c on t as the rule says.
func (r *Rule) Apply(c Credential, t *Target) error {
	if t.Header == nil {
		t.Header = http.Header{}
	}
	for _, f := range r.Headers {
		name := Expand(f.Name, c)
		if name == "" {
			continue
		}
		SetHeader(t.Header, name, Expand(f.Value, c))
	}
	if len(r.Query) > 0 && t.Query == nil {
		t.Query = data.NewObject(len(r.Query))
	}
	for _, f := range r.Query {
		t.Query.Set(Expand(f.Name, c), Expand(f.Value, c))
	}
	if r.BasicAuth != nil {
		SetHeader(t.Header, "Authorization", BasicHeader(Expand(r.BasicAuth.Name, c), Expand(r.BasicAuth.Value, c)))
	}
	if r.OAuth2 != nil {
		SetHeader(t.Header, "Authorization", "Bearer "+AccessToken(c))
	}
	if r.Func != nil {
		return r.Func(c, t)
	}
	return nil
}

// BaseURLFor is the rule's base URL for credential c, without a trailing slash.
func (r *Rule) BaseURLFor(c Credential) string {
	return strings.TrimSuffix(Expand(r.BaseURL, c), "/")
}

// ApplyHTTP applies the rule to a request built by a node's own client:
// headers are set and query parameters appended to the URL.
func (r *Rule) ApplyHTTP(c Credential, req *http.Request) error {
	t := Target{Header: req.Header}
	if err := r.Apply(c, &t); err != nil {
		return err
	}
	if t.Query.Len() > 0 {
		q := req.URL.RawQuery
		for k, v := range t.Query.All() {
			if q != "" {
				q += "&"
			}
			q += url.QueryEscape(k) + "=" + url.QueryEscape(String(v))
		}
		req.URL.RawQuery = q
	}
	return nil
}

// BasicHeader is the Authorization value for HTTP Basic.
func BasicHeader(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

// String is a credential field as text (n8n's String(value)).
func String(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", x), "0"), ".")
	default:
		return fmt.Sprint(x)
	}
}

// Expand evaluates a credential template: a value starting with "=" has
// each {{ $credentials.field }} (or $credentials?.field) replaced by that
// field; anything else is a constant. Only field references are
// supported, which is all the rules use.
func Expand(tmpl string, c Credential) string {
	s, ok := strings.CutPrefix(tmpl, "=")
	if !ok {
		return tmpl
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		ref := strings.TrimSpace(s[i+2 : i+j])
		ref = strings.TrimPrefix(strings.TrimPrefix(ref, "$credentials?."), "$credentials.")
		b.WriteString(String(c[ref]))
		s = s[i+j+2:]
	}
}

// SetHeader sets a header keeping the name's spelling, replacing any
// spelling of the same name.
func SetHeader(h http.Header, name, value string) {
	for k := range h {
		if http.CanonicalHeaderKey(k) == http.CanonicalHeaderKey(name) {
			delete(h, k)
		}
	}
	h[name] = []string{value}
}

// HasHeader reports whether h has name in any spelling.
func HasHeader(h http.Header, name string) bool {
	for k := range h {
		if http.CanonicalHeaderKey(k) == http.CanonicalHeaderKey(name) {
			return true
		}
	}
	return false
}

// Secrets returns the credential's non-empty string values, longest
// first, so anything a node reports can have them replaced (a longer
// secret containing a shorter one is hidden whole).
func Secrets(c Credential) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if x != "" {
				out = append(out, x)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case *data.Object:
			for _, e := range x.All() {
				walk(e)
			}
		}
	}
	for _, v := range c {
		walk(v)
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}
