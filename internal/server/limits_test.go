package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

type countingBody struct{ left, read int }

func (c *countingBody) Read(p []byte) (int, error) {
	if c.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), c.left)
	c.left -= n
	c.read += n
	return n, nil
}

func (c *countingBody) Close() error { return nil }

// Issue 21 item 11: webhook bodies were read before authentication (100
// concurrent 15 MB bodies with a wrong token took 1.7 GB). A refused caller's
// body is now never read.
func TestWrongAuthDoesNotReadTheBody(t *testing.T) {
	c := creds{"httpHeaderAuth": {"name": "X-Key", "value": "secret"}}
	s, _ := newTestServer(t, nil, Options{Credentials: c},
		wf("header", webhookNode(`{"path":"h","authentication":"headerAuth","httpMethod":"POST"}`)))
	for _, key := range []string{"", "wrong"} {
		body := &countingBody{left: 15 << 20}
		req := httptest.NewRequest("POST", "/webhook/h", nil)
		req.Body = body
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("X-Key", key)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden || body.read != 0 {
			t.Fatalf("key %q: %d, %d body bytes read", key, rec.Code, body.read)
		}
	}
}
