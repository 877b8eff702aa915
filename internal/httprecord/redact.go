package httprecord

import (
	"net/http"
	"sort"
	"strings"
	"sync"

	creds "github.com/n8n-go/n8n-go/engine/credentials"
)

// Redacted replaces every secret in a recording.
const Redacted = "REDACTED"

// minEmbedded is the shortest secret replaced inside a longer value (URL,
// body, "Bearer …" header). Shorter credential strings are usually options
// ("header", "us"), not secrets; they are replaced only where a header value
// equals them exactly.
const minEmbedded = 6

// Secrets collects the credential values of a run so they can be scrubbed
// from what is recorded. It is safe for concurrent use; the zero value is
// ready.
type Secrets struct {
	mu     sync.Mutex
	values map[string]bool
	// sorted lists the values longest first, so a secret that contains
	// another is replaced whole.
	sorted []string
	shapes map[string]map[string]any
}

// AddCredential registers every string in a resolved credential's data as a
// secret and remembers the credential's shape (its fields, strings
// redacted) for Recording.Credentials.
func (s *Secrets) AddCredential(typ string, data map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = map[string]bool{}
		s.shapes = map[string]map[string]any{}
	}
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case string:
			if x != "" && x != Redacted && !s.values[x] {
				s.values[x] = true
				s.sorted = append(s.sorted, x)
			}
			return Redacted
		case map[string]any:
			out := make(map[string]any, len(x))
			for k, e := range x {
				out[k] = walk(e)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = walk(e)
			}
			return out
		}
		return v
	}
	shape, _ := walk(data).(map[string]any)
	// The encodings of the secrets that reach the wire (Basic token, URL
	// and JSON escapes, base64) are secrets too.
	for _, f := range creds.CredentialForms(data) {
		if !s.values[f] {
			s.values[f] = true
			s.sorted = append(s.sorted, f)
		}
	}
	if _, seen := s.shapes[typ]; !seen {
		s.shapes[typ] = shape
	}
	sort.SliceStable(s.sorted, func(i, j int) bool { return len(s.sorted[i]) > len(s.sorted[j]) })
}

// AddValues registers secret values without a credential shape.
func (s *Secrets) AddValues(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = map[string]bool{}
		s.shapes = map[string]map[string]any{}
	}
	for _, v := range values {
		if v != "" && v != Redacted && !s.values[v] {
			s.values[v] = true
			s.sorted = append(s.sorted, v)
		}
	}
	sort.SliceStable(s.sorted, func(i, j int) bool { return len(s.sorted[i]) > len(s.sorted[j]) })
}

// Shapes returns the redacted shape of each credential type registered.
func (s *Secrets) Shapes() map[string]map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.shapes) == 0 {
		return nil
	}
	out := make(map[string]map[string]any, len(s.shapes))
	for k, v := range s.shapes {
		out[k] = v
	}
	return out
}

// Text replaces every registered secret of at least minEmbedded characters
// inside text.
func (s *Secrets) Text(text string) string {
	if s == nil || text == "" {
		return text
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.sorted {
		if len(v) >= minEmbedded && strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, Redacted)
		}
	}
	return text
}

func (s *Secrets) isSecret(v string) bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.values[v]
}

// authHeaders are always redacted, whatever their value.
var authHeaders = map[string]bool{
	"Authorization": true, "Proxy-Authorization": true, "X-Api-Key": true,
	"Cookie": true, "Set-Cookie": true,
}

// sensitiveName reports whether a header name suggests a secret
// (X-Auth-Token, X-Client-Secret, Api-Key, X-Password…).
func sensitiveName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"token", "secret", "apikey", "api-key", "password", "auth", "session", "signature"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// Header returns a copy of h with secrets redacted: authentication and
// cookie headers, headers whose name suggests a secret, headers whose value
// is a registered secret, and registered secrets inside other values.
func (s *Secrets) Header(h http.Header) http.Header {
	if len(h) == 0 {
		return nil
	}
	out := make(http.Header, len(h))
	for name, vals := range h {
		canon := http.CanonicalHeaderKey(name)
		red := make([]string, len(vals))
		for i, v := range vals {
			switch {
			case authHeaders[canon] || sensitiveName(canon) || s.isSecret(v):
				red[i] = Redacted
			default:
				red[i] = s.Text(v)
			}
		}
		out[canon] = red
	}
	return out
}
