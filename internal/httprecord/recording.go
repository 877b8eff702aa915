// Package httprecord records the HTTP exchanges of a workflow run to a file
// and replays them offline, so a workflow that talks to real APIs can be
// regression-tested without network or accounts. Both sides are
// http.RoundTrippers meant for httpx.Options.Transport.
//
// A recording never holds a secret: authentication headers are replaced by
// "REDACTED", and so is every credential value the run resolved wherever it
// appears in a header, URL or body (see Secrets). Replay applies the same
// redaction to the requests it receives before matching them, so a replay
// with placeholder credentials matches a recording made with real ones.
package httprecord

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"unicode/utf8"
)

// FormatVersion is the version written in new recordings.
const FormatVersion = 1

// Recording is the file a run's exchanges are saved to.
type Recording struct {
	Version int `json:"version"`
	// Credentials holds, per credential type the run resolved, the
	// credential's fields with every string value replaced by "REDACTED":
	// replay uses them as placeholder credentials when none are given.
	Credentials map[string]map[string]any `json:"credentials,omitempty"`
	Exchanges   []*Exchange               `json:"exchanges"`
}

// Exchange is one request and what came back: a response, or the error
// the transport returned.
type Exchange struct {
	Request  Request   `json:"request"`
	Response *Response `json:"response,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// Request is a request as the node made it (URL before host mapping).
type Request struct {
	Method string      `json:"method"`
	URL    string      `json:"url"`
	Header http.Header `json:"headers,omitempty"`
	Body
}

// Response is a response as the server sent it.
type Response struct {
	Status int         `json:"status"`
	Header http.Header `json:"headers,omitempty"`
	Body
}

// Body holds a payload in the most readable form that keeps it exact: a
// JSON object or array as is, other UTF-8 text as a string, anything else
// in base64. At most one field is set; none for an empty body.
type Body struct {
	JSON   json.RawMessage `json:"json,omitempty"`
	Text   string          `json:"text,omitempty"`
	Base64 string          `json:"base64,omitempty"`
}

// newBody picks the form of b. A JSON body is kept as JSON only when it is
// already compact, so that replay serves back exactly the bytes received.
func newBody(b []byte) Body {
	if len(b) == 0 {
		return Body{}
	}
	if isJSONContainer(b) {
		var buf bytes.Buffer
		if json.Compact(&buf, b) == nil && bytes.Equal(buf.Bytes(), b) {
			return Body{JSON: append(json.RawMessage(nil), b...)}
		}
	}
	if utf8.Valid(b) {
		return Body{Text: string(b)}
	}
	return Body{Base64: base64.StdEncoding.EncodeToString(b)}
}

func isJSONContainer(b []byte) bool {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return false
	}
	return json.Valid(t)
}

// Bytes returns the payload (JSON compacted).
func (b Body) Bytes() ([]byte, error) {
	switch {
	case len(b.JSON) > 0:
		var buf bytes.Buffer
		if err := json.Compact(&buf, b.JSON); err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
		return buf.Bytes(), nil
	case b.Base64 != "":
		out, err := base64.StdEncoding.DecodeString(b.Base64)
		if err != nil {
			return nil, fmt.Errorf("body: base64: %w", err)
		}
		return out, nil
	}
	return []byte(b.Text), nil
}

func (b *Body) compact() {
	var buf bytes.Buffer
	if len(b.JSON) > 0 && json.Compact(&buf, b.JSON) == nil {
		b.JSON = buf.Bytes()
	}
}

// Load reads a recording file.
func Load(path string) (*Recording, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("http recording: %w", err)
	}
	var rec Recording
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("http recording %s: %w", path, err)
	}
	if rec.Version != FormatVersion {
		return nil, fmt.Errorf("http recording %s: format version %d, this n8n-go reads version %d", path, rec.Version, FormatVersion)
	}
	for i, ex := range rec.Exchanges {
		if ex == nil || ex.Request.Method == "" || ex.Request.URL == "" {
			return nil, fmt.Errorf("http recording %s: exchange %d has no request method or URL", path, i)
		}
		if ex.Response == nil && ex.Error == "" {
			return nil, fmt.Errorf("http recording %s: exchange %d has neither a response nor an error", path, i)
		}
		// The file is indented; bodies are kept compact in memory.
		ex.Request.Body.compact()
		if ex.Response != nil {
			ex.Response.Body.compact()
		}
	}
	return &rec, nil
}

// WriteFile saves the recording as indented JSON (HTML characters are not
// escaped, so JSON bodies keep their bytes).
func (r *Recording) WriteFile(path string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("http recording: encode: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("http recording: %w", err)
	}
	return nil
}
