package credentials

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Hidden replaces a secret in what n8n-go writes.
const Hidden = "**hidden**"

// minSecret is the shortest credential string scrubbed. Shorter strings
// are options ("us", "none"), not secrets, and hiding them would corrupt
// ordinary output.
const minSecret = 6

// optionFields are credential fields that hold settings, not secrets.
var optionFields = map[string]bool{
	"authType": true, "region": true, "domain": true, "url": true, "baseUrl": true, "host": true,
	"port": true, "algorithm": true, "user": true, "username": true, "email": true, "keyType": true, "name": true, "allowedDomains": true,
	"allowedHttpRequestDomains": true, "environment": true, "scope": true, "grantType": true,
}

// Scrubber removes every secret n8n-go holds, and the forms derived from
// it that reach the wire (Basic token, Bearer header, URL and JSON
// encodings, base64), from text before it is written: logs, errors, run
// data, recordings, the executions store. It is safe for concurrent use.
type Scrubber struct {
	mu    sync.RWMutex
	seen  map[string]bool
	forms []string // longest first
	// rep replaces every form in one pass over the text (a trie, tried
	// longest first, so a form that contains another is hidden whole),
	// instead of one scan per form; nil until needed after an Add.
	rep *strings.Replacer
}

// NewScrubber returns a Scrubber for the given secret values.
func NewScrubber(secrets ...string) *Scrubber {
	s := &Scrubber{seen: map[string]bool{}}
	s.Add(secrets...)
	return s
}

// Scrubber returns a Scrubber for every credential and environment
// shortcut of the store.
func (s *Store) Scrubber() *Scrubber {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sc := NewScrubber()
	for _, c := range s.creds {
		sc.AddCredential(c.Data)
	}
	for _, sh := range s.short {
		sc.Add(s.env[sh.Var])
	}
	return sc
}

// Add registers secret values and their derived forms.
func (s *Scrubber) Add(secrets ...string) {
	var forms []string
	for _, v := range secrets {
		forms = append(forms, derived(v)...)
	}
	s.addForms(forms)
}

// AddCredential registers the secret strings of a credential's data, and
// the Basic token of a user/password pair.
func (s *Scrubber) AddCredential(data map[string]any) { s.addForms(CredentialForms(data)) }

// CredentialForms lists the secret strings of a credential's data with
// their derived forms, and the Basic token of a user/password pair.
func CredentialForms(data map[string]any) []string {
	var forms []string
	var walk func(k string, v any)
	walk = func(k string, v any) {
		switch x := v.(type) {
		case string:
			if !optionFields[k] {
				forms = append(forms, derived(x)...)
			}
		case map[string]any:
			for k2, e := range x {
				walk(k2, e)
			}
		case []any:
			for _, e := range x {
				walk(k, e)
			}
		}
	}
	for k, v := range data {
		walk(k, v)
	}
	user, _ := data["user"].(string)
	if user == "" {
		user, _ = data["username"].(string)
	}
	if pass, _ := data["password"].(string); pass != "" {
		pair := []byte(user + ":" + pass)
		forms = append(forms, base64.StdEncoding.EncodeToString(pair), base64.URLEncoding.EncodeToString(pair))
	}
	return forms
}

// derived lists a secret and the encodings it may be written in.
func derived(v string) []string {
	if len(v) < minSecret {
		return nil
	}
	out := []string{v, url.QueryEscape(v), url.PathEscape(v),
		base64.StdEncoding.EncodeToString([]byte(v)), base64.RawURLEncoding.EncodeToString([]byte(v))}
	for _, html := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		if enc.Encode(v) == nil {
			q := strings.TrimSuffix(b.String(), "\n")
			out = append(out, q[1:len(q)-1])
		}
	}
	return out
}

func (s *Scrubber) addForms(forms []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	for _, f := range forms {
		if len(f) >= minSecret && !s.seen[f] {
			s.seen[f] = true
			s.forms = append(s.forms, f)
		}
	}
	s.rep = nil // rebuilt on first use
}

// replacer returns the replacer of the current forms, building it once
// after forms were added.
func (s *Scrubber) replacer() *strings.Replacer {
	s.mu.RLock()
	rep := s.rep
	s.mu.RUnlock()
	if rep != nil {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rep == nil {
		sort.SliceStable(s.forms, func(i, j int) bool { return len(s.forms[i]) > len(s.forms[j]) })
		pairs := make([]string, 0, 2*len(s.forms))
		for _, f := range s.forms {
			pairs = append(pairs, f, Hidden)
		}
		s.rep = strings.NewReplacer(pairs...)
	}
	return s.rep
}

// Forms lists every registered form, longest first.
func (s *Scrubber) Forms() []string {
	if s == nil {
		return nil
	}
	s.replacer() // sorts the forms
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.forms...)
}

// Empty reports whether no secret is registered.
func (s *Scrubber) Empty() bool {
	if s == nil {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.forms) == 0
}

// String returns text with every registered form replaced by Hidden.
func (s *Scrubber) String(text string) string {
	if s.Empty() {
		return text
	}
	return s.replacer().Replace(text)
}

// Bytes is String for bytes; b is returned as is when it holds no secret.
func (s *Scrubber) Bytes(b []byte) []byte {
	if s.Empty() {
		return b
	}
	in := string(b)
	if out := s.replacer().Replace(in); out != in {
		return []byte(out)
	}
	return b
}

// Writer returns a writer that scrubs each Write before passing it on.
// Writers such as slog handlers and fmt.Fprint write whole records, so a
// secret is never split across two calls.
func (s *Scrubber) Writer(w io.Writer) io.Writer {
	if s == nil {
		return w
	}
	return &scrubWriter{s: s, w: w}
}

type scrubWriter struct {
	s *Scrubber
	w io.Writer
}

func (sw *scrubWriter) Write(p []byte) (int, error) {
	if _, err := sw.w.Write(sw.s.Bytes(append([]byte(nil), p...))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// StreamWriter scrubs a stream written in arbitrary pieces (run data
// encoded as it goes) without holding it whole: it keeps back only as many
// bytes as the longest secret form is long, less one, so a secret split
// between two writes is still found. Close writes the rest.
func (s *Scrubber) StreamWriter(w io.Writer) io.WriteCloser {
	if s.Empty() {
		return nopCloser{w}
	}
	forms := s.Forms()
	return &streamScrubber{s: s, w: w, keep: len(forms[0]) - 1}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// ReadFrom lets io.Copy reach the destination's own ReadFrom (a file
// copies from a file in the kernel).
func (n nopCloser) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := n.Writer.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{n.Writer}, r)
}

type streamScrubber struct {
	s       *Scrubber
	w       io.Writer
	keep    int
	pending []byte
}

func (ss *streamScrubber) Write(p []byte) (int, error) {
	ss.pending = append(ss.pending, p...)
	if len(ss.pending) < 64<<10 {
		return len(p), nil
	}
	// A form that ends inside the kept tail may continue in the next
	// write; every form ending before it is complete and replaced now.
	out := ss.s.Bytes(ss.pending)
	cut := max(len(out)-ss.keep, 0)
	if _, err := ss.w.Write(out[:cut]); err != nil {
		return 0, err
	}
	ss.pending = append(ss.pending[:0], out[cut:]...)
	return len(p), nil
}

func (ss *streamScrubber) Close() error {
	_, err := ss.w.Write(ss.s.Bytes(ss.pending))
	ss.pending = nil
	return err
}
